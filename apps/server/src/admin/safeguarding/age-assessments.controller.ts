import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CentresService } from '@escale/centres';
import { type Actor, dateTimeFormat, type Locale, translate } from '@escale/platform';
import { WelfareService } from '@escale/welfare';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { renderPage } from '../forms.js';

const intlLocale = (locale: Locale) => (locale === 'fr' ? 'fr-FR' : 'en-GB');

/** How long someone has waited, in words: whole days, and "less than a day" before the first. */
export function waitingText(locale: Locale, days: number): string {
  if (days < 1) return translate(locale, 'ageAssessments.waiting.none');
  if (days === 1) return translate(locale, 'ageAssessments.waiting.one');
  return translate(locale, 'ageAssessments.waiting.other', { count: days });
}

/**
 * The people of a centre whose age is disputed and not settled, the longest waiting first, with
 * where their assessment stands and a way to record it. For the staff and caseworkers of the
 * centre; each person listed is an audited read. `/age-assessments` leads there from the menu.
 */
@ApiExcludeController()
@Controller()
export class AgeAssessmentsPageController {
  constructor(
    private readonly welfare: WelfareService,
    private readonly centres: CentresService,
  ) {}

  /** From the menu: straight to the one centre of the reader, or a choice of their centres. */
  @Roles('staff', 'caseworker')
  @Get('age-assessments')
  async pick(@CurrentActor() actor: Actor, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const centres = (await this.centres.listCentres(actor, 500, 0)).items;
    if (centres.length === 1) {
      response.redirect(303, `/centres/${centres[0].id}/age-assessments`);
      return;
    }
    renderPage(response, 'admin/safeguarding/age-assessments-pick', {
      title: translate(request.locale!, 'ageAssessments.title'),
      centres: centres.map((centre) => ({ id: centre.id, name: centre.name, code: centre.code, kind: centre.kind })),
    });
  }

  @Roles('staff', 'caseworker')
  @Get('centres/:id/age-assessments')
  async list(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const locale = request.locale!;
    // The centre first: another centre's answers 404 before anything is read, and its time zone dates the arrivals.
    const centre = await this.centres.getCentre(actor, id);
    const pending = await this.welfare.pendingAgeAssessments(actor, centre.id);
    const arrival = dateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short', timeZone: centre.timezone });
    renderPage(response, 'admin/safeguarding/age-assessments', {
      title: translate(locale, 'ageAssessments.centreTitle', { centre: centre.name }),
      centre: { id: centre.id, name: centre.name, code: centre.code, kind: centre.kind, timezone: centre.timezone },
      isStaff: actor.role === 'staff',
      total: pending.items.length,
      rows: pending.items.map((item) => ({
        ...item,
        arrivedLabel: arrival.format(new Date(item.checkedInAt)),
        waiting: waitingText(locale, item.waitingDays),
      })),
    });
  }
}
