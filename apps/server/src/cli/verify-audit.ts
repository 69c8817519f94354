import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { anchorToken, type AuditAnchor, AuditModule, AuditService, type ChainBreak, type ChainVerification, parseAnchorToken } from '@escale/audit';
import { DatabaseModule, loadConfigOrExit, PlatformModule } from '@escale/platform';
import { ENTITIES } from '@escale/schema';

const BREAKS: Record<ChainBreak, string> = {
  event_changed: 'the event differs from what was recorded (changed, or its link changed)',
  event_missing: 'the event was removed',
  link_missing: 'this position of the chain is missing (events removed or reordered)',
  event_unchained: 'the event is in no link of the chain (written with the chain’s triggers turned off)',
  chain_truncated: 'the chain ends before this anchored event (its newest events were removed)',
  anchor_mismatch: 'the event no longer has the hash it was anchored with (events removed, and others chained in their place)',
  anchor_invalid: 'the anchor of this event is not signed with AUDIT_ANCHOR_KEY (forged, or changed)',
};

const describeAnchor = (anchor: AuditAnchor) => `event ${anchor.seq}, hash ${anchor.hash}, signed ${anchor.anchoredAt.toISOString()}\nAnchor ${anchorToken(anchor)}`;

/** What the anchors say, after an intact chain. */
function describeAnchors(result: Extract<ChainVerification, { ok: true }>): string {
  const anchors = result.anchors;
  if (!anchors) return 'No anchor yet: removing the newest events would not show until the worker anchors the chain.\n';
  if (anchors.unchecked) return `${anchors.unchecked} anchor(s) NOT checked: AUDIT_ANCHOR_KEY is not set.\n`;
  const retired = anchors.beforeRetention ? `, ${anchors.beforeRetention} more of events since removed by retention (signatures verified)` : '';
  return `${anchors.checked} anchor(s) verified${retired}. Latest: ${describeAnchor(anchors.latest)}\n`;
}

/** A few lines for the operator: OK with the count and the latest anchor, or the first break. */
function describeVerification(result: ChainVerification): string {
  const from = result.start.seq === 0 ? 'the start' : `the retention checkpoint after event ${result.start.seq}`;
  if (result.ok) {
    const pending = result.pending ? ` ${result.pending} event(s) committed meanwhile wait for the next seal.` : '';
    return `Audit trail OK: ${result.checked} event(s) verified from ${from}.${pending}\nLast event ${result.head.seq}, hash ${result.head.hash}\n${describeAnchors(result)}`;
  }
  const { seq, eventId, reason, head, anchor } = result.broken;
  const where = [seq === null ? null : `event ${seq}`, eventId ? `id ${eventId}` : null].filter(Boolean).join(', ');
  const detail = [head ? `The chain ends at event ${head.seq}.` : null, anchor ? `Anchor: ${describeAnchor(anchor)}` : null].filter(Boolean).join('\n');
  return `Audit trail BROKEN at ${where}: ${BREAKS[reason]}.\n${detail ? `${detail}\n` : ''}${result.checked} event(s)${anchor ? '' : ' before it'} verified from ${from}.\n`;
}

/**
 * `npm run audit:verify [-- --anchor <anchor>]`: walks the audit chain, recomputes every hash and
 * checks it against its anchors, and against an anchor kept elsewhere (a line of the worker's log)
 * when one is given. Exit code 0 when the chain holds, 1 at the first break, 2 when it could not be checked.
 */
async function verifyAudit(): Promise<number> {
  const { values } = parseArgs({ options: { anchor: { type: 'string' } }, strict: true });
  const anchor = values.anchor === undefined ? undefined : parseAnchorToken(values.anchor);
  if (anchor === null) {
    process.stderr.write('Audit verification failed to run: --anchor must be an anchor as the worker logs it (v1.<event>.<hash>.<time>.<signature>)\n');
    return 2;
  }
  const config = loadConfigOrExit();
  @Module({ imports: [PlatformModule.forRoot(config), DatabaseModule.forRoot(ENTITIES), AuditModule] })
  class VerifyModule {}
  const app = await NestFactory.createApplicationContext(VerifyModule, { logger: ['error'] });
  try {
    const result = await app.get(AuditService).verifyChain({ anchor });
    const text = describeVerification(result);
    (result.ok ? process.stdout : process.stderr).write(text);
    return result.ok ? 0 : 1;
  } finally {
    await app.close();
  }
}

verifyAudit().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`Audit verification failed to run: ${error.message}\n`);
    process.exit(2);
  },
);
