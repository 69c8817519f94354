import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@escale/audit';
import { TERMINAL_STATUSES } from '@escale/cases';
import { type Actor, Clock, Forbidden, NotFound, type Page } from '@escale/platform';
import { DataSource } from 'typeorm';
import { AGENDA_KINDS, type AgendaKind, isAgendaKind } from './agenda-kinds.js';
import { type AgendaPeriod, agendaPeriod } from './agenda-period.js';
import type { AgendaQuery } from './dto/agenda-query.dto.js';

/** One thing due: what, when, where, and the records it is about (ids only). */
export interface AgendaItem {
  kind: AgendaKind;
  dueAt: string;
  overdue: boolean;
  centreId: string;
  personId: string;
  stayId?: string;
  caseId?: string;
  referralId?: string;
  taskId?: string;
  medicalReportId?: string;
}

/** An item with its centre, and the person's name when the caller asked for it (the pages do). */
export interface AgendaEntry extends AgendaItem {
  centre: { code: string; name: string; timezone: string };
  personName?: string;
}

export interface AgendaSelection {
  period: AgendaPeriod;
  centreIds: readonly string[];
  kinds: readonly AgendaKind[];
  limit: number;
  offset: number;
  names: boolean;
}

interface AgendaRow {
  kind: AgendaKind | null;
  due_at: Date | null;
  centre_id: string | null;
  person_id: string | null;
  stay_id: string | null;
  case_id: string | null;
  referral_id: string | null;
  task_id: string | null;
  medical_report_id: string | null;
  centre_code: string | null;
  centre_name: string | null;
  centre_timezone: string | null;
  given_names?: string | null;
  family_name?: string | null;
  total: number;
}

export const AGENDA_READERS: readonly Actor['role'][] = ['staff', 'caseworker'];

// Every source in one statement, each branch reaching its table through an index on what it
// filters: open stays by centre (a centre's open stays are bounded by its beds), referrals by
// centre and deadline, unanswered medical reports and open tasks by due time. A branch whose kind
// is not asked for is cut by its constant condition before it reads anything.
// $1 centres, $2 from (-infinity: overdue of any age), $3 until (exclusive), $4 kinds, $5 now, $6 closed referral statuses.
const ITEMS = `
  SELECT 'authority_expiry'::text AS kind, s.authorised_until AS due_at, s.centre_id, s.person_id, s.id AS stay_id, s.case_id,
         NULL::uuid AS referral_id, NULL::uuid AS task_id, NULL::uuid AS medical_report_id
    FROM stays s
   WHERE 'authority_expiry' = ANY($4::text[]) AND s.checked_out_at IS NULL AND s.centre_id = ANY($1::uuid[])
     AND s.authorised_until >= $2 AND s.authorised_until < $3
  UNION ALL
  -- Once an asylum referral is opened the window has served its purpose; a window that has closed is no longer anything to do.
  SELECT 'asylum_window', s.asylum_claim_window_ends_at, s.centre_id, s.person_id, s.id, s.case_id, NULL, NULL, NULL
    FROM stays s
   WHERE 'asylum_window' = ANY($4::text[]) AND s.checked_out_at IS NULL AND s.centre_id = ANY($1::uuid[])
     AND s.asylum_claim_window_ends_at >= GREATEST($2::timestamptz, $5::timestamptz) AND s.asylum_claim_window_ends_at < $3
     AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = s.case_id AND r.kind = 'asylum')
  UNION ALL
  SELECT 'legal_limit', s.legal_limit_at, s.centre_id, s.person_id, s.id, s.case_id, NULL, NULL, NULL
    FROM stays s
   WHERE 'legal_limit' = ANY($4::text[]) AND s.checked_out_at IS NULL AND s.centre_id = ANY($1::uuid[])
     AND s.legal_limit_at >= $2 AND s.legal_limit_at < $3
  UNION ALL
  SELECT 'referral_deadline', r.next_deadline_at, r.centre_id, c.person_id, NULL, r.case_id, r.id, NULL, NULL
    FROM referrals r JOIN cases c ON c.id = r.case_id
   WHERE 'referral_deadline' = ANY($4::text[]) AND r.centre_id = ANY($1::uuid[]) AND r.next_deadline_at IS NOT NULL
     AND r.next_deadline_at >= $2 AND r.next_deadline_at < $3 AND r.status <> ALL($6::text[])
  UNION ALL
  -- The appointments of open referrals: the single desk, the OFPRA interview, the CNDA hearing.
  SELECT d.kind, d.at, r.centre_id, c.person_id, NULL, r.case_id, r.id, NULL, NULL
    FROM referrals r JOIN cases c ON c.id = r.case_id
   CROSS JOIN LATERAL (VALUES ('guda_appointment', r.guda_appointment_at), ('ofpra_interview', r.ofpra_interview_at), ('cnda_hearing', r.cnda_hearing_at)) AS d(kind, at)
   WHERE ($4::text[] && ARRAY['guda_appointment', 'ofpra_interview', 'cnda_hearing']) AND r.centre_id = ANY($1::uuid[]) AND r.status <> ALL($6::text[])
     AND d.kind = ANY($4::text[]) AND d.at >= $2 AND d.at < $3
  UNION ALL
  SELECT 'medical_reply', m.reply_due_at, s.centre_id, s.person_id, s.id, s.case_id, NULL, NULL, m.id
    FROM medical_reports m JOIN stays s ON s.id = m.stay_id
   WHERE 'medical_reply' = ANY($4::text[]) AND m.replied_at IS NULL AND m.reply_due_at >= $2 AND m.reply_due_at < $3
     AND s.centre_id = ANY($1::uuid[])
  UNION ALL
  SELECT 'task', t.due_at, c.centre_id, c.person_id, NULL, c.id, NULL, t.id, NULL
    FROM tasks t JOIN cases c ON c.id = t.case_id
   WHERE 'task' = ANY($4::text[]) AND t.done_at IS NULL AND t.due_at >= $2 AND t.due_at < $3
     AND c.centre_id = ANY($1::uuid[])
  UNION ALL
  -- Hearings and orders belong to the placement (the case): shown on the stay that holds the person now.
  SELECT 'hearing', h.scheduled_at, s.centre_id, s.person_id, s.id, s.case_id, NULL, NULL, NULL
    FROM hearings h JOIN stays hs ON hs.id = h.stay_id JOIN stays s ON s.case_id = hs.case_id AND s.checked_out_at IS NULL
   WHERE 'hearing' = ANY($4::text[]) AND h.outcome IS NULL AND h.scheduled_at >= $2 AND h.scheduled_at < $3
     AND s.centre_id = ANY($1::uuid[])
  UNION ALL
  -- Until an appeal is lodged; once the deadline has passed there is no appeal left to lodge.
  SELECT 'appeal_deadline', o.appeal_deadline_at, s.centre_id, s.person_id, s.id, s.case_id, NULL, NULL, NULL
    FROM removal_orders o JOIN stays os ON os.id = o.stay_id JOIN stays s ON s.case_id = os.case_id AND s.checked_out_at IS NULL
   WHERE 'appeal_deadline' = ANY($4::text[]) AND o.appeal_lodged_at IS NULL
     AND o.appeal_deadline_at >= GREATEST($2::timestamptz, $5::timestamptz) AND o.appeal_deadline_at < $3
     AND s.centre_id = ANY($1::uuid[])`;

