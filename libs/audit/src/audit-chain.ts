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
}

/** Each field as `<bytes>:<text>`, or `~` for null, joined by `|`: no two events serialise alike. */
export function canonicalEvent(event: ChainedFields): string {
  const fields = [String(event.seq), event.id, event.at, event.actorId, event.action, event.entityType, event.entityId, event.centreId, event.outcome, event.origin, event.requestId];
  return fields.map((field) => (field === null ? '~' : `${Buffer.byteLength(field, 'utf8')}:${field}`)).join('|');
}

/**
 * sha256(previous hash | canonical event), in hex. The database computes the same when it links
 * an event (see the AddAuditChain migration); verification recomputes it here, independently.
 */
export function chainHash(previousHash: string, event: ChainedFields): string {
  return createHash('sha256').update(`${previousHash}|${canonicalEvent(event)}`, 'utf8').digest('hex');
}
