import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { Clock, type QueueName } from '@escale/platform';
import { DataSource } from 'typeorm';

/** Enqueued this long ago and not done: the job may have been lost with Redis. */
const LOST_AFTER_MS = 60_000;

/**
 * Redis holds only queues, and may lose them. Every outbox row enqueued but not done whose job
 * is no longer in its queue is enqueued again, with the same job id; processors deduplicate by it.
 */
@Injectable()
export class OutboxReconciler {
  private readonly logger = new Logger(OutboxReconciler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
    private readonly clock: Clock,
  ) {}

  async reconcile(): Promise<number> {
    const rows = await this.dataSource.query<{ id: string; queue: QueueName; job_name: string; payload: Record<string, unknown> }[]>(
      `SELECT id, queue, job_name, payload FROM outbox_messages
        WHERE completed_at IS NULL AND failed_at IS NULL AND enqueued_at IS NOT NULL AND enqueued_at < $1
        ORDER BY enqueued_at LIMIT 1000`,
      [new Date(this.clock.now().getTime() - LOST_AFTER_MS)],
    );
    let requeued = 0;
    for (const row of rows) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(row.queue), { strict: false });
      if (await queue.getJob(row.id)) continue;
      await queue.add(row.job_name, row.payload, { jobId: row.id });
      requeued += 1;
    }
    if (requeued) this.logger.warn(`Re-enqueued ${requeued} job(s) missing from Redis`);
    return requeued;
  }
}
