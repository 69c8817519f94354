import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { AppConfig, Clock, OutboxMessage, QueueName } from '@escale/platform';
import { DataSource } from 'typeorm';

const BATCH_SIZE = 200;

/**
 * Moves committed outbox rows into their queues. Rows are claimed with FOR UPDATE SKIP LOCKED
 * so several workers can relay at once without sending a row twice; the outbox id is the job
 * id, so a relay that dies after adding but before committing is deduplicated by BullMQ.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  static readonly ENABLED = Symbol('OutboxRelay.ENABLED');
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(OutboxRelay.ENABLED) private readonly enabled: boolean,
  ) {}

  onApplicationBootstrap(): void {
    if (this.enabled) this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.relayPending()
        .then((count) => this.schedule(count === BATCH_SIZE ? 0 : this.config.outboxPollMs))
        .catch((error: Error) => {
          this.logger.error(`Outbox relay failed: ${error.message}`);
          this.schedule(this.config.outboxPollMs * 4);
        });
    }, delay);
  }

  /** Relays one batch of pending rows; returns how many it moved. */
  async relayPending(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager
        .createQueryBuilder(OutboxMessage, 'o')
        .where('o.enqueued_at IS NULL')
        .andWhere('o.available_at <= :now', { now: this.clock.now() })
        .orderBy('o.available_at', 'ASC')
        .limit(BATCH_SIZE)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (rows.length === 0) return 0;
      const byQueue = new Map<string, OutboxMessage[]>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      for (const [queueName, queued] of byQueue) {
        await this.queue(queueName as QueueName).addBulk(
          queued.map((row) => ({ name: row.jobName, data: row.payload, opts: { jobId: row.id } })),
        );
      }
      await manager
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({ enqueuedAt: this.clock.now() })
        .whereInIds(rows.map((row) => row.id))
        .execute();
      return rows.length;
    });
  }

  private queue(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }
}
