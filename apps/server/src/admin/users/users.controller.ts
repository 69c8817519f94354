import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CreateUserDto, LoginThrottleService, MfaService, UpdateUserDto, type User, UsersService } from '@escale/auth';
import { CentresService } from '@escale/centres';
import { type Actor, DomainError, type Locale, PageQuery, ROLES, translate } from '@escale/platform';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { type FieldSpec, FormReader, type FormProblem, formProblem, pagination, queryString, renderPage, validated } from '../forms.js';
import { NewUserForm, UserAccessForm, UserPageQuery } from './users.forms.js';

const USER_FIELDS: Record<string, FieldSpec> = {
  email: { id: 'user-email', message: 'fieldError.userEmail' },
  name: { id: 'user-name', message: 'fieldError.userName' },
  role: { id: 'user-role', message: 'fieldError.userRole' },
  password: { id: 'user-password', message: 'fieldError.userPassword' },
  centreIds: { id: 'user-centres', message: 'fieldError.userCentres' },
};

/** More centres than any deployment has; the checkboxes offer them all. */
const CENTRES_OFFERED = 500;
/** The lockouts read to find an account's, as the lockouts page reads them. */
const LOCKOUTS_READ = 500;

/** Administrators' pages of user accounts: the same services as the API, so pages and API agree. */
@ApiExcludeController()
@Controller('users')
export class UsersPageController {
  constructor(
    private readonly users: UsersService,
    private readonly mfa: MfaService,
    private readonly throttle: LoginThrottleService,
    private readonly centres: CentresService,
  ) {}

  @Roles('admin')
  @Get()
  async list(@CurrentActor() actor: Actor, @Query() query: PageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const [page, centres] = await Promise.all([this.users.listUsers(actor, query.limit, query.offset), this.centreNames(actor)]);
    renderPage(response, 'admin/users/list', {
      title: translate(request.locale!, 'users.title'),
      users: page.items.map((user) => this.userRow(user, centres, actor)),
      pagination: pagination(page, (offset) => `/users${queryString({ offset })}`),
    });
  }

  @Roles('admin')
  @Get('new')
  async newPage(@CurrentActor() actor: Actor, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.renderNew(response, actor, request.locale!, {});
  }

