import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A signed statement of the chain's head at a moment: "event `seq` of the audit chain had hash
 * `hash` at `anchoredAt`". Kept apart from the events (`audit_anchors`) and in the worker's log,
 * it lets verification notice the newest events removed: a head behind the latest anchor, or a
 * hash at the anchored position that is no longer the anchored one.
 */
export interface AuditAnchor {
  seq: number;
  hash: string;
  /** To the millisecond, as signed. */
  anchoredAt: Date;
  /** HMAC-SHA256 in hex, with AUDIT_ANCHOR_KEY. */
  signature: string;
}

const HASH = /^[0-9a-f]{64}$/;

/** What is signed: a label of the format, then the fields, each as `<bytes>:<text>`. */
function anchorStatement(seq: number, hash: string, anchoredAt: Date): string {
  return ['escale.audit-anchor.v1', String(seq), hash, anchoredAt.toISOString()].map((field) => `${Buffer.byteLength(field, 'utf8')}:${field}`).join('|');
}

export function signAnchor(key: string, point: { seq: number; hash: string; anchoredAt: Date }): AuditAnchor {
  const signature = createHmac('sha256', key).update(anchorStatement(point.seq, point.hash, point.anchoredAt), 'utf8').digest('hex');
  return { seq: point.seq, hash: point.hash, anchoredAt: point.anchoredAt, signature };
}

/** True when one of the keys signed this anchor, as it stands. */
export function anchorSignedBy(keys: readonly string[], anchor: AuditAnchor): boolean {
  if (!HASH.test(anchor.signature) || !HASH.test(anchor.hash) || !Number.isSafeInteger(anchor.seq) || anchor.seq < 1) return false;
  const given = Buffer.from(anchor.signature, 'hex');
  return keys.some((key) => timingSafeEqual(given, Buffer.from(signAnchor(key, anchor).signature, 'hex')));
}

/**
 * The anchor as one word for a log line, and back: `v1.<seq>.<hash>.<epoch ms>.<signature>`.
 * `npm run audit:verify -- --anchor <word>` checks the chain against an anchor kept outside the database.
 */
export function anchorToken(anchor: AuditAnchor): string {
  return ['v1', anchor.seq, anchor.hash, anchor.anchoredAt.getTime(), anchor.signature].join('.');
}

export function parseAnchorToken(token: string): AuditAnchor | null {
  const match = /^v1\.(\d{1,15})\.([0-9a-f]{64})\.(\d{1,15})\.([0-9a-f]{64})$/.exec(token.trim());
  if (!match) return null;
  return { seq: Number(match[1]), hash: match[2], anchoredAt: new Date(Number(match[3])), signature: match[4] };
}
