import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { UsersService } from '@escale/auth';
import { CENTRE_KINDS, CentresService, CreateBedsDto, CreateCentreDto, CreateUnitDto, DutyContactsService, HOUSINGS, SetDutyContactsDto } from '@escale/centres';
import { type Actor, AppConfig, isMessageKey, type Locale, PageQuery, translate } from '@escale/platform';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { type FieldSpec, FormReader, type FormProblem, formProblem, pagination, queryString, renderPage, validated } from '../forms.js';
import { CentrePageQuery, DutyContactsForm, NewBedsForm, NewCentreForm, NewUnitForm } from './centres.forms.js';

const CENTRE_FIELDS: Record<string, FieldSpec> = {
  code: { id: 'centre-code', message: 'fieldError.centreCode' },
  name: { id: 'centre-name', message: 'fieldError.centreName' },
  kind: { id: 'centre-kind', message: 'fieldError.centreKind' },
  maxStayDays: { id: 'centre-maxStayDays', message: 'fieldError.maxStayDays' },
  timezone: { id: 'centre-timezone', message: 'fieldError.timezone' },
};

const UNIT_FIELDS: Record<string, FieldSpec> = {
  name: { id: 'unit-name', message: 'fieldError.unitName' },
  housing: { id: 'unit-housing', message: 'fieldError.housing' },
};

const DUTY_CONTACT_FIELDS: Record<string, FieldSpec> = {
  userIds: { id: 'duty-contacts-users', message: 'fieldError.dutyContacts' },
};

/** Users are read in pages of this size to offer the eligible duty contacts. */
const USERS_PER_PAGE = 500;

const roleLabel = (locale: Locale, role: string) => {
  const key = `role.${role}`;
  return isMessageKey(key) ? translate(locale, key) : role;
};

const bedFields = (unitId: string): Record<string, FieldSpec> => ({ labels: { id: `labels-${unitId}`, message: 'fieldError.labels' } });

/** Which form of the centre page failed, what was typed in it, and what went wrong. */
interface CentreFormState {
  done?: CentrePageQuery['done'];
  form?: string;
  values?: object;
  problem?: FormProblem;
}

/** Centres: the list (and, for admins, a new centre), and an admin's page of units and beds. */
@ApiExcludeController()
@Controller('centres')
export class CentresPageController {
  constructor(
    private readonly centres: CentresService,
    private readonly dutyContacts: DutyContactsService,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  @Roles('admin', 'staff', 'caseworker')
  @Get()
  async list(@CurrentActor() actor: Actor, @Query() query: PageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.renderList(response, actor, request.locale!, query, {});
  }

  @Roles('admin')
  @Post()
  async create(@CurrentActor() actor: Actor, @Body() form: NewCentreForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(CreateCentreDto, {
        code: read.text(form.code)?.toUpperCase(),
        name: read.text(form.name),
        kind: read.text(form.kind),
        maxStayDays: read.integer(form.maxStayDays),
        timezone: read.text(form.timezone),
      });
      const centre = await this.centres.createCentre(actor, input);
      response.redirect(303, `/centres/${centre.id}`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, CENTRE_FIELDS, { CODE_TAKEN: 'centre-code' });
      await this.renderList(response, actor, request.locale!, new PageQuery(), { values: form, problem }, problem.status);
    }
  }

  @Roles('admin')
  @Get(':id')
  async manage(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: CentrePageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.renderManage(response, actor, id, request.locale!, { done: query.done });
  }

  /** Replaces the centre's duty contacts with the users ticked (none ticked: none left). */
  @Roles('admin')
  @Post(':id/duty-contacts')
  async setDutyContacts(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: DutyContactsForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    try {
      const input = await validated(SetDutyContactsDto, { userIds: form.userIds ?? [] });
      await this.dutyContacts.set(actor, id, input.userIds);
      response.redirect(303, `/centres/${id}?done=duty-contacts#duty-contacts`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, DUTY_CONTACT_FIELDS);
      await this.renderManage(response, actor, id, request.locale!, { form: 'duty-contacts', values: form, problem }, problem.status);
    }
  }

