import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AuditEntry, AuditService, auditEntry } from '@escale/audit';
import { type Actor, AppConfig, Clock, Forbidden, NotFound, type Page, type RetentionCategory, type RetentionMonths, SYSTEM_ORIGIN } from '@escale/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { SetLegalHoldDto } from './dto/legal-hold.dto.js';
import { ReportsService } from '@escale/reports';
import { type RetentionCounts, RetentionRun } from './retention-run.entity.js';
import { erasureSteps, holdsCategory, unlinkedHouseholdSteps } from './retention-plan.js';

export interface RetentionRunView {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: RetentionRun['status'];
  periods: RetentionMonths;
  people: number;
  counts: RetentionCounts;
  details: Record<string, number>;
}

export interface LegalHoldView {
  personId: string;
  hold: boolean;
  reason: string | null;
  by: string | null;
  at: string | null;
  anonymisedAt: string | null;
}

export interface HeldPerson {
  personId: string;
  familyName: string;
  givenNames: string;
  reason: string;
  by: string | null;
  byName: string | null;
  at: string;
}

type Cutoffs = Record<RetentionCategory, Date>;
type Due = Record<RetentionCategory, string[]>;

const emptyCounts = (): RetentionCounts => ({ documents: { people: 0, records: 0 }, notices: { people: 0, records: 0 }, health: { people: 0, records: 0 }, identity: { people: 0, records: 0 } });

/** Below every UUID: where the walk through people, in id order, starts. */
const FIRST_ID = '00000000-0000-0000-0000-000000000000';

const RUN_READERS = ['admin', 'auditor'];

/*
 * The moment a person's retention periods start: the last of their cases' endings (closed, or
 * released: a departure moves the case to one of them) and their check-outs. A person counts only
 * when they have a case, every case has ended, no stay is open, and no legal hold stops it.
 */
const LAST_CLOSED = `
  CROSS JOIN LATERAL (
    SELECT GREATEST(
      (SELECT max(h.at) FROM cases c JOIN case_status_changes h ON h.case_id = c.id WHERE c.person_id = p.id AND h.to_status IN ('closed', 'released')),
      (SELECT max(s.checked_out_at) FROM stays s WHERE s.person_id = p.id)
    ) AS at
  ) closed`;
const ELIGIBLE = `
  NOT p.legal_hold
  AND EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id)
  AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id AND c.status NOT IN ('closed', 'released'))
  AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.person_id = p.id AND s.checked_out_at IS NULL)`;
/** Identity is due again when a case closed after the person was anonymised (they came back). */
const IDENTITY_PENDING = `(p.anonymised_at IS NULL OR p.anonymised_at < closed.at)`;

