import { createHash } from 'node:crypto';

/** The hash before the first event of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** An event's fields as the chain hashes them, as text; `at` in UTC to the microsecond (`2026-11-26T16:41:49.479402Z`). */
export interface ChainedFields {
  seq: number;
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  centreId: string | null;
  outcome: string;
  origin: string | null;
  requestId: string | null;
  /** The records a list view showed, in their order; hashed only when there are any, so events without them hash as before. */
  subjectIds?: readonly string[];
}

/**
 * Each field as `<bytes>:<text>`, or `~` for null, joined by `|`: no two events serialise alike.
 * A list event's subjects follow as one more field, the ids joined by `,`; an event without any has no such field.
 */
export function canonicalEvent(event: ChainedFields): string {
  const subjects = event.subjectIds && event.subjectIds.length > 0 ? [event.subjectIds.join(',')] : [];
  const fields = [String(event.seq), event.id, event.at, event.actorId, event.action, event.entityType, event.entityId, event.centreId, event.outcome, event.origin, event.requestId, ...subjects];
  return fields.map((field) => (field === null ? '~' : `${Buffer.byteLength(field, 'utf8')}:${field}`)).join('|');
}

/**
 * sha256(previous hash | canonical event), in hex. The database computes the same when it links
 * an event (see the AddAuditChain migration); verification recomputes it here, independently.
 */
export function chainHash(previousHash: string, event: ChainedFields): string {
  return createHash('sha256').update(`${previousHash}|${canonicalEvent(event)}`, 'utf8').digest('hex');
}