  @Roles('admin')
  @Post(':id/units')
  async addUnit(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: NewUnitForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(CreateUnitDto, { name: read.text(form.name), housing: read.text(form.housing) });
      const unit = await this.centres.createUnit(actor, id, input);
      response.redirect(303, `/centres/${id}#unit-${unit.id}`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, UNIT_FIELDS);
      await this.renderManage(response, actor, id, request.locale!, { form: 'unit', values: form, problem }, problem.status);
    }
  }

  @Roles('admin')
  @Post(':id/units/:unitId/beds')
  async addBeds(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Param('unitId', IdPipe) unitId: string,
    @Body() form: NewBedsForm,
    @Req() request: EscaleRequest,
    @Res() response: Response,
  ): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(CreateBedsDto, { labels: read.list(form.labels) });
      const beds = await this.centres.createBeds(actor, unitId, input.labels);
      response.redirect(303, `/centres/${beds[0].centreId}#unit-${unitId}`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, bedFields(unitId));
      await this.renderManage(response, actor, id, request.locale!, { form: `beds-${unitId}`, values: form, problem }, problem.status);
    }
  }

  private async renderList(response: Response, actor: Actor, locale: Locale, query: PageQuery, state: CentreFormState, status = 200): Promise<void> {
    const page = await this.centres.listCentres(actor, query.limit, query.offset);
    renderPage(
      response,
      'admin/centres/list',
      {
        title: translate(locale, 'centres.title'),
        centres: page.items,
        pagination: pagination(page, (offset) => `/centres${queryString({ offset })}`),
        isAdmin: actor.role === 'admin',
        isStaff: actor.role === 'staff',
        kinds: CENTRE_KINDS,
        values: { timezone: 'Europe/Paris', ...state.values },
        problem: state.problem,
        errors: state.problem?.fields ?? {},
      },
      status,
    );
  }

  private async renderManage(response: Response, actor: Actor, centreId: string, locale: Locale, state: CentreFormState, status = 200): Promise<void> {
    const { centre, units } = await this.centres.getLayout(actor, centreId);
    const errors = state.problem?.fields ?? {};
    const contacts = await this.dutyContacts.list(actor, centre.id);
    // After a refused change, the boxes as they were ticked; otherwise the contacts in place.
    const ticked = state.form === 'duty-contacts' ? ((state.values as DutyContactsForm).userIds ?? []) : contacts.map((contact) => contact.userId);
    // Who may be a duty contact, as the service checks it: active administrators, and the centre's own staff and caseworkers.
    const eligible = (await this.allUsers(actor))
      .filter((user) => user.disabledAt === null && (user.role === 'admin' || ((user.role === 'staff' || user.role === 'caseworker') && user.centreIds.includes(centre.id))))
      .sort((a, b) => a.name.localeCompare(b.name, locale) || a.id.localeCompare(b.id));
    renderPage(
      response,
      'admin/centres/manage',
      {
        title: centre.name,
        centre,
        housings: HOUSINGS,
        units: units.map((unit) => ({
          id: unit.id,
          name: unit.name,
          housing: unit.housing,
          labelsValue: state.form === `beds-${unit.id}` ? (state.values as NewBedsForm).labels : '',
          labelsError: errors[`labels-${unit.id}`],
          beds: unit.beds.map((bed) => ({
            id: bed.id,
            label: bed.label,
            position: bed.position,
            inService: bed.inService,
            occupied: bed.occupied,
            state: !bed.inService ? 'out-of-service' : bed.occupied ? 'occupied' : 'free',
            reason: bed.outOfServiceReason,
            note: bed.outOfServiceNote,
            expectedBackOn: bed.expectedBackOn,
          })),
        })),
        unitValues: state.form === 'unit' ? state.values : {},
        notice: state.done ? `manage.done.${state.done}` : undefined,
        escalationMinutes: this.config.alertEscalationMinutes,
        dutyContacts: contacts.map((contact) => ({ ...contact, roleLabel: roleLabel(locale, contact.role) })),
        eligibleUsers: eligible.map((user) => ({ id: user.id, name: user.name, email: user.email, roleLabel: roleLabel(locale, user.role), ticked: ticked.includes(user.id) })),
        dutyContactsError: errors['duty-contacts-users'],
        problem: state.problem,
        errors,
      },
      status,
    );
  }

  /** Every user, page by page: the eligible duty contacts are chosen from them. */
  private async allUsers(actor: Actor) {
    const users = [];
    for (let offset = 0; ; offset += USERS_PER_PAGE) {
      const page = await this.users.listUsers(actor, USERS_PER_PAGE, offset);
      users.push(...page.items);
      if (page.items.length === 0 || offset + page.items.length >= page.total) return users;
    }
  }
}