/**
 * Retention of people's data after their last case closes: a nightly run erases, by category and
 * each after its own period, what is due; a legal hold stops it. Every run leaves a record.
 *
 * Retention reaches into the tables of several contexts by design (as the reports do): erasure
 * must be one transaction per batch of people, under the same row locks, whatever context a
 * record belongs to.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly reports: ReportsService,
  ) {}

  /** The periods in force; identity being the last step, no category outlives it. */
  effectiveMonths(): RetentionMonths {
    const months = this.config.retentionMonths;
    return {
      documents: Math.min(months.documents, months.identity),
      notices: Math.min(months.notices, months.identity),
      health: Math.min(months.health, months.identity),
      identity: months.identity,
    };
  }

  /**
   * Erases what is due, in batches of people, each batch in one transaction that holds the
   * people's rows (`FOR UPDATE`). A check-in of the same person must lock the row too (its new
   * stay's foreign key) and cannot get between the check and the erasure: if it committed first,
   * the person has an open stay and is left alone; if it is under way, the row is skipped until
   * the next run; if it starts later, it waits for the batch to commit. Idempotent: a second run
   * finds nothing left to erase.
   */
  async runRetention(): Promise<RetentionRunView> {
    const startedAt = this.clock.now();
    const months = this.effectiveMonths();
    const cutoffs = await this.cutoffs(startedAt, months);
    // Generalising stay times must change no published figure: the nights and months they count are written to the snapshots first.
    await this.reports.takeSnapshots();
    // A run still "running" after six hours was cut short (its worker died): its counts stand, as committed.
    await this.dataSource.query(`UPDATE retention_runs SET status = 'failed' WHERE status = 'running' AND started_at < $1::timestamptz - interval '6 hours'`, [startedAt]);
    const run = await this.dataSource.manager.save(
      this.dataSource.manager.create(RetentionRun, { startedAt, finishedAt: null, status: 'running', periods: this.config.retentionMonths, counts: emptyCounts(), details: {}, people: 0 }),
    );
    const counts = emptyCounts();
    const details: Record<string, number> = {};
    let people = 0;
    try {
      let after = FIRST_ID;
      for (;;) {
        const locked = await this.dataSource.transaction(async (manager) => {
          const ids = await this.lockCandidates(manager, cutoffs, after);
          if (ids.length === 0) return ids;
          const due = await this.dueUnderLock(manager, cutoffs, ids);
          // Batches never share a person (they walk the ids in order), so their counts add up.
          people += (await this.erase(manager, run.id, due, startedAt, counts, details)).size;
          await manager.update(RetentionRun, { id: run.id }, { counts, details, people });
          return ids;
        });
        if (locked.length === 0) break;
        after = locked[locked.length - 1];
        if (locked.length < this.config.retentionBatchSize) break;
      }
      await this.dataSource.transaction(async (manager) => {
        for (const [kind, sql] of unlinkedHouseholdSteps()) {
          const [rows] = await manager.query<[unknown[], number]>(sql, [cutoffs.identity]);
          if (rows.length === 0) continue;
          details[kind] = (details[kind] ?? 0) + rows.length;
          counts.identity.records += rows.length;
        }
        await manager.update(RetentionRun, { id: run.id }, { counts, details });
      });
      await this.dataSource.manager.update(RetentionRun, { id: run.id }, { status: 'completed', finishedAt: this.clock.now() });
    } catch (error) {
      await this.dataSource.manager.update(RetentionRun, { id: run.id }, { status: 'failed', finishedAt: this.clock.now() });
      throw error;
    }
    this.logger.log(`Retention run ${run.id}: ${people} person(s)`);
    return toRunView({ ...run, status: 'completed', finishedAt: this.clock.now(), counts, details, people });
  }

  private async cutoffs(now: Date, months: RetentionMonths): Promise<Cutoffs> {
    // Calendar months, as PostgreSQL counts them (the 31st less a month is the last day of the month before).
    const [row] = await this.dataSource.query<Record<RetentionCategory, Date>[]>(
      `SELECT $1::timestamptz - make_interval(months => $2) AS documents, $1::timestamptz - make_interval(months => $3) AS notices,
              $1::timestamptz - make_interval(months => $4) AS health, $1::timestamptz - make_interval(months => $5) AS identity`,
      [now, months.documents, months.notices, months.health, months.identity],
    );
    return row;
  }

  /** The next people after `after` (in id order) with something due, locked; rows held elsewhere are skipped. */
  private async lockCandidates(manager: EntityManager, cutoffs: Cutoffs, after: string): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT p.id FROM people p ${LAST_CLOSED}
        WHERE p.id > $1 AND ${ELIGIBLE}
          AND (
               (closed.at <= $2 AND ${holdsCategory('documents')})
            OR (closed.at <= $3 AND ${holdsCategory('notices')})
            OR (closed.at <= $4 AND ${holdsCategory('health')})
            OR (closed.at <= $5 AND ${IDENTITY_PENDING})
          )
        ORDER BY p.id
        LIMIT $6
        FOR UPDATE OF p SKIP LOCKED`,
      [after, cutoffs.documents, cutoffs.notices, cutoffs.health, cutoffs.identity, this.config.retentionBatchSize],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Which categories are due for each locked person, read again now that the rows are held: a
   * check-in that committed meanwhile shows here as an open stay, and the person is left alone.
   */
  private async dueUnderLock(manager: EntityManager, cutoffs: Cutoffs, ids: string[]): Promise<Due> {
    const rows = await manager.query<{ id: string; documents: boolean; notices: boolean; health: boolean; identity: boolean }[]>(
      `SELECT p.id, closed.at <= $2 AS documents, closed.at <= $3 AS notices, closed.at <= $4 AS health,
              (closed.at <= $5 AND ${IDENTITY_PENDING}) AS identity
         FROM people p ${LAST_CLOSED}
        WHERE p.id = ANY($1) AND ${ELIGIBLE}`,
      [ids, cutoffs.documents, cutoffs.notices, cutoffs.health, cutoffs.identity],
    );
    // Anonymising a person erases every other category with it.
    const due = (category: RetentionCategory) => rows.filter((row) => row[category] || row.identity).map((row) => row.id);
    return { documents: due('documents'), notices: due('notices'), health: due('health'), identity: rows.filter((row) => row.identity).map((row) => row.id) };
  }

  /** Erases each category for its people; counts what changed, and audits it per person and category. Returns the people touched. */
  private async erase(manager: EntityManager, runId: string, due: Due, now: Date, counts: RetentionCounts, details: Record<string, number>): Promise<Set<string>> {
    const touched = new Set<string>();
    const entries: AuditEntry[] = [];
    const apply = async (category: RetentionCategory, steps: [kind: string, sql: string, params?: unknown[]][]) => {
      const ids = due[category];
      if (ids.length === 0) return;
      const people = new Set<string>();
      for (const [kind, sql, params] of steps) {
        const [rows] = await manager.query<[{ person_id: string }[], number]>(sql, [ids, ...(params ?? [])]);
        if (rows.length === 0) continue;
        details[kind] = (details[kind] ?? 0) + rows.length;
        counts[category].records += rows.length;
        for (const row of rows) if (row.person_id) people.add(row.person_id);
      }
      counts[category].people += people.size;
      for (const personId of people) {
        touched.add(personId);
        entries.push({ actorId: null, action: `retention.${category}`, entityType: 'person', entityId: personId, origin: SYSTEM_ORIGIN, requestId: `retention:${runId}` });
      }
    };

    // Rows deleted by an earlier category are not generalised again at identity; identity sets the mark first, which the households' step reads.
    for (const category of ['documents', 'notices', 'health'] as const) await apply(category, erasureSteps(category));
    await apply('identity', [
      ['people.anonymised', `UPDATE people SET anonymised_at = $2, version = version + 1 WHERE id = ANY($1) RETURNING id AS person_id`, [now]],
      ...erasureSteps('identity'),
    ]);
    await this.audit.recordMany(manager, entries);
    return touched;
  }

  /** The runs, newest first: for administrators and auditors. */
  async listRuns(actor: Actor, page: { limit: number; offset: number }): Promise<Page<RetentionRunView>> {
    if (!RUN_READERS.includes(actor.role)) throw new Forbidden();
    const [runs, total] = await this.dataSource.manager.findAndCount(RetentionRun, { order: { startedAt: 'DESC', id: 'DESC' }, take: page.limit, skip: page.offset });
    return { items: runs.map(toRunView), total, limit: page.limit, offset: page.offset };
  }

  /** Places or releases a legal hold on a person: administrators only, audited. */
  async setLegalHold(actor: Actor, personId: string, input: SetLegalHoldDto): Promise<LegalHoldView> {
    if (actor.role !== 'admin') throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      // The update waits for a retention batch holding the person, so a hold is never half-applied.
      const [rows] = await manager.query<[{ id: string; legal_hold: boolean; legal_hold_reason: string | null; legal_hold_by: string | null; legal_hold_at: Date | null; anonymised_at: Date | null }[], number]>(
        `UPDATE people SET legal_hold = $2, legal_hold_reason = $3, legal_hold_by = $4, legal_hold_at = $5, version = version + 1
          WHERE id = $1
          RETURNING id, legal_hold, legal_hold_reason, legal_hold_by, legal_hold_at, anonymised_at`,
        input.hold ? [personId, true, input.reason!, actor.userId, now] : [personId, false, null, null, null],
      );
      const [row] = rows;
      if (!row) throw new NotFound('person');
      await this.audit.record(manager, auditEntry(actor, input.hold ? 'person.legal_hold' : 'person.legal_hold_release', 'person', row.id));
      return {
        personId: row.id,
        hold: row.legal_hold,
        reason: row.legal_hold_reason,
        by: row.legal_hold_by,
        at: row.legal_hold_at?.toISOString() ?? null,
        anonymisedAt: row.anonymised_at?.toISOString() ?? null,
      };
    });
  }

  /** How many people are on legal hold: administrators and auditors. */
  async legalHoldCount(actor: Actor): Promise<number> {
    if (!RUN_READERS.includes(actor.role)) throw new Forbidden();
    const [{ count }] = await this.dataSource.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM people WHERE legal_hold`);
    return count;
  }

  /** The people on legal hold, most recent first, with their names: administrators only, each read audited. */
  async listLegalHolds(actor: Actor, page: { limit: number; offset: number }): Promise<Page<HeldPerson>> {
    if (actor.role !== 'admin') throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const [{ total }] = await manager.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM people WHERE legal_hold`);
      const rows = await manager.query<{ id: string; family_name: string; given_names: string; legal_hold_reason: string; legal_hold_by: string | null; by_name: string | null; legal_hold_at: Date }[]>(
        `SELECT p.id, p.family_name, p.given_names, p.legal_hold_reason, p.legal_hold_by, u.name AS by_name, p.legal_hold_at
           FROM people p LEFT JOIN users u ON u.id = p.legal_hold_by
          WHERE p.legal_hold
          ORDER BY p.legal_hold_at DESC, p.id
          LIMIT $1 OFFSET $2`,
        [page.limit, page.offset],
      );
      await this.audit.recordList(manager, actor, 'person.list', 'person', rows.map((row) => ({ id: row.id })));
      return {
        items: rows.map((row) => ({
          personId: row.id,
          familyName: row.family_name,
          givenNames: row.given_names,
          reason: row.legal_hold_reason,
          by: row.legal_hold_by,
          byName: row.by_name,
          at: row.legal_hold_at.toISOString(),
        })),
        total,
        limit: page.limit,
        offset: page.offset,
      };
    });
  }
}

export function toRunView(run: RetentionRun): RetentionRunView {
  return {
    id: run.id,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    status: run.status,
    periods: run.periods,
    people: run.people,
    counts: { ...emptyCounts(), ...run.counts },
    details: run.details ?? {},
  };
}
