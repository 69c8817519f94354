import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CENTRE_KINDS, CentresService, CreateBedsDto, CreateCentreDto, CreateUnitDto, HOUSINGS } from '@escale/centres';
import { type Actor, type Locale, PageQuery, translate } from '@escale/platform';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { type FieldSpec, FormReader, type FormProblem, formProblem, pagination, queryString, renderPage, validated } from '../forms.js';
import { BedServiceForm, NewBedsForm, NewCentreForm, NewUnitForm } from './centres.forms.js';

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

const bedFields = (unitId: string): Record<string, FieldSpec> => ({ labels: { id: `labels-${unitId}`, message: 'fieldError.labels' } });

/** Which form of the centre page failed, what was typed in it, and what went wrong. */
interface CentreFormState {
  form?: string;
  values?: object;
  problem?: FormProblem;
}

/** Centres: the list (and, for admins, a new centre), and an admin's page of units and beds. */
@ApiExcludeController()
@Controller('centres')
export class CentresPageController {
  constructor(private readonly centres: CentresService) {}

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
  async manage(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.renderManage(response, actor, id, request.locale!, {});
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

  @Roles('admin')
  @Post(':id/beds/:bedId/service')
  async setBedInService(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Param('bedId', IdPipe) bedId: string,
    @Body() form: BedServiceForm,
    @Req() request: EscaleRequest,
    @Res() response: Response,
  ): Promise<void> {
    try {
      const bed = await this.centres.setBedInService(actor, bedId, form.inService === 'true');
      response.redirect(303, `/centres/${bed.centreId}#bed-${bed.id}`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, {}, { BED_OCCUPIED: `bed-${bedId}` });
      await this.renderManage(response, actor, id, request.locale!, { form: `bed-${bedId}`, problem }, problem.status);
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
            error: errors[`bed-${bed.id}`],
          })),
        })),
        unitValues: state.form === 'unit' ? state.values : {},
        problem: state.problem,
        errors,
      },
      status,
    );
  }
}
