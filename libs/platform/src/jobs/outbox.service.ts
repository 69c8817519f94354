import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock.js';
import { JOB_QUEUE, JobName, type JobPayloads } from './jobs.contract.js';
import { OutboxMessage } from './outbox-message.entity.js';

/** Contexts schedule jobs through here, inside their own transaction. */
@Injectable()
export class OutboxService {
  constructor(private readonly clock: Clock) {}

  /** A job due now is due at the clock's now (the relay compares with the same clock), not the database's. */
  async schedule<J extends JobName>(manager: EntityManager, name: J, payload: JobPayloads[J], options: { availableAt?: Date } = {}): Promise<string> {
    const row = manager.create(OutboxMessage, {
      id: randomUUID(),
      availableAt: options.availableAt ?? this.clock.now(),
      queue: JOB_QUEUE[name],
      jobName: name,
      payload: payload as unknown as Record<string, unknown>,
    });
    // An insert, not a save: the id is new, and a save would first read the row to see whether it exists.
    await manager.insert(OutboxMessage, { ...row, payload: row.payload as object });
    return row.id;
  }

  /** Marks a job's outbox row done; called by the processor in its own transaction. */
  async markCompleted(manager: EntityManager, outboxId: string, at: Date): Promise<void> {
    await manager.update(OutboxMessage, { id: outboxId }, { completedAt: at });
  }
}
