import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule, AuditService, type ChainBreak, type ChainVerification } from '@escale/audit';
import { DatabaseModule, loadConfigOrExit, PlatformModule } from '@escale/platform';
import { ENTITIES } from '@escale/schema';

const BREAKS: Record<ChainBreak, string> = {
  event_changed: 'the event differs from what was recorded (changed, or its link changed)',
  event_missing: 'the event was removed',
  link_missing: 'this position of the chain is missing (events removed or reordered)',
  event_unchained: 'the event is in no link of the chain (written with the chain’s triggers turned off)',
};

/** One line (or two) for the operator: OK with the count, or the first broken event. */
function describeVerification(result: ChainVerification): string {
  const from = result.start.seq === 0 ? 'the start' : `the retention checkpoint after event ${result.start.seq}`;
  if (result.ok) {
    const pending = result.pending ? ` ${result.pending} event(s) committed meanwhile wait for the next seal.` : '';
    return `Audit trail OK: ${result.checked} event(s) verified from ${from}.${pending}\nLast event ${result.head.seq}, hash ${result.head.hash}\n`;
  }
  const { seq, eventId, reason } = result.broken;
  const where = [seq === null ? null : `event ${seq}`, eventId ? `id ${eventId}` : null].filter(Boolean).join(', ');
  return `Audit trail BROKEN at ${where}: ${BREAKS[reason]}.\n${result.checked} event(s) before it verified from ${from}.\n`;
}

/**
 * `npm run audit:verify`: walks the audit chain and recomputes every hash. Exit code 0 when the
 * chain holds, 1 at the first broken event, 2 when it could not be checked.
 */
async function verifyAudit(): Promise<number> {
  const config = loadConfigOrExit();
  @Module({ imports: [PlatformModule.forRoot(config), DatabaseModule.forRoot(ENTITIES), AuditModule] })
  class VerifyModule {}
  const app = await NestFactory.createApplicationContext(VerifyModule, { logger: ['error'] });
  try {
    const result = await app.get(AuditService).verifyChain();
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
