import { Controller, Get, HttpCode, Post, Render, Req, Res, UseGuards } from '@nestjs/common';
import { AnyUser, Public } from '../../http/access.decorator.js';
import { originOf } from '../../http/request-context.js';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthService, MfaService, User, UsersService } from '@escale/auth';
import { Clock, DomainError, statusOf, translate } from '@escale/platform';
import type { EscaleRequest } from '../../http/request-context.js';
import { SESSION_COOKIE } from '../../http/ui-middleware.js';
import { LoginGuard } from './login.guard.js';

const regenerate = (request: EscaleRequest) =>
  new Promise<void>((resolve, reject) => request.session.regenerate((error) => (error ? reject(error) : resolve())));
/** Stores the session before answering: a browser follows a redirect on its headers alone. */
export const saveSession = (request: EscaleRequest) =>
  new Promise<void>((resolve, reject) => request.session.save((error) => (error ? reject(error) : resolve())));
/** How long the step between the password and the one-time code may take. */
const MFA_STEP_MS = 5 * 60_000;

const destroy = (request: EscaleRequest) =>
  new Promise<void>((resolve) => (request.session ? request.session.destroy(() => resolve()) : resolve()));

@ApiExcludeController()
@Public()
@Controller()
export class LoginController {
  constructor(
    private readonly clock: Clock,
    private readonly users: UsersService,
    private readonly mfa: MfaService,
    private readonly auth: AuthService,
  ) {}

  @Get('login')
  loginPage(@Req() request: EscaleRequest, @Res() response: Response): void {
    if (request.actor) return response.redirect(303, '/');
    const notice = request.query.loggedOut === '1' ? 'login.loggedOut' : request.query.expired === '1' ? 'mfa.expired' : undefined;
    response.render('admin/login', { title: translate(request.locale!, 'login.title'), notice });
  }

  @Post('login')
  @UseGuards(LoginGuard)
  async login(@Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const user = request.user as User | null;
    if (!user) {
      const error = request.loginError;
      const locked = error instanceof DomainError && error.code === 'TOO_MANY_ATTEMPTS';
      if (!(error instanceof DomainError)) throw error;
      response.status(statusOf(error.code)).render('admin/login', {
        title: translate(request.locale!, 'login.title'),
        error: locked ? 'login.locked' : 'login.failed',
        email: typeof request.body?.email === 'string' ? request.body.email.slice(0, 254) : '',
        csrfToken: response.locals.csrfToken,
      });
      return;
    }
    const locale = request.session.locale;
    await regenerate(request); // a new session id at login: no session fixation
    request.session.locale = locale ?? (user.locale === 'en' || user.locale === 'fr' ? user.locale : request.locale);
    if (locale && locale !== user.locale) await this.users.setLocale(user.id, locale);
    const hasCode = Boolean(user.totpEnabledAt);
    if (this.auth.needsSecondFactor(user)) {
      // The password was right; the session is not signed in until the one-time code is.
      request.session.mfaUserId = user.id;
      request.session.mfaStartedAt = this.clock.now().getTime();
      await saveSession(request);
      return response.redirect(303, hasCode ? '/login/code' : '/login/enrol');
    }
    await this.signIn(request, user.id);
    response.redirect(303, '/');
  }

  @Get('login/code')
  async codePage(@Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    if (!(await this.pendingUser(request, response))) return;
    response.render('admin/mfa/code', { title: translate(request.locale!, 'mfa.code.title') });
  }

  @Post('login/code')
  @HttpCode(200)
  async code(@Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const user = await this.pendingUser(request, response);
    if (!user) return;
    const code = typeof request.body?.code === 'string' ? request.body.code : '';
    let valid: boolean;
    try {
      valid = await this.auth.verifySecondFactor(user, code, originOf(request));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      response.status(statusOf(error.code)).render('admin/mfa/code', { title: translate(request.locale!, 'mfa.code.title'), error: 'login.locked', csrfToken: response.locals.csrfToken });
      return;
    }
    if (!valid) {
      response.status(401).render('admin/mfa/code', { title: translate(request.locale!, 'mfa.code.title'), error: 'mfa.code.failed', csrfToken: response.locals.csrfToken });
      return;
    }
    await this.signIn(request, user.id, true);
    response.redirect(303, '/');
  }

