import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, Clock, type Page, ValidationFailed } from '@escale/platform';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEvent, type AuditOutcome } from './audit-event.entity.js';
import { chainHash, GENESIS_HASH } from './audit-chain.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  centreId?: string | null;
  outcome?: AuditOutcome;
  origin?: string | null;
  requestId?: string | null;
}

/** Which events to read; `from` is inclusive, `to` exclusive (ISO 8601 instants). */
export interface AuditFilter {
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  centreId?: string;
  outcome?: AuditOutcome;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** An event as the viewer and the export show it: its place in the chain, and its time to the microsecond. */
export interface AuditRecord {
  seq: number | null;
  id: string;
  at: Date;
  /** UTC, to the microsecond, as the chain hashes it. */
  atExact: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  centreId: string | null;
  outcome: AuditOutcome;
  origin: string | null;
  requestId: string | null;
}

/** A point of the chain: a position and the hash there (position 0 is before the first event). */
export interface ChainPoint {
  seq: number;
  hash: string;
}

/**
 * What can be wrong with the chain, at the first place it goes wrong:
 * `event_changed` an event (or its link) differs from what was hashed; `event_missing` an event was
 * removed; `link_missing` a position is skipped (an event and its link removed, or events reordered);
 * `event_unchained` an event is in no link and not queued for one (written with the chain's triggers turned off).
 */
export type ChainBreak = 'event_changed' | 'event_missing' | 'link_missing' | 'event_unchained';

/** `pending`: events committed while verification ran, queued for the next seal (not a break). */
export type ChainVerification =
  | { ok: true; checked: number; start: ChainPoint; head: ChainPoint; pending: number }
  | { ok: false; checked: number; start: ChainPoint; broken: { seq: number | null; eventId: string | null; reason: ChainBreak } };

/** How many links verification reads at a time, and how many events one purge call removes at most. */
const VERIFY_BATCH = 5_000;
const PURGE_BATCH = 5_000;
/** How many queued events one seal chains at most, so the chain's lock is held briefly. */
const SEAL_BATCH = 5_000;

/** The time as the chain hashes it: UTC, to the microsecond. */
const EXACT_AT = `to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const RECORD_COLUMNS = `c.seq::text AS seq, e.id, e.at, ${EXACT_AT} AS "atExact", e.actor_id AS "actorId", e.action, e.entity_type AS "entityType",
  e.entity_id AS "entityId", e.centre_id AS "centreId", e.outcome, e.origin, e.request_id AS "requestId"`;

type RecordRow = Omit<AuditRecord, 'seq'> & { seq: string | null };
const toRecord = (row: RecordRow): AuditRecord => ({ ...row, seq: row.seq === null ? null : Number(row.seq) });

/**
 * The one way any context writes the audit trail, and the way admins and auditors read it.
 * The database chains every event, at the commit that records it or at the next one (see the
 * AddAuditChain migration); `sealPending` chains what is still queued, `verifyChain` checks the
 * chain, and `purgeExpired` removes what retention no longer keeps.
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Records an event in the caller's transaction, so it commits or rolls back with the change. */
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await this.recordMany(manager, [entry]);
  }

  /** Records several events in one statement, for reads of many records at once (lists, boards). */
  async recordMany(manager: EntityManager, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const at = this.clock.now();
    await manager.insert(
      AuditEvent,
      entries.map((entry) => ({
        at,
        actorId: entry.actorId,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        centreId: entry.centreId ?? null,
        outcome: entry.outcome ?? 'success',
        origin: entry.origin ?? null,
        requestId: entry.requestId ?? null,
      })),
    );
  }

  /** Records an event on its own, for events with no surrounding change (denials, failed logins). */
  async recordAlone(entry: AuditEntry): Promise<void> {
    await this.record(this.dataSource.manager, entry);
  }

  /** A page of events, the latest first. */
  async list(filter: AuditFilter): Promise<Page<AuditRecord>> {
    const { where, params } = this.conditions(filter);
    const n = params.length;
    const items = await this.dataSource.query<RecordRow[]>(
      `SELECT ${RECORD_COLUMNS} FROM audit_events e LEFT JOIN audit_chain c ON c.event_id = e.id
       ${where} ORDER BY e.at DESC, e.id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...params, filter.limit, filter.offset],
    );
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM audit_events e ${where}`, params);
    return { items: items.map(toRecord), total, limit: filter.limit, offset: filter.offset };
  }

  /** A page of events for an admin or auditor; reading the audit trail is itself audited. */
  async browse(actor: Actor, filter: AuditFilter): Promise<Page<AuditRecord>> {
    const page = await this.list(filter);
    await this.recordAlone(auditEntry(actor, 'audit.read', 'audit_event'));
    return page;
  }

  /**
   * Every event the filter matches, the latest first, in batches: an export of any size holds one
   * batch in memory at a time. The export is audited before the first batch.
   */
  async *exportBatches(actor: Actor, filter: Omit<AuditFilter, 'limit' | 'offset'>, batchSize = 2_000): AsyncGenerator<AuditRecord[]> {
    const { where, params } = this.conditions({ ...filter, limit: batchSize, offset: 0 });
    await this.recordAlone(auditEntry(actor, 'audit.export', 'audit_event'));
    let after: { at: string; id: string } | null = null;
    for (;;) {
      const n = params.length;
      const keyset: string = after ? `${where ? `${where} AND` : 'WHERE'} (e.at, e.id) < ($${n + 2}::timestamptz, $${n + 3}::uuid)` : where;
      const rows: RecordRow[] = await this.dataSource.query<RecordRow[]>(
        `SELECT ${RECORD_COLUMNS} FROM audit_events e LEFT JOIN audit_chain c ON c.event_id = e.id
         ${keyset} ORDER BY e.at DESC, e.id DESC LIMIT $${n + 1}`,
        after ? [...params, batchSize, after.at, after.id] : [...params, batchSize],
      );
      if (rows.length === 0) return;
      yield rows.map(toRecord);
      if (rows.length < batchSize) return;
      const last = rows[rows.length - 1];
      after = { at: last.atExact, id: last.id };
    }
  }

  /**
   * Chains the events still queued: those whose transaction committed while another held the
   * chain. Commits seal as they go; the maintenance job calls this every few seconds for the rest.
   */
  async sealPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const [{ sealed }] = await this.dataSource.query<{ sealed: number | null }[]>(`SELECT audit_seal(true, $1) AS sealed`, [SEAL_BATCH]);
      total += sealed ?? 0;
      if ((sealed ?? 0) < SEAL_BATCH) return total;
    }
  }

  /**
   * Seals what is queued, then walks the chain from the last retention checkpoint (or its start)
   * and recomputes every hash, in one snapshot, so events written or purged meanwhile cannot make
   * it look broken.
   */
  async verifyChain(): Promise<ChainVerification> {
    await this.sealPending();
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      const [checkpoint] = await manager.query<{ seq: string; hash: string }[]>(`SELECT seq::text AS seq, hash FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`);
      const start: ChainPoint = checkpoint ? { seq: Number(checkpoint.seq), hash: checkpoint.hash } : { seq: 0, hash: GENESIS_HASH };
      let previous = start;
      let checked = 0;
      for (;;) {
        const links = await manager.query<(Omit<RecordRow, 'at' | 'seq'> & { seq: string; linkHash: string; eventId: string; id: string | null })[]>(
          `SELECT c.seq::text AS seq, c.hash AS "linkHash", c.event_id AS "eventId", e.id, ${EXACT_AT} AS "atExact", e.actor_id AS "actorId", e.action,
                  e.entity_type AS "entityType", e.entity_id AS "entityId", e.centre_id AS "centreId", e.outcome, e.origin, e.request_id AS "requestId"
           FROM audit_chain c LEFT JOIN audit_events e ON e.id = c.event_id
           WHERE c.seq > $1 ORDER BY c.seq LIMIT $2`,
          [previous.seq, VERIFY_BATCH],
        );
        for (const link of links) {
          const seq = Number(link.seq);
          if (seq !== previous.seq + 1) return { ok: false, checked, start, broken: { seq: previous.seq + 1, eventId: null, reason: 'link_missing' } };
          if (link.id === null) return { ok: false, checked, start, broken: { seq, eventId: link.eventId, reason: 'event_missing' } };
          const hash = chainHash(previous.hash, { ...link, id: link.id, seq, at: link.atExact });
          if (hash !== link.linkHash) return { ok: false, checked, start, broken: { seq, eventId: link.id, reason: 'event_changed' } };
          previous = { seq, hash };
          checked += 1;
        }
        if (links.length < VERIFY_BATCH) break;
      }
      const [unchained] = await manager.query<{ id: string }[]>(
        `SELECT e.id FROM audit_events e
         WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id) AND NOT EXISTS (SELECT 1 FROM audit_pending p WHERE p.event_id = e.id)
         ORDER BY e.at, e.id LIMIT 1`,
      );
      if (unchained) return { ok: false, checked, start, broken: { seq: null, eventId: unchained.id, reason: 'event_unchained' } };
      const [lost] = await manager.query<{ id: string }[]>(
        `SELECT p.event_id AS id FROM audit_pending p WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.id = p.event_id) ORDER BY p.position LIMIT 1`,
      );
      if (lost) return { ok: false, checked, start, broken: { seq: null, eventId: lost.id, reason: 'event_missing' } };
      const [{ pending }] = await manager.query<{ pending: number }[]>(`SELECT count(*)::int AS pending FROM audit_pending`);
      return { ok: true, checked, start, head: previous, pending };
    });
  }

  /**
   * Removes the events older than `keepMonths` (6 to 120, AUDIT_RETENTION_MONTHS), oldest first,
   * through the database's purge function, which checks what it removes and leaves a checkpoint
   * for verification. Returns how many events were removed.
   */
  async purgeExpired(keepMonths: number): Promise<number> {
    let removed = 0;
    for (;;) {
      const [{ count }] = await this.dataSource.query<{ count: number }[]>(`SELECT audit_purge($1, $2) AS count`, [keepMonths, PURGE_BATCH]);
      removed += count;
      if (count < PURGE_BATCH) return removed;
    }
  }

  private conditions(filter: AuditFilter): { where: string; params: unknown[] } {
    if (filter.from && filter.to && new Date(filter.from) >= new Date(filter.to)) throw new ValidationFailed({ to: ['must be after from'] });
    const clauses: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      clauses.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.actorId) add('e.actor_id = ?', filter.actorId);
    if (filter.action) add('e.action = ?', filter.action);
    if (filter.entityType) add('e.entity_type = ?', filter.entityType);
    if (filter.entityId) add('e.entity_id = ?', filter.entityId);
    if (filter.centreId) add('e.centre_id = ?', filter.centreId);
    if (filter.outcome) add('e.outcome = ?', filter.outcome);
    if (filter.from) add('e.at >= ?::timestamptz', filter.from);
    if (filter.to) add('e.at < ?::timestamptz', filter.to);
    return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }
}

/** The audit entry of something an actor did or read; every context builds its entries this way. */
export function auditEntry(actor: Actor, action: string, entityType: string, entityId?: string | null, centreId?: string | null): AuditEntry {
  return { actorId: actor.userId, action, entityType, entityId, centreId, origin: actor.origin, requestId: actor.requestId };
}