// Soonest first; items due at the same instant in a fixed order, so pages never overlap.
const ORDER = (alias: string) => `${alias}.due_at, ${alias}.kind, COALESCE(${alias}.task_id, ${alias}.medical_report_id, ${alias}.referral_id, ${alias}.stay_id)`;

const statement = (names: boolean) => `
  WITH items AS (${ITEMS}
  ), page AS (
    SELECT i.* FROM items i ORDER BY ${ORDER('i')} LIMIT $7 OFFSET $8
  )
  -- One row for the total even past the last page; the page's items, if any, on it.
  SELECT page.*, ce.code AS centre_code, ce.name AS centre_name, ce.timezone AS centre_timezone,
         ${names ? 'p.given_names, p.family_name,' : ''} totals.total
    FROM (SELECT count(*)::int AS total FROM items) totals
    LEFT JOIN page ON true
    LEFT JOIN centres ce ON ce.id = page.centre_id
    ${names ? 'LEFT JOIN people p ON p.id = page.person_id' : ''}
   ORDER BY ${ORDER('page')}`;

/**
 * The agenda: everything due in a period in the caller's centres, soonest first, from the
 * tables of three contexts, read here and never written:
 *  - `stays` (stays): open stays' `authorised_until` (removal centres), `asylum_claim_window_ends_at`
 *    (while no asylum referral is open for the case, and not yet passed) and `legal_limit_at`;
 *  - `referrals`, `cases` and `tasks` (cases): open referrals' `next_deadline_at` and appointment dates, tasks not done;
 *  - `medical_reports` (welfare): reports still waiting for their reply (`reply_due_at`);
 *  - `hearings` and `removal_orders` (stays): hearings without an outcome (`scheduled_at`), orders
 *    not appealed whose deadline has not passed (`appeal_deadline_at`), on the placement's open stay;
 *  - `centres` and `people`, for the centre's name and time zone and, on pages, the person's name.
 * Each person shown is an audited read (`person.list`).
 */
