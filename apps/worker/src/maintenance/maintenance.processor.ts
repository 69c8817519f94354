import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { AuditService } from '@escale/audit';
import { OutboxReconciler } from '@escale/notices';
import { AppConfig, JobName, QueueName, workerTimings } from '@escale/platform';
import { RetentionService } from '@escale/privacy';

export const OUTBOX_RECONCILE_SCHEDULER = 'outbox-reconcile';
export const AUDIT_RETENTION_SCHEDULER = 'audit-retention';
export const PERSONAL_DATA_RETENTION_SCHEDULER = 'personal-data-retention';
export const AUDIT_SEAL_SCHEDULER = 'audit-seal';
const RECONCILE_EVERY_MS = 60_000;
// The longest an audit event waits to be chained when no later commit seals it.
const SEAL_EVERY_MS = 15_000;

/** The maintenance queue: the outbox reconciler, every minute; the audit chain's sealing, every 15 s; retention, nightly. */
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
      default:
        throw new Error(`No handler for job ${job.name} on ${QueueName.Maintenance}`);
    }
  }
}
