import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, AppConfig, Clock, type Page, ValidationFailed } from '@escale/platform';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEvent, type AuditOutcome } from './audit-event.entity.js';
import { chainHash, GENESIS_HASH } from './audit-chain.js';
import type { AuditAction, AuditRecordType } from './audit-actions.js';
import { anchorSignedBy, type AuditAnchor, signAnchor } from './audit-anchor.js';

export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  entityType: AuditRecordType;
  entityId?: string | null;
  centreId?: string | null;
  outcome?: AuditOutcome;
  origin?: string | null;
  requestId?: string | null;
  /** The records a list view showed; for `recordList`, which sets it. */
  subjectIds?: readonly string[];
}

/** One record a list view showed, and its centre. */
export interface ListedRecord {
  id: string;
  centreId?: string | null;
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
  /** The records a list view showed, in its order; empty for an event about one record. */
  subjectIds: string[];
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
 * `event_unchained` an event is in no link and not queued for one (written with the chain's triggers turned off);
 * `chain_truncated` the chain ends before the position of an anchor (its newest events removed);
 * `anchor_mismatch` an anchored position holds another hash than the anchored one (events removed, then others chained in their place);
 * `anchor_invalid` an anchor's signature does not verify with AUDIT_ANCHOR_KEY (forged, or changed).
 */
export type ChainBreak = 'event_changed' | 'event_missing' | 'link_missing' | 'event_unchained' | 'chain_truncated' | 'anchor_mismatch' | 'anchor_invalid';

/** What the anchors say of a chain that holds. */
export interface AnchorCheck {
  /** Anchors whose signature verified and whose position holds the anchored hash. */
  checked: number;
  /** Anchors of positions retention has since removed: their signatures verified, their hashes can no longer be compared. */
  beforeRetention: number;
  /** Anchors not checked at all: there is no AUDIT_ANCHOR_KEY to verify them with. */
  unchecked: number;
  /** The anchor furthest along the chain. */
  latest: AuditAnchor;
}

/** `pending`: events committed while verification ran, queued for the next seal (not a break). `anchors`: when there are any. */
export type ChainVerification =
  | { ok: true; checked: number; start: ChainPoint; head: ChainPoint; pending: number; anchors?: AnchorCheck }
  | { ok: false; checked: number; start: ChainPoint; broken: { seq: number | null; eventId: string | null; reason: ChainBreak; head?: ChainPoint; anchor?: AuditAnchor } };

/** Anchoring the head: a new anchor, nothing new since the last one, or a refusal because the chain no longer holds the last anchor. */
export type AnchorResult = { anchored: AuditAnchor } | { unchanged: AuditAnchor | null } | { refused: string };

/** How many links verification reads at a time, and how many events one purge call removes at most. */
const VERIFY_BATCH = 5_000;
const PURGE_BATCH = 5_000;
/** How many queued events one seal chains at most, so the chain's lock is held briefly. */
const SEAL_BATCH = 5_000;

/** The time as the chain hashes it: UTC, to the microsecond. */
const EXACT_AT = `to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const RECORD_COLUMNS = `c.seq::text AS seq, e.id, e.at, ${EXACT_AT} AS "atExact", e.actor_id AS "actorId", e.action, e.entity_type AS "entityType",
  e.entity_id AS "entityId", e.centre_id AS "centreId", e.outcome, e.origin, e.request_id AS "requestId", e.subject_ids::text[] AS "subjectIds"`;

type RecordRow = Omit<AuditRecord, 'seq'> & { seq: string | null };

const ANCHOR_COLUMNS = `a.seq::text AS seq, a.hash, a.anchored_at AS "anchoredAt", a.signature`;
type AnchorRow = { seq: string; hash: string; anchoredAt: Date; signature: string };
const toAnchor = (row: AnchorRow): AuditAnchor => ({ seq: Number(row.seq), hash: row.hash, anchoredAt: row.anchoredAt, signature: row.signature });
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
    private readonly config: AppConfig,
  ) {}

  /** Records an event in the caller's transaction, so it commits or rolls back with the change; answers its id. */
  async record(manager: EntityManager, entry: AuditEntry): Promise<string> {
    const [id] = await this.recordMany(manager, [entry]);
    return id;
  }

  /**
   * Records the read of a list (a board, a waiting list, a page of cases) as one event per centre
   * shown, usually one, naming every record shown in `subject_ids`, in their order; the event's
   * `entity_id` is null, its `centre_id` the centre. Nothing is recorded for an empty list.
   */
  async recordList(manager: EntityManager, actor: Actor, action: AuditAction, entityType: AuditRecordType, records: readonly ListedRecord[]): Promise<string[]> {
    return this.recordLists(manager, actor, action, entityType, [records]);
  }

  /** Several lists shown together (the duplicates found for each person of an arrival), each recorded as recordList would, in one statement. */
  async recordLists(manager: EntityManager, actor: Actor, action: AuditAction, entityType: AuditRecordType, lists: readonly (readonly ListedRecord[])[]): Promise<string[]> {
    const entries: AuditEntry[] = [];
    for (const records of lists) {
      const byCentre = new Map<string | null, string[]>();
      for (const record of records) {
        const ids = byCentre.get(record.centreId ?? null) ?? [];
        if (!ids.includes(record.id)) ids.push(record.id);
        byCentre.set(record.centreId ?? null, ids);
      }
      for (const [centreId, subjectIds] of byCentre) entries.push({ ...auditEntry(actor, action, entityType, null, centreId), subjectIds });
    }
    return this.recordMany(manager, entries);
  }

  /** Records several events in one statement, for separate actions done together; answers their ids. */
  async recordMany(manager: EntityManager, entries: AuditEntry[]): Promise<string[]> {
    if (entries.length === 0) return [];
    const at = this.clock.now();
    const result = await manager.insert(
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
        subjectIds: [...(entry.subjectIds ?? [])],
      })),
    );
    return result.identifiers.map((identifier) => identifier.id as string);
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
   * it look broken; then checks the chain against every anchor (`audit_anchors`, and `options.anchor`,
   * one kept elsewhere, such as the worker's log), so that removing the newest events shows too.
   */
  async verifyChain(options: { anchor?: AuditAnchor } = {}): Promise<ChainVerification> {
    await this.sealPending();
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      const [checkpoint] = await manager.query<{ seq: string; hash: string }[]>(`SELECT k.seq::text AS seq, k.hash FROM audit_checkpoints k ORDER BY k.seq DESC LIMIT 1`);
      const start: ChainPoint = checkpoint ? { seq: Number(checkpoint.seq), hash: checkpoint.hash } : { seq: 0, hash: GENESIS_HASH };
      let previous = start;
      let checked = 0;
      for (;;) {
        const links = await manager.query<(Omit<RecordRow, 'at' | 'seq'> & { seq: string; linkHash: string; eventId: string; id: string | null })[]>(
          `SELECT c.seq::text AS seq, c.hash AS "linkHash", c.event_id AS "eventId", e.id, ${EXACT_AT} AS "atExact", e.actor_id AS "actorId", e.action,
                  e.entity_type AS "entityType", e.entity_id AS "entityId", e.centre_id AS "centreId", e.outcome, e.origin, e.request_id AS "requestId",
                  e.subject_ids::text[] AS "subjectIds"
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
      const anchors = await this.checkAnchors(manager, start, previous, options.anchor);
      if ('broken' in anchors) return { ok: false, checked, start, broken: anchors.broken };
      return { ok: true, checked, start, head: previous, pending, ...(anchors.check ? { anchors: anchors.check } : {}) };
    });
  }

  /**
   * Checks every anchor against a chain verified up to `head`, in the verification's snapshot, in
   * the order of the chain: its signature first (a forged anchor says nothing), then its position.
   */
  private async checkAnchors(
    manager: EntityManager,
    start: ChainPoint,
    head: ChainPoint,
    external?: AuditAnchor,
  ): Promise<{ broken: Extract<ChainVerification, { ok: false }>['broken'] } | { check: AnchorCheck | null }> {
    const keys = this.anchorKeys();
    let check: AnchorCheck | null = null;
    const inspect = (anchor: AuditAnchor, linkHash: string | null): Extract<ChainVerification, { ok: false }>['broken'] | null => {
      if (keys.length === 0) {
        check = { checked: 0, beforeRetention: 0, unchecked: (check?.unchecked ?? 0) + 1, latest: anchor.seq >= (check?.latest.seq ?? 0) ? anchor : check!.latest };
        return null;
      }
      if (!anchorSignedBy(keys, anchor)) return { seq: anchor.seq, eventId: null, reason: 'anchor_invalid', anchor };
      if (anchor.seq > head.seq) return { seq: anchor.seq, eventId: null, reason: 'chain_truncated', head, anchor };
      const beforeRetention = anchor.seq < start.seq;
      const expected = anchor.seq === start.seq ? start.hash : linkHash;
      if (!beforeRetention && expected !== anchor.hash) return { seq: anchor.seq, eventId: null, reason: 'anchor_mismatch', anchor };
      const latest = !check || anchor.seq >= check.latest.seq ? anchor : check.latest;
      check = { checked: (check?.checked ?? 0) + (beforeRetention ? 0 : 1), beforeRetention: (check?.beforeRetention ?? 0) + (beforeRetention ? 1 : 0), unchecked: 0, latest };
      return null;
    };
    let after: { seq: number; id: string } = { seq: 0, id: '00000000-0000-0000-0000-000000000000' };
    for (;;) {
      const rows = await manager.query<(AnchorRow & { id: string; linkHash: string | null })[]>(
        `SELECT a.id, ${ANCHOR_COLUMNS}, c.hash AS "linkHash" FROM audit_anchors a LEFT JOIN audit_chain c ON c.seq = a.seq
         WHERE (a.seq, a.id) > ($1::bigint, $2::uuid) ORDER BY a.seq, a.id LIMIT $3`,
        [after.seq, after.id, VERIFY_BATCH],
      );
      for (const row of rows) {
        const broken = inspect(toAnchor(row), row.linkHash);
        if (broken) return { broken };
      }
      if (rows.length < VERIFY_BATCH) break;
      after = { seq: Number(rows[rows.length - 1].seq), id: rows[rows.length - 1].id };
    }
    if (external) {
      const [link] = await manager.query<{ hash: string }[]>(`SELECT hash FROM audit_chain WHERE seq = $1`, [external.seq]);
      const broken = inspect(external, link?.hash ?? null);
      if (broken) return { broken };
    }
    return { check };
  }

  /**
   * Signs the chain's head and keeps the anchor in `audit_anchors`; the worker also writes it to its
   * log. Nothing is signed when the head has not moved since the last anchor, nor when the chain no
   * longer holds the last anchor (ends before it, or holds another hash there): that evidence stays
   * for `audit:verify`, and the refusal is the caller's to report.
   */
  async anchorHead(): Promise<AnchorResult> {
    const key = this.config.auditAnchorKey;
    if (!key) return { refused: 'AUDIT_ANCHOR_KEY is not set' };
    await this.sealPending();
    return this.dataSource.transaction(async (manager) => {
      // One anchoring at a time, whichever worker runs it.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('escale.audit_anchor'))`);
      const [link] = await manager.query<{ seq: string; hash: string }[]>(`SELECT c.seq::text AS seq, c.hash FROM audit_chain c ORDER BY c.seq DESC LIMIT 1`);
      const [checkpoint] = link ? [] : await manager.query<{ seq: string; hash: string }[]>(`SELECT k.seq::text AS seq, k.hash FROM audit_checkpoints k ORDER BY k.seq DESC LIMIT 1`);
      const head = link ?? checkpoint;
      const headSeq = head ? Number(head.seq) : 0;
      const last = await this.lastValidAnchor(manager);
      if (last) {
        if (headSeq < last.anchor.seq) return { refused: `the chain ends at event ${headSeq}, before its last anchor at event ${last.anchor.seq}` };
        if (last.linkHash !== null && last.linkHash !== last.anchor.hash) return { refused: `event ${last.anchor.seq} no longer has the hash it was anchored with` };
        if (headSeq === last.anchor.seq) return { unchanged: last.anchor };
      }
      if (!head) return { unchanged: null };
      const anchor = signAnchor(key, { seq: headSeq, hash: head.hash, anchoredAt: this.clock.now() });
      await manager.query(`INSERT INTO audit_anchors (seq, hash, anchored_at, signature) VALUES ($1, $2, $3, $4)`, [anchor.seq, anchor.hash, anchor.anchoredAt, anchor.signature]);
      return { anchored: anchor };
    });
  }

  /** The anchor furthest along the chain whose signature verifies (one written without the key is passed over), with the hash its position holds now. */
  private async lastValidAnchor(manager: EntityManager): Promise<{ anchor: AuditAnchor; linkHash: string | null } | null> {
    const keys = this.anchorKeys();
    for (let offset = 0; ; offset += 100) {
      const rows = await manager.query<(AnchorRow & { linkHash: string | null })[]>(
        `SELECT ${ANCHOR_COLUMNS}, c.hash AS "linkHash" FROM audit_anchors a LEFT JOIN audit_chain c ON c.seq = a.seq
         ORDER BY a.seq DESC, a.anchored_at DESC, a.id LIMIT 100 OFFSET $1`,
        [offset],
      );
      const valid = rows.find((row) => anchorSignedBy(keys, toAnchor(row)));
      if (valid) return { anchor: toAnchor(valid), linkHash: valid.linkHash };
      if (rows.length < 100) return null;
    }
  }

  private anchorKeys(): string[] {
    return [this.config.auditAnchorKey, ...this.config.auditAnchorPreviousKeys].filter((key): key is string => Boolean(key));
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
      clauses.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (filter.actorId) add('e.actor_id = ?', filter.actorId);
    if (filter.action) add('e.action = ?', filter.action);
    if (filter.entityType) add('e.entity_type = ?', filter.entityType);
    // An event about the record, or a list that showed it (the GIN index on subject_ids).
    if (filter.entityId) add('(e.entity_id = ?::uuid OR e.subject_ids @> ARRAY[?::uuid])', filter.entityId);
    if (filter.centreId) add('e.centre_id = ?', filter.centreId);
    if (filter.outcome) add('e.outcome = ?', filter.outcome);
    if (filter.from) add('e.at >= ?::timestamptz', filter.from);
    if (filter.to) add('e.at < ?::timestamptz', filter.to);
    return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }
}

/** The audit entry of something an actor did or read; every context builds its entries this way. */
export function auditEntry(actor: Actor, action: AuditAction, entityType: AuditRecordType, entityId?: string | null, centreId?: string | null): AuditEntry {
  return { actorId: actor.userId, action, entityType, entityId, centreId, origin: actor.origin, requestId: actor.requestId };
}