@Injectable()
export class AgendaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A page of the caller's agenda, as the API and the agenda page ask for it. */
  async list(actor: Actor, query: AgendaQuery, options: { names?: boolean } = {}): Promise<Page<AgendaEntry>> {
    if (!AGENDA_READERS.includes(actor.role)) throw new Forbidden();
    if (query.centreId && !actor.centreIds.includes(query.centreId)) throw new NotFound('centre');
    const now = this.clock.now();
    const kinds = query.kind ? [...new Set(query.kind.split(',').filter(isAgendaKind))] : [...AGENDA_KINDS];
    return this.select(actor, now, {
      period: agendaPeriod(now, query.from, query.to),
      centreIds: query.centreId ? [query.centreId] : actor.centreIds,
      kinds,
      limit: query.limit,
      offset: query.offset,
      names: options.names ?? false,
    });
  }

  /**
   * Everything in the caller's scope due before `until` (overdue items of any age included), up
   * to `limit` items, without names and without auditing people: for the calendar feed, which
   * carries no one's data (the caller audits the read of the feed itself).
   */
  async dueBefore(actor: Actor, until: Date, limit: number): Promise<AgendaEntry[]> {
    if (!AGENDA_READERS.includes(actor.role)) throw new Forbidden();
    const now = this.clock.now();
    const page = await this.query(now, { period: { from: null, until }, centreIds: actor.centreIds, kinds: AGENDA_KINDS, limit, offset: 0, names: false });
    return page.items;
  }

  private async select(actor: Actor, now: Date, selection: AgendaSelection): Promise<Page<AgendaEntry>> {
    const page = await this.query(now, selection);
    await this.audit.recordList(this.dataSource.manager, actor, 'person.list', 'person', page.items.map((item) => ({ id: item.personId, centreId: item.centreId })));
    return page;
  }

  private async query(now: Date, selection: AgendaSelection): Promise<Page<AgendaEntry>> {
    const { period, limit, offset } = selection;
    if (selection.centreIds.length === 0 || selection.kinds.length === 0) return { items: [], total: 0, limit, offset };
    const rows = await this.dataSource.query<AgendaRow[]>(statement(selection.names), [
      [...selection.centreIds],
      period.from ?? '-infinity',
      period.until,
      [...selection.kinds],
      now,
      [...TERMINAL_STATUSES],
      limit,
      offset,
    ]);
    const items = rows.filter((row) => row.kind !== null).map((row) => toEntry(row, now));
    return { items, total: rows[0]?.total ?? 0, limit, offset };
  }
}

function toEntry(row: AgendaRow, now: Date): AgendaEntry {
  const dueAt = row.due_at!;
  const entry: AgendaEntry = {
    kind: row.kind!,
    dueAt: dueAt.toISOString(),
    overdue: dueAt.getTime() < now.getTime(),
    centreId: row.centre_id!,
    personId: row.person_id!,
    centre: { code: row.centre_code ?? '', name: row.centre_name ?? '', timezone: row.centre_timezone ?? 'UTC' },
  };
  if (row.stay_id) entry.stayId = row.stay_id;
  if (row.case_id) entry.caseId = row.case_id;
  if (row.referral_id) entry.referralId = row.referral_id;
  if (row.task_id) entry.taskId = row.task_id;
  if (row.medical_report_id) entry.medicalReportId = row.medical_report_id;
  if (row.given_names !== undefined) entry.personName = `${row.given_names ?? ''} ${(row.family_name ?? '').toUpperCase()}`.trim();
  return entry;
}

/** The page an item is about, as a path: where the user acts on it. */
export function agendaPath(item: Pick<AgendaItem, 'kind' | 'stayId' | 'caseId' | 'referralId' | 'medicalReportId'>): string {
  switch (item.kind) {
    case 'authority_expiry':
      return `/stays/${item.stayId}#holding`;
    case 'legal_limit':
      return `/stays/${item.stayId}`;
    case 'medical_reply':
      return `/stays/${item.stayId}#report-${item.medicalReportId}`;
    case 'asylum_window':
      return `/cases/${item.caseId}#referrals`;
    case 'referral_deadline':
    case 'guda_appointment':
    case 'ofpra_interview':
    case 'cnda_hearing':
      return `/cases/${item.caseId}#referral-${item.referralId}`;
    case 'task':
      return `/cases/${item.caseId}#tasks`;
    case 'hearing':
      return `/stays/${item.stayId}/legal#hearings`;
    case 'appeal_deadline':
      return `/stays/${item.stayId}/legal#removal-orders`;
  }
}
