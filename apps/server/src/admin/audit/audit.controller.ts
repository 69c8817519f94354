import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { auditCsv, AuditQuery, AuditService, AUDIT_ACTIONS, AUDIT_OUTCOMES, AUDIT_RECORD_TYPES } from '@escale/audit';
import { UsersService } from '@escale/auth';
import { CentresService } from '@escale/centres';
import { type Actor, AppConfig, isMessageKey, type Locale, translate } from '@escale/platform';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { type FieldSpec, FormReader, type FormProblem, formProblem, pagination, queryString, renderPage, validated } from '../forms.js';
import { localDateTimeToIso } from '../time.js';
import { AUDIT_PAGE_SIZES, AuditCsvQuery, AuditPageQuery } from './audit.forms.js';

const AUDIT_FIELDS: Record<string, FieldSpec> = {
  actorId: { id: 'audit-actor', message: 'audit.fieldError.actor' },
  action: { id: 'audit-action', message: 'audit.fieldError.action' },
  entityType: { id: 'audit-entity-type', message: 'audit.fieldError.entityType' },
  entityId: { id: 'audit-entity-id', message: 'audit.fieldError.entityId' },
  centreId: { id: 'audit-centre', message: 'audit.fieldError.centre' },
  outcome: { id: 'audit-outcome', message: 'audit.fieldError.outcome' },
  from: { id: 'audit-from', message: 'audit.fieldError.from' },
  to: { id: 'audit-to', message: 'audit.fieldError.to' },
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The instant a Paris day starts, or null if `day` is not a day. */
function startOfDay(day: string): string | null {
  return DAY.test(day) ? localDateTimeToIso(`${day}T00:00`) : null;
}

function dayAfter(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** The finish of a CSV response: the client may be slow to read, or gone. */
const drained = (response: Response) =>
  new Promise<void>((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.once('drain', done);
    response.once('close', done);
  });

/**
 * The audit trail for admins and auditors: who did or read what, filtered, a page at a time, and
 * the same events as a CSV file. Reading and exporting the trail are themselves audited.
 */
@ApiExcludeController()
@Controller()
export class AuditPageController {
  constructor(
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly centres: CentresService,
    private readonly config: AppConfig,
  ) {}

  @Roles('admin', 'auditor')
  @Get('audit')
  async viewer(@CurrentActor() actor: Actor, @Query() query: AuditPageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const locale = request.locale!;
    const values = this.valuesOf(query);
    const read = new FormReader();
    const limit = read.integer(query.limit) ?? Number(AUDIT_PAGE_SIZES[0]);
    const centres = (await this.centres.listCentres(actor, 500, 0)).items;
    let model: Record<string, unknown>;
    let status = 200;
    try {
      const filter = await this.filterOf(values, { limit, offset: read.integer(query.offset) ?? 0 });
      const page = await this.audit.browse(actor, filter);
      const names = await this.users.namesOf(page.items.flatMap((event) => (event.actorId ? [event.actorId] : [])));
      const centreNames = new Map(centres.map((centre) => [centre.id, centre.name]));
      const link = (offset: number) => `/audit${queryString({ ...values, limit: query.limit, offset })}`;
      model = {
        rows: page.items.map((event) => ({
          seq: event.seq,
          at: event.at.toISOString(),
          actor: event.actorId ? (names.get(event.actorId) ?? translate(locale, 'audit.unknownUser')) : translate(locale, 'audit.system'),
          actorId: event.actorId,
          action: auditWord(locale, 'auditAction', event.action),
          entityType: auditWord(locale, 'auditRecord', event.entityType),
          entityId: event.entityId,
          listed: event.subjectIds.length || null,
          centre: event.centreId ? (centreNames.get(event.centreId) ?? event.centreId) : null,
          outcome: event.outcome,
          origin: event.origin,
        })),
        pagination: pagination(page, link),
        total: page.total,
        download: page.total > 0 ? `/audit.csv${queryString({ ...values })}` : null,
      };
    } catch (error) {
      const problem: FormProblem = formProblem(error, locale, AUDIT_FIELDS);
      status = problem.status;
      model = { problem, errors: problem.fields, rows: [] };
    }
    renderPage(
      response,
      'admin/audit/audit',
      {
        title: translate(locale, 'audit.title'),
        retentionMonths: this.config.auditRetentionMonths,
        centres,
        outcomes: AUDIT_OUTCOMES.map((value) => ({ value, label: translate(locale, `audit.outcome.${value}`) })),
        actions: choices(locale, 'auditAction', AUDIT_ACTIONS),
        recordTypes: choices(locale, 'auditRecord', AUDIT_RECORD_TYPES),
        pageSizes: AUDIT_PAGE_SIZES,
        values: { ...values, limit: String(limit) },
        errors: {},
        ...model,
      },
      status,
    );
  }

  /** Every event the viewer's filters match, as CSV, written a batch at a time. */
  @Roles('admin', 'auditor')
  @Get('audit.csv')
  async download(@CurrentActor() actor: Actor, @Query() query: AuditCsvQuery, @Res() response: Response): Promise<void> {
    const filter = await this.filterOf(this.valuesOf(query), { limit: 1, offset: 0 });
    response.type('text/csv').attachment('audit-events.csv');
    let first = true;
    try {
      for await (const batch of this.audit.exportBatches(actor, filter)) {
        if (response.destroyed) return;
        if (!response.write(auditCsv(batch, first))) await drained(response);
        first = false;
      }
      if (first) response.write(auditCsv([], true));
      response.end();
    } catch (error) {
      if (!response.headersSent) throw error;
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private valuesOf(query: AuditCsvQuery): AuditCsvQuery {
    const read = new FormReader();
    return {
      actor: read.text(query.actor),
      action: read.text(query.action),
      entityType: read.text(query.entityType),
      entityId: read.text(query.entityId),
      centreId: read.text(query.centreId),
      outcome: read.text(query.outcome),
      from: read.text(query.from),
      to: read.text(query.to),
    };
  }

  /** The service's filter from the form's values: a user by email address or id, days as Paris days, `to` included. */
  private async filterOf(values: AuditCsvQuery, page: { limit: number | string; offset: number | string }): Promise<AuditQuery> {
    const problems: Record<string, string[]> = {};
    let actorId: string | undefined;
    if (values.actor?.includes('@')) {
      const user = await this.users.findByEmail(values.actor);
      if (user) actorId = user.id;
      else problems.actorId = ['no user has this email address'];
    } else {
      actorId = values.actor;
    }
    const from = values.from ? startOfDay(values.from) : undefined;
    if (from === null) problems.from = ['must be a day'];
    const to = values.to ? (DAY.test(values.to) && startOfDay(values.to) ? startOfDay(dayAfter(values.to)) : null) : undefined;
    if (to === null) problems.to = ['must be a day'];
    if (from && to && from >= to) problems.to = ['must be on or after from'];
    return validated(
      AuditQuery,
      {
        actorId,
        action: values.action,
        entityType: values.entityType,
        entityId: values.entityId,
        centreId: values.centreId,
        outcome: values.outcome,
        from: from ?? undefined,
        to: to ?? undefined,
        ...page,
      },
      problems,
    );
  }
}

/** An audit code in words in the reader's language; a code recorded before it had words is shown as it is. */
function auditWord(locale: Locale, prefix: 'auditAction' | 'auditRecord', code: string): string {
  const key = `${prefix}.${code}`;
  return isMessageKey(key) ? translate(locale, key) : code;
}

/** A filter's choices, in words, in the reader's alphabetical order. */
function choices(locale: Locale, prefix: 'auditAction' | 'auditRecord', codes: readonly string[]): { value: string; label: string }[] {
  const collator = new Intl.Collator(locale);
  return codes.map((value) => ({ value, label: auditWord(locale, prefix, value) })).sort((a, b) => collator.compare(a.label, b.label));
}
