import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AGENDA_KINDS, agendaPath, AgendaQuery, AgendaService, CalendarFeedService } from '@escale/agenda';
import { CentresService } from '@escale/centres';
import { type Actor, Clock, dateTimeFormat, type Locale, translate } from '@escale/platform';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { type FieldSpec, FormReader, type FormProblem, formProblem, pagination, queryString, renderPage, validated } from '../forms.js';
import { localDateTimeToIso, UI_TIME_ZONE } from '../time.js';
import { AGENDA_PERIODS, type AgendaPagePeriod, AgendaPageQuery, CalendarFeedForm } from './agenda.forms.js';

const PAGE_SIZE = 50;
const DAY_MS = 86_400_000;

const AGENDA_FIELDS: Record<string, FieldSpec> = {
  centreId: { id: 'agenda-centre', message: 'agenda.fieldError.centre' },
  kind: { id: 'agenda-kind', message: 'agenda.fieldError.kind' },
  period: { id: 'agenda-period', message: 'agenda.fieldError.period' },
  to: { id: 'agenda-period', message: 'agenda.fieldError.period' },
};

const isPeriod = (value: string): value is AgendaPagePeriod => (AGENDA_PERIODS as readonly string[]).includes(value);
const intlLocale = (locale: Locale) => (locale === 'fr' ? 'fr-FR' : 'en-GB');

/** The last instant a period of the page includes (the agenda's `to`); undefined: the API's default week. */
function periodEnd(period: AgendaPagePeriod, now: Date): string | undefined {
  switch (period) {
    case 'overdue':
      return new Date(now.getTime() - 1).toISOString();
    case 'today': {
      // The end of today in Paris: the start of tomorrow there, less a millisecond.
      const tomorrow = new Date(Date.parse(`${now.toLocaleString('sv-SE', { timeZone: UI_TIME_ZONE }).slice(0, 10)}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
      return new Date(Date.parse(localDateTimeToIso(`${tomorrow}T00:00`)!) - 1).toISOString();
    }
    case 'week':
      return undefined;
    case 'month':
      return new Date(now.getTime() + 30 * DAY_MS).toISOString();
  }
}

/**
 * The agenda page for staff and caseworkers: what is due in their centres, soonest first, with
 * the person it concerns (each one shown is an audited read), filtered by centre, kind and
 * period with a plain GET form; and their personal calendar feed, issued and revoked by POST.
 */
@ApiExcludeController()
@Controller('agenda')
export class AgendaPageController {
  constructor(
    private readonly agenda: AgendaService,
    private readonly feeds: CalendarFeedService,
    private readonly centres: CentresService,
    private readonly clock: Clock,
  ) {}

  @Roles('staff', 'caseworker')
  @Get()
  async show(@CurrentActor() actor: Actor, @Query() query: AgendaPageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const locale = request.locale!;
    const read = new FormReader();
    const values = { centreId: read.text(query.centreId), kind: read.text(query.kind), period: read.text(query.period) ?? 'week' };
    const centres = (await this.centres.listCentres(actor, 500, 0)).items;
    const problems: Record<string, string[]> = {};
    if (!isPeriod(values.period)) problems.period = ['must be one of the periods offered'];
    let model: Record<string, unknown>;
    let status = 200;
    try {
      const filter = await validated(
        AgendaQuery,
        {
          centreId: values.centreId,
          kind: values.kind,
          to: isPeriod(values.period) ? periodEnd(values.period, this.clock.now()) : undefined,
          limit: PAGE_SIZE,
          offset: read.integer(query.offset) ?? 0,
        },
        problems,
      );
      const page = await this.agenda.list(actor, filter, { names: true });
      model = {
        rows: page.items.map((entry) => ({
          kind: entry.kind,
          kindLabel: translate(locale, `agenda.kind.${entry.kind}`),
          dueAt: entry.dueAt,
          dueLabel: dateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short', timeZone: entry.centre.timezone }).format(new Date(entry.dueAt)),
          overdue: entry.overdue,
          personName: entry.personName,
          centre: `${entry.centre.name} (${entry.centre.code})`,
          href: agendaPath(entry),
          linkLabel: entry.kind === 'authority_expiry' || entry.kind === 'legal_limit' || entry.kind === 'medical_reply' ? 'agenda.link.stay' : 'agenda.link.case',
        })),
        total: page.total,
        pagination: pagination(page, (offset) => `/agenda${queryString({ ...values, period: values.period === 'week' ? undefined : values.period, offset: offset || undefined })}`),
      };
    } catch (error) {
      const problem: FormProblem = formProblem(error, locale, AGENDA_FIELDS);
      status = problem.status;
      model = { problem, errors: problem.fields, rows: [] };
    }
    renderPage(
      response,
      'admin/agenda/agenda',
      {
        title: translate(locale, 'agenda.title'),
        centres,
        kinds: AGENDA_KINDS.map((value) => ({ value, label: translate(locale, `agenda.kind.${value}`) })),
        periods: AGENDA_PERIODS.map((value) => ({ value, label: translate(locale, `agenda.period.${value}`) })),
        values,
        errors: {},
        feed: await this.feeds.status(actor),
        notice: query.done === 'feed-revoked' ? 'agenda.done.feed-revoked' : undefined,
        ...model,
      },
      status,
    );
  }

  /** Issues a new feed address and shows it, once: only a hash of its token is kept. */
  @Roles('staff', 'caseworker')
  @Post('feed')
  @HttpCode(200)
  async issueFeed(@CurrentActor() actor: Actor, @Body() _form: CalendarFeedForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const { url } = await this.feeds.issue(actor);
    renderPage(response, 'admin/agenda/feed', { title: translate(request.locale!, 'agenda.feed.created.title'), url });
  }

  @Roles('staff', 'caseworker')
  @Post('feed/revoke')
  async revokeFeed(@CurrentActor() actor: Actor, @Body() _form: CalendarFeedForm, @Res() response: Response): Promise<void> {
    await this.feeds.revoke(actor);
    response.redirect(303, '/agenda?done=feed-revoked#calendar-feed');
  }
}
