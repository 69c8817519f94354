import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CasesService, DepartedOpenCasesQuery } from '@escale/cases';
import { CentresService } from '@escale/centres';
import { type Actor, dateTimeFormat, isMessageKey, type Locale, translate } from '@escale/platform';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { type FieldSpec, FormReader, type FormProblem, formProblem, pagination, queryString, renderPage, validated } from '../forms.js';
import { DataProtectionPageQuery } from './safeguarding.forms.js';

const PAGE_SIZE = 50;

const FILTER_FIELDS: Record<string, FieldSpec> = {
  centreId: { id: 'data-protection-centre', message: 'dataProtection.fieldError.centre' },
  offset: { id: 'data-protection-centre', message: 'dataProtection.fieldError.centre' },
};

const intlLocale = (locale: Locale) => (locale === 'fr' ? 'fr-FR' : 'en-GB');

/** Why a departed person's case is still open, in words. */
export function whyOpen(locale: Locale, why: 'asylum_referral_open' | 'not_moved', referralStatus: string | null): string {
  if (why === 'not_moved') return translate(locale, 'dataProtection.why.not_moved');
  const key = `referralStatus.${referralStatus}`;
  return translate(locale, 'dataProtection.why.asylum_referral_open', { status: isMessageKey(key) ? translate(locale, key) : (referralStatus ?? '') });
}

/**
 * The data-protection worklist: people who left but whose case is still open, so that retention
 * has not started counting for them, each with why. Administrators see every centre without a
 * name or a link (the cases are the caseworkers'); caseworkers see their centres and open the case.
 */
@ApiExcludeController()
@Controller('data-protection')
export class DataProtectionPageController {
  constructor(
    private readonly cases: CasesService,
    private readonly centres: CentresService,
  ) {}

  @Roles('admin', 'caseworker')
  @Get()
  async show(@CurrentActor() actor: Actor, @Query() query: DataProtectionPageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const locale = request.locale!;
    const read = new FormReader();
    const values = { centreId: read.text(query.centreId) };
    const centres = (await this.centres.listCentres(actor, 500, 0)).items;
    const centreOf = new Map(centres.map((centre) => [centre.id, centre]));
    let model: Record<string, unknown>;
    let status = 200;
    try {
      const filter = await validated(DepartedOpenCasesQuery, { centreId: values.centreId, limit: PAGE_SIZE, offset: read.integer(query.offset) ?? 0 });
      const page = await this.cases.departedWithOpenCase(actor, { centreId: filter.centreId, limit: filter.limit, offset: filter.offset });
      model = {
        total: page.total,
        rows: page.items.map((item) => {
          const centre = centreOf.get(item.centreId);
          const departed = dateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short', timeZone: centre?.timezone ?? 'Europe/Paris' });
          return {
            caseId: item.caseId,
            reference: item.caseId.slice(0, 8),
            why: item.why,
            centreName: centre ? `${centre.name} (${centre.code})` : '',
            departedAt: item.departedAt,
            departedLabel: departed.format(new Date(item.departedAt)),
            exitReason: item.exitReason,
            status: item.status,
            whyText: whyOpen(locale, item.why, item.openReferralStatus),
          };
        }),
        pagination: pagination(page, (offset) => `/data-protection${queryString({ centreId: values.centreId, offset: offset || undefined })}`),
      };
    } catch (error) {
      const problem: FormProblem = formProblem(error, locale, FILTER_FIELDS);
      status = problem.status;
      model = { problem, errors: problem.fields, rows: [] };
    }
    renderPage(
      response,
      'admin/safeguarding/data-protection',
      {
        title: translate(locale, 'dataProtection.title'),
        isAdmin: actor.role === 'admin',
        centres: centres.map((centre) => ({ id: centre.id, name: centre.name, code: centre.code })),
        values,
        errors: {},
        ...model,
      },
      status,
    );
  }
}
