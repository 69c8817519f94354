import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { anchorToken, AuditService } from '@escale/audit';
import { OutboxReconciler } from '@escale/notices';
import { AppConfig, JobName, QueueName, workerTimings } from '@escale/platform';
import { RetentionService } from '@escale/privacy';

export const OUTBOX_RECONCILE_SCHEDULER = 'outbox-reconcile';
export const AUDIT_RETENTION_SCHEDULER = 'audit-retention';
export const PERSONAL_DATA_RETENTION_SCHEDULER = 'personal-data-retention';
export const AUDIT_SEAL_SCHEDULER = 'audit-seal';
export const AUDIT_ANCHOR_SCHEDULER = 'audit-anchor';
export const AUDIT_NIGHTLY_ANCHOR_SCHEDULER = 'audit-anchor-nightly';
const RECONCILE_EVERY_MS = 60_000;
// The longest an audit event waits to be chained when no later commit seals it.
const SEAL_EVERY_MS = 15_000;
// The most recent events an attacker could remove unnoticed are those since the last anchor.
const ANCHOR_EVERY_MS = 5 * 60_000;

/**
 * The maintenance queue: the outbox reconciler, every minute; the audit chain's sealing, every 15 s,
 * and its anchoring, every 5 minutes and after the nightly jobs; retention, nightly.
 */
@Processor(QueueName.Maintenance, { concurrency: 1, ...workerTimings() })
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly reconciler: OutboxReconciler,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    private readonly retention: RetentionService,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const kept = { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } };
    await this.queue.upsertJobScheduler(OUTBOX_RECONCILE_SCHEDULER, { every: RECONCILE_EVERY_MS }, { name: JobName.ReconcileOutbox, data: {}, opts: kept });
    // At 03:15, Paris time, after the night's snapshots.
    await this.queue.upsertJobScheduler(AUDIT_RETENTION_SCHEDULER, { pattern: '15 3 * * *', tz: 'Europe/Paris' }, { name: JobName.PurgeAuditEvents, data: {}, opts: kept });
    // People's data past its retention period, at 02:45 Paris time, after the night's snapshot.
    await this.queue.upsertJobScheduler(PERSONAL_DATA_RETENTION_SCHEDULER, { pattern: '45 2 * * *', tz: 'Europe/Paris' }, { name: JobName.ApplyRetention, data: {}, opts: kept });
    await this.queue.upsertJobScheduler(AUDIT_SEAL_SCHEDULER, { every: SEAL_EVERY_MS }, { name: JobName.SealAuditChain, data: {}, opts: kept });
    if (this.config.auditAnchorKey) {
      await this.queue.upsertJobScheduler(AUDIT_ANCHOR_SCHEDULER, { every: ANCHOR_EVERY_MS }, { name: JobName.AnchorAuditChain, data: {}, opts: kept });
      // At 03:30, Paris time, after the night's snapshots, retention and the audit purge.
      await this.queue.upsertJobScheduler(AUDIT_NIGHTLY_ANCHOR_SCHEDULER, { pattern: '30 3 * * *', tz: 'Europe/Paris' }, { name: JobName.AnchorAuditChain, data: {}, opts: kept });
    } else {
      await this.queue.removeJobScheduler(AUDIT_ANCHOR_SCHEDULER);
      await this.queue.removeJobScheduler(AUDIT_NIGHTLY_ANCHOR_SCHEDULER);
      this.logger.warn('AUDIT_ANCHOR_KEY is not set: the audit chain is not anchored, and removing its newest events would go unnoticed');
    }
  }

  async process(job: Job): Promise<number> {
    switch (job.name as JobName) {
      case JobName.ReconcileOutbox:
        return this.reconciler.reconcile();
      case JobName.PurgeAuditEvents: {
        const removed = await this.audit.purgeExpired(this.config.auditRetentionMonths);
        this.logger.log(`Removed ${removed} audit event(s) older than ${this.config.auditRetentionMonths} months`);
        return removed;
      }
      case JobName.ApplyRetention: {
        // Counts only: the job's result is kept in Redis, which must hold nothing personal.
        const run = await this.retention.runRetention();
        return run.people;
      }
      case JobName.SealAuditChain:
        return this.audit.sealPending();
      case JobName.AnchorAuditChain:
        return this.anchorAuditChain();
      default:
        throw new Error(`No handler for job ${job.name} on ${QueueName.Maintenance}`);
    }
  }

  /** The anchor goes to the log as well as to its table: a copy outside the database, for `audit:verify --anchor`. */
  private async anchorAuditChain(): Promise<number> {
    const result = await this.audit.anchorHead();
    if ('refused' in result) {
      this.logger.error(`Audit chain NOT anchored: ${result.refused}. Run npm run audit:verify.`);
      throw new Error(`Audit chain not anchored: ${result.refused}`);
    }
    if ('anchored' in result) this.logger.log(`Audit chain anchored at event ${result.anchored.seq}: ${anchorToken(result.anchored)}`);
    return ('anchored' in result ? result.anchored : result.unchanged)?.seq ?? 0;
  }
}
