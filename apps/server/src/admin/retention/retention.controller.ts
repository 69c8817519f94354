import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { statusChangeNote, taskTitle } from '@escale/cases';
import { type Actor, AppConfig, type Locale, RETENTION_CATEGORIES, translate } from '@escale/platform';
import { type PersonMatch, RetentionService, SetLegalHoldDto, SubjectAccessService } from '@escale/privacy';
import { IdPipe } from '../../api/id.pipe.js';
import { OnRecord, Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { type FieldSpec, FormReader, type FormProblem, formProblem, pagination, queryString, renderPage, validated } from '../forms.js';
import { ExportPageQuery, LegalHoldForm, PersonSearchForm, RetentionPageQuery } from './retention.forms.js';

const RUNS_PER_PAGE = 20;
const HOLDS_PER_PAGE = 50;

const LEGAL_HOLD_FIELDS: Record<string, FieldSpec> = {
  reason: { id: 'legal-hold-reason', message: 'sar.fieldError.reason' },
};

/**
 * A notice's own headings (its title is an h1), moved below the export page's sections, so the
 * page keeps one h1 and an outline a screen reader can follow. The notice came from the notice
 * templates, which escape every value: only their tags are rewritten.
 */
export function demoteNoticeHeadings(html: string): string {
  return html.replace(/<(\/?)h([1-3])\b/gi, (_, slash: string, level: string) => `<${slash}h${Number(level) + 3}`);
}

interface RetentionPageState {
  runsOffset: number;
  holdsOffset: number;
  searchValue?: string;
  search?: { query: string; matches: PersonMatch[] };
  searchError?: string;
}

/** An offset typed in a link: a whole number (of at most 9 digits, within PostgreSQL's range), else the first page. */
function offsetOf(value: string | undefined): number {
  return /^\d{1,9}$/.test(value ?? '') ? Number(value) : 0;
}

/**
 * Retention of personal data: the periods in force, the people on legal hold, and the evidence of
 * every run (administrators and auditors); finding a person to export their data (administrators).
 */
@ApiExcludeController()
@Controller('retention')
export class RetentionPageController {
  constructor(
    private readonly retention: RetentionService,
    private readonly subjectAccess: SubjectAccessService,
    private readonly config: AppConfig,
  ) {}

  @Roles('admin', 'auditor')
  @Get()
  async show(@CurrentActor() actor: Actor, @Query() query: RetentionPageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.render(response, actor, request.locale!, { runsOffset: offsetOf(query.runs), holdsOffset: offsetOf(query.holds) });
  }

  /** A name is searched by POST: it stays out of the address, the history and the logs. */
  @Roles('admin')
  @Post('search')
  async search(@CurrentActor() actor: Actor, @Body() form: PersonSearchForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const locale = request.locale!;
    const q = new FormReader().text(form.q) ?? '';
    if (q.length < 2) {
      await this.render(response, actor, locale, { runsOffset: 0, holdsOffset: 0, searchValue: q, searchError: translate(locale, 'sar.search.tooShort') }, 400);
      return;
    }
    const matches = await this.subjectAccess.findPeople(actor, q);
    await this.render(response, actor, locale, { runsOffset: 0, holdsOffset: 0, searchValue: q, search: { query: q, matches } });
  }

  private async render(response: Response, actor: Actor, locale: Locale, state: RetentionPageState, status = 200): Promise<void> {
    const isAdmin = actor.role === 'admin';
    const link = (values: Record<string, number | undefined>) => `/retention${queryString({ runs: state.runsOffset || undefined, holds: state.holdsOffset || undefined, ...values })}`;
    const runs = await this.retention.listRuns(actor, { limit: RUNS_PER_PAGE, offset: state.runsOffset });
    const holdCount = await this.retention.legalHoldCount(actor);
    const holds = isAdmin && holdCount > 0 ? await this.retention.listLegalHolds(actor, { limit: HOLDS_PER_PAGE, offset: state.holdsOffset }) : null;
    const months = this.config.retentionMonths;
    const effective = this.retention.effectiveMonths();
    renderPage(
      response,
      'admin/retention/index',
      {
        title: translate(locale, 'retention.title'),
        isAdmin,
        periods: RETENTION_CATEGORIES.map((category) => ({
          category,
          months: months[category],
          effective: effective[category],
          shortened: effective[category] < months[category],
        })),
        holdCount,
        holds: holds?.items ?? [],
        holdsPagination: holds ? pagination(holds, (offset) => `${link({ holds: offset || undefined })}#holds-title`) : null,
        runs: runs.items.map((run) => ({ ...run, categories: RETENTION_CATEGORIES.map((category) => ({ category, ...run.counts[category] })) })),
        runsPagination: pagination(runs, (offset) => `${link({ runs: offset || undefined })}#runs-title`),
        categories: RETENTION_CATEGORIES,
        search: state.search,
        searchValue: state.searchValue ?? '',
        searchError: state.searchError,
      },
      status,
    );
  }
}

interface ExportPageState {
  done?: ExportPageQuery['done'];
  values?: LegalHoldForm;
  problem?: FormProblem;
}

/** Subject access: everything held about one person, to print or to download as JSON, and their legal hold. Administrators only. */
@ApiExcludeController()
@OnRecord('person')
@Controller('people')
export class SubjectAccessPageController {
  constructor(
    private readonly retention: RetentionService,
    private readonly subjectAccess: SubjectAccessService,
  ) {}

  @Roles('admin')
  @Get(':id/export')
  async show(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: ExportPageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.render(response, actor, id, request.locale!, { done: query.done });
  }

  /** The same export as the API's, as a file to hand to the person. */
  @Roles('admin')
  @Get(':id/export.json')
  async download(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Res() response: Response): Promise<void> {
    const data = await this.subjectAccess.exportPerson(actor, id);
    response.setHeader('Content-Disposition', `attachment; filename="escale-person-${data.person.id}.json"`);
    response.type('application/json').send(JSON.stringify(data, null, 2));
  }

  @Roles('admin')
  @Post(':id/legal-hold')
  async setLegalHold(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: LegalHoldForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    const hold = form.hold === '1';
    try {
      const input = await validated(SetLegalHoldDto, { hold, reason: read.text(form.reason) });
      await this.retention.setLegalHold(actor, id, input);
      response.redirect(303, `/people/${id}/export?done=${hold ? 'hold-placed' : 'hold-released'}#legal-hold`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, LEGAL_HOLD_FIELDS);
      await this.render(response, actor, id, request.locale!, { values: form, problem }, problem.status);
    }
  }

  private async render(response: Response, actor: Actor, personId: string, locale: Locale, state: ExportPageState, status = 200): Promise<void> {
    const data = await this.subjectAccess.exportPerson(actor, personId);
    const { person } = data;
    const name = person.anonymisedAt ? translate(locale, 'sar.anonymisedPerson') : `${person.givenNames} ${person.familyName}`.trim();
    const stayLabel = new Map(data.stays.map((stay, index) => [stay.id, `${index + 1}. ${stay.centreName}`]));
    renderPage(
      response,
      'admin/retention/export',
      {
        title: translate(locale, 'sar.title', { name }),
        name,
        data,
        stayLabel: Object.fromEntries(stayLabel),
        // The file is in French; the page words what the system wrote in its own language.
        cases: data.cases.map((found, index) => ({
          ...found,
          number: index + 1,
          history: found.history.map((change) => ({ ...change, note: statusChangeNote(change, locale) })),
          tasks: found.tasks.map((task) => ({ ...task, title: taskTitle(task, locale) })),
        })),
        notices: data.notices.map((notice) => ({ ...notice, html: notice.html === null ? null : demoteNoticeHeadings(notice.html) })),
        auditShown: data.auditEvents.items.length,
        auditTruncated: data.auditEvents.total > data.auditEvents.items.length,
        notice: state.done ? `sar.done.${state.done}` : undefined,
        values: state.values ?? {},
        problem: state.problem,
        errors: state.problem?.fields ?? {},
      },
      status,
    );
  }
}
