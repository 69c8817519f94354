import { Controller, Get, HttpCode, Post, Render, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { User, UsersService } from '@escale/auth';
import { Clock, DomainError, statusOf, translate } from '@escale/platform';
import { Public } from '../../http/access.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { SESSION_COOKIE } from '../../http/ui-middleware.js';
import { LoginGuard } from './login.guard.js';

const regenerate = (request: EscaleRequest) =>
  new Promise<void>((resolve, reject) => request.session.regenerate((error) => (error ? reject(error) : resolve())));
/** Stores the session before answering: a browser follows a redirect on its headers alone. */
export const saveSession = (request: EscaleRequest) =>
  new Promise<void>((resolve, reject) => request.session.save((error) => (error ? reject(error) : resolve())));
const destroy = (request: EscaleRequest) =>
  new Promise<void>((resolve) => (request.session ? request.session.destroy(() => resolve()) : resolve()));

@ApiExcludeController()
@Public()
@Controller()
export class LoginController {
  constructor(
    private readonly clock: Clock,
    private readonly users: UsersService,
  ) {}

  @Get('login')
  loginPage(@Req() request: EscaleRequest, @Res() response: Response): void {
    if (request.actor) return response.redirect(303, '/');
    const notice = request.query.loggedOut === '1' ? 'login.loggedOut' : undefined;
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
    request.session.userId = user.id;
    request.session.startedAt = this.clock.now().getTime();
    request.session.locale = locale ?? (user.locale === 'en' || user.locale === 'fr' ? user.locale : request.locale);
    if (locale && locale !== user.locale) await this.users.setLocale(user.id, locale);
    await saveSession(request);
    response.redirect(303, '/');
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
