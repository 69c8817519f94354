import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { CentresService } from '@escale/centres';
import { type Actor, translate } from '@escale/platform';
import { RegisterQuery, registerCsv, RegisterService } from '@escale/stays';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { type FieldSpec, FormReader, type FormProblem, formProblem, FormText, pagination, queryString, renderPage, validated } from '../forms.js';

const PAGE_SIZES = ['50', '100', '500'] as const;

export class RegisterPageQuery {
  /** YYYY-MM-DD, as a date field sends it; empty for no bound. */
  @FormText(32) from?: string;
  @FormText(32) to?: string;
  @FormText(9) offset?: string;
  @IsOptional() @IsIn(PAGE_SIZES) limit?: (typeof PAGE_SIZES)[number];
}

export class RegisterCsvQuery {
  @FormText(32) from?: string;
  @FormText(32) to?: string;
}

const REGISTER_FIELDS: Record<string, FieldSpec> = {
  from: { id: 'register-from', message: 'fieldError.registerFrom' },
  to: { id: 'register-to', message: 'fieldError.registerTo' },
};

/** Every centre the reader may see, each with its register: the way in for administrators and auditors. */
@ApiExcludeController()
@Controller('registers')
export class RegistersPageController {
  constructor(private readonly centres: CentresService) {}

  @Roles('staff', 'admin', 'auditor')
  @Get()
  async list(@CurrentActor() actor: Actor, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const page = await this.centres.listCentres(actor, 500, 0);
    renderPage(response, 'admin/register/registers', { title: translate(request.locale!, 'registers.title'), centres: page.items });
  }
}

/** The centre's register of stays and their entries, to read, print (the print stylesheet) or download as CSV. */
@ApiExcludeController()
@Controller('centres')
export class RegisterPageController {
  constructor(
    private readonly registers: RegisterService,
    private readonly centres: CentresService,
  ) {}

  @Roles('staff', 'admin', 'auditor')
  @Get(':id/register')
  async register(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: RegisterPageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const locale = request.locale!;
    const centre = await this.centres.getCentre(actor, id);
    const read = new FormReader();
    const from = read.text(query.from);
    const to = read.text(query.to);
    const limit = Number(query.limit ?? PAGE_SIZES[0]);
    let model: Record<string, unknown>;
    let status = 200;
    try {
      const filter = await validated(RegisterQuery, { from, to, limit, offset: read.integer(query.offset) ?? 0 });
      const page = await this.registers.register(actor, id, filter);
      const link = (offset: number) => `/centres/${id}/register${queryString({ from, to, limit: query.limit, offset })}`;
      model = { rows: page.items, pagination: pagination(page, link), download: page.total > 0 ? `/centres/${id}/register.csv${queryString({ from, to })}` : null, total: page.total };
    } catch (error) {
      const problem: FormProblem = formProblem(error, locale, REGISTER_FIELDS);
      status = problem.status;
      model = { problem, errors: problem.fields, rows: [] };
    }
    renderPage(
      response,
      'admin/register/register',
      { title: translate(locale, 'register.title', { centre: centre.name }), centre, isStaff: actor.role === 'staff', values: { from, to, limit: String(limit) }, pageSizes: PAGE_SIZES, errors: {}, ...model },
      status,
    );
  }

  /** The same CSV as GET /api/v1/centres/:id/register?format=csv (the whole period), for the signed-in page user. */
  @Roles('staff', 'admin', 'auditor')
  @Get(':id/register.csv')
  async download(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: RegisterCsvQuery, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    const filter = await validated(RegisterQuery, { from: read.text(query.from), to: read.text(query.to) });
    const all = await this.registers.registerExport(actor, id, { from: filter.from, to: filter.to });
    response.type('text/csv').attachment('register.csv').setHeader('X-Total-Count', String(all.total));
    response.send(registerCsv(all.items));
  }
}