  @Roles('admin')
  @Post()
  async create(@CurrentActor() actor: Actor, @Body() form: NewUserForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(CreateUserDto, {
        email: read.text(form.email),
        name: read.text(form.name),
        role: read.text(form.role),
        password: form.password || undefined,
        centreIds: form.centreIds ?? [],
      });
      const user = await this.users.createUser(actor, input);
      response.redirect(303, `/users/${user.id}?done=created`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, USER_FIELDS, { EMAIL_TAKEN: 'user-email' });
      await this.renderNew(response, actor, request.locale!, { ...form, password: '' }, problem);
    }
  }

  @Roles('admin')
  @Get(':id')
  async show(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: UserPageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.renderShow(response, actor, id, request.locale!, { notice: query.done ? `users.done.${query.done}` : undefined });
  }

  /** The role and the centres. */
  @Roles('admin')
  @Post(':id')
  async setAccess(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: UserAccessForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(UpdateUserDto, { role: read.text(form.role) ?? '', centreIds: form.centreIds ?? [] });
      await this.users.updateUser(actor, id, input);
      response.redirect(303, `/users/${id}?done=access`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, USER_FIELDS, { LAST_ADMIN: 'user-role' });
      await this.renderShow(response, actor, id, request.locale!, { values: form, problem });
    }
  }

  @Roles('admin')
  @Post(':id/disable')
  async disable(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.setDisabled(actor, id, true, request.locale!, response);
  }

  @Roles('admin')
  @Post(':id/enable')
  async enable(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.setDisabled(actor, id, false, request.locale!, response);
  }

  /** Lifts every lockout of the account (from whichever address), as the lockouts page does one by one. */
  @Roles('admin')
  @Post(':id/unlock')
  async unlock(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Res() response: Response): Promise<void> {
    const user = await this.users.getUser(actor, id);
    const lockouts = await this.accountLockouts(actor, user.id);
    for (const lockout of lockouts) {
      try {
        await this.throttle.unlock(actor, lockout.id);
      } catch (error) {
        // Expired between the list and the unlock: nothing left to lift.
        if (!(error instanceof DomainError && error.code === 'NOT_FOUND')) throw error;
      }
    }
    response.redirect(303, `/users/${user.id}?done=${lockouts.length ? 'unlocked' : 'not-locked'}`);
  }

  @Roles('admin')
  @Post(':id/mfa-reset')
  async resetMfa(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const user = await this.users.getUser(actor, id);
    try {
      await this.mfa.reset(actor, user.id);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'FORBIDDEN')) throw error;
      const message = translate(request.locale!, 'users.mfa.ownCodeFirst');
      return this.renderShow(response, actor, id, request.locale!, { problem: { status: 403, code: 'FORBIDDEN', message, items: [], fields: {} } });
    }
    response.redirect(303, `/users/${user.id}?done=mfa-reset`);
  }

  private async setDisabled(actor: Actor, id: string, disabled: boolean, locale: Locale, response: Response): Promise<void> {
    try {
      await this.users.updateUser(actor, id, { disabled });
      response.redirect(303, `/users/${id}?done=${disabled ? 'disabled' : 'enabled'}`);
    } catch (error) {
      const problem = formProblem(error, locale, { disabled: { id: 'user-disable', message: 'fieldError.disableSelf' } }, { LAST_ADMIN: 'user-disable' });
      await this.renderShow(response, actor, id, locale, { problem });
    }
  }

  private async accountLockouts(actor: Actor, userId: string) {
    const page = await this.throttle.listLockouts(actor, LOCKOUTS_READ, 0);
    return page.items.filter((lockout) => lockout.kind === 'account' && lockout.userId === userId);
  }

  private async centreNames(actor: Actor): Promise<Map<string, { id: string; code: string; name: string }>> {
    const page = await this.centres.listCentres(actor, CENTRES_OFFERED, 0);
    return new Map(page.items.map((centre) => [centre.id, { id: centre.id, code: centre.code, name: centre.name }]));
  }

  private userRow(user: User, centres: Map<string, { code: string; name: string }>, actor: Actor) {
    return {
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      centres: user.centreIds.map((id) => centres.get(id)).filter(Boolean),
      disabled: user.disabledAt !== null,
      mfaEnabled: Boolean(user.totpEnabledAt),
      lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
      isSelf: user.id === actor.userId,
    };
  }

  private async renderNew(response: Response, actor: Actor, locale: Locale, values: Partial<NewUserForm>, problem?: FormProblem): Promise<void> {
    const centres = [...(await this.centreNames(actor)).values()];
    const ticked = values.centreIds ?? [];
    renderPage(
      response,
      'admin/users/new',
      {
        title: translate(locale, 'users.new.title'),
        roles: ROLES,
        centres: centres.map((centre) => ({ ...centre, ticked: ticked.includes(centre.id) })),
        values,
        problem,
        errors: problem?.fields ?? {},
      },
      problem?.status ?? 200,
    );
  }

  private async renderShow(response: Response, actor: Actor, id: string, locale: Locale, state: { notice?: string; values?: UserAccessForm; problem?: FormProblem }): Promise<void> {
    const [user, centres] = await Promise.all([this.users.getUser(actor, id), this.centreNames(actor)]);
    const lockouts = await this.accountLockouts(actor, user.id);
    const row = this.userRow(user, centres, actor);
    const ticked = state.values ? (state.values.centreIds ?? []) : user.centreIds;
    renderPage(
      response,
      'admin/users/show',
      {
        title: user.name,
        user: row,
        role: state.values?.role ?? user.role,
        roles: ROLES,
        centres: [...centres.values()].map((centre) => ({ ...centre, ticked: ticked.includes(centre.id) })),
        lockouts,
        notice: state.notice,
        problem: state.problem,
        errors: state.problem?.fields ?? {},
      },
      state.problem?.status ?? 200,
    );
  }
}
