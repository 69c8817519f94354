import { WorkerHost } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { SimulationBug } from './simulation-bug.js';

interface ClaimedRow {
  id: string;
  queue: string;
  job_name: string;
  payload: Record<string, unknown>;
  available_at: Date;
  created_at: Date;
}

/**
 * Runs the outbox jobs whose time has come through the worker's own processors, in this process
 * and at the simulated minute: what the relay and the queues do in production, without the wall
 * clock between them. Rows are claimed as the relay claims them (enqueued_at set, FOR UPDATE SKIP
 * LOCKED), then each job is handed to the processor of its queue, which marks it done.
 */
export class OutboxJobs {
  private readonly processors = new Map<string, WorkerHost>();
  /** Jobs run, by name. */
  readonly ran = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    worker: INestApplicationContext,
  ) {
    for (const wrapper of worker.get(DiscoveryService).getProviders()) {
      const instance = wrapper.instance as unknown;
      if (instance instanceof WorkerHost) this.processors.set(instance.worker.name, instance);
    }
  }

  /** Runs every job available at `now`; returns how many ran. */
  async runDue(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      // As the relay claims them: due at the clock's now, oldest first.
      const [rows] = await this.dataSource.query<[ClaimedRow[], number]>(
        `WITH due AS (
           SELECT id FROM outbox_messages WHERE enqueued_at IS NULL AND available_at <= $1
            ORDER BY available_at, created_at, id LIMIT 200 FOR UPDATE SKIP LOCKED
         )
         UPDATE outbox_messages o SET enqueued_at = $1 FROM due WHERE o.id = due.id
         RETURNING o.id, o.queue, o.job_name, o.payload, o.available_at, o.created_at`,
        [now],
      );
      if (rows.length === 0) return total;
      const ordered = [...rows].sort((a, b) => a.available_at.getTime() - b.available_at.getTime() || a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : 1));
      for (const row of ordered) {
        const processor = this.processors.get(row.queue);
        if (!processor) throw new SimulationBug(`outbox job ${row.job_name} (${row.id}) is for queue "${row.queue}", which no processor of the worker serves`);
        const job = { id: row.id, name: row.job_name, data: row.payload, attemptsMade: 1, opts: { attempts: 1 } } as unknown as Job;
        try {
          await processor.process(job);
        } catch (error) {
          throw new SimulationBug(`outbox job ${row.job_name} (${row.id}) failed in its processor: ${(error as Error).message}`);
        }
        this.ran.set(row.job_name, (this.ran.get(row.job_name) ?? 0) + 1);
      }
      total += rows.length;
    }
  }
}
