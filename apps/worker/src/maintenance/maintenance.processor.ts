import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import type { OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { OutboxReconciler } from '@escale/notices';
import { JobName, QueueName, workerTimings } from '@escale/platform';

export const OUTBOX_RECONCILE_SCHEDULER = 'outbox-reconcile';
const RECONCILE_EVERY_MS = 60_000;

/** The maintenance queue: the outbox reconciler, every minute. */
@Processor(QueueName.Maintenance, { concurrency: 1, ...workerTimings() })
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly reconciler: OutboxReconciler,
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(OUTBOX_RECONCILE_SCHEDULER, { every: RECONCILE_EVERY_MS }, { name: JobName.ReconcileOutbox, data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } });
  }

  async process(job: Job): Promise<number> {
    if (job.name !== JobName.ReconcileOutbox) throw new Error(`No handler for job ${job.name} on ${QueueName.Maintenance}`);
    return this.reconciler.reconcile();
  }
}