  @Get('login/enrol')
  async enrolPage(@Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const user = await this.pendingUser(request, response);
    if (!user) return;
    if (user.totpEnabledAt) return response.redirect(303, '/login/code');
    const enrolment = await this.mfa.newEnrolment(user);
    request.session.mfaSecret = enrolment.secret;
    await saveSession(request);
    response.render('admin/mfa/enrol', { title: translate(request.locale!, 'mfa.enrol.title'), required: true, action: '/login/enrol', ...enrolment });
  }

  @Post('login/enrol')
  @HttpCode(200)
  async enrol(@Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const user = await this.pendingUser(request, response);
    if (!user) return;
    const secret = request.session.mfaSecret ?? '';
    const code = typeof request.body?.code === 'string' ? request.body.code : '';
    let codes: string[];
    try {
      codes = await this.mfa.confirmEnrolment(user.id, secret, code, originOf(request));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      const enrolment = await this.mfa.newEnrolment(user);
      request.session.mfaSecret = enrolment.secret;
      await saveSession(request);
      response.status(400).render('admin/mfa/enrol', { title: translate(request.locale!, 'mfa.enrol.title'), required: true, action: '/login/enrol', error: 'mfa.enrol.failed', csrfToken: response.locals.csrfToken, ...enrolment });
      return;
    }
    await this.signIn(request, user.id, true);
    response.render('admin/mfa/recovery', { title: translate(request.locale!, 'mfa.recovery.title'), codes });
  }

  /** A signed-in user turns two-factor sign-in on for themselves. */
  @AnyUser()
  @Get('account/security')
  async securityPage(@Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    response.render('admin/mfa/account', { title: translate(request.locale!, 'mfa.account.title'), enabled: await this.mfa.isEnabled(request.actor!.userId) });
  }

  @AnyUser()
  @Get('account/security/enrol')
  async accountEnrolPage(@Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    if (await this.mfa.isEnabled(request.actor!.userId)) return response.redirect(303, '/account/security');
    const enrolment = await this.mfa.newEnrolment(request.currentUser!);
    request.session.mfaSecret = enrolment.secret;
    await saveSession(request);
    response.render('admin/mfa/enrol', { title: translate(request.locale!, 'mfa.enrol.title'), action: '/account/security/enrol', ...enrolment });
  }

  @AnyUser()
  @Post('account/security/enrol')
  @HttpCode(200)
  async accountEnrol(@Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const code = typeof request.body?.code === 'string' ? request.body.code : '';
    try {
      const codes = await this.mfa.confirmEnrolment(request.actor!.userId, request.session.mfaSecret ?? '', code, originOf(request));
      request.session.mfaSecret = undefined;
      await saveSession(request);
      response.render('admin/mfa/recovery', { title: translate(request.locale!, 'mfa.recovery.title'), codes });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      const enrolment = await this.mfa.newEnrolment(request.currentUser!);
      request.session.mfaSecret = enrolment.secret;
      await saveSession(request);
      response.status(400).render('admin/mfa/enrol', { title: translate(request.locale!, 'mfa.enrol.title'), action: '/account/security/enrol', error: 'mfa.enrol.failed', csrfToken: response.locals.csrfToken, ...enrolment });
    }
  }

  /** Signs the session in: a new session id, so nothing from before the login carries over. */
  private async signIn(request: EscaleRequest, userId: string, secondFactor = false): Promise<void> {
    const locale = request.session.locale;
    await regenerate(request);
    request.session.userId = userId;
    request.session.secondFactor = secondFactor;
    request.session.startedAt = this.clock.now().getTime();
    request.session.locale = locale;
    await saveSession(request);
    await this.users.recordSignIn(userId);
  }

  /** The user between password and code, or a redirect to the login page when there is none or it took too long. */
  private async pendingUser(request: EscaleRequest, response: Response): Promise<User | null> {
    const { mfaUserId, mfaStartedAt } = request.session;
    const fresh = mfaUserId && mfaStartedAt && this.clock.now().getTime() - mfaStartedAt < MFA_STEP_MS;
    const user = fresh ? await this.users.findActiveById(mfaUserId) : null;
    if (!user) {
      await destroy(request);
      response.clearCookie(SESSION_COOKIE, { path: '/' });
      response.redirect(303, mfaUserId ? '/login?expired=1' : '/login');
      return null;
    }
    return user;
  }

  @Get('logout')
  @Render('admin/logout')
  logoutPage(@Req() request: EscaleRequest) {
    return { title: translate(request.locale!, 'nav.logout') };
  }

  @Post('logout')
  @HttpCode(303)
  async logout(@Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await destroy(request);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    response.redirect(303, '/login?loggedOut=1');
  }
}
