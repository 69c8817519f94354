import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { JobName, OutboxMessage, QueueName } from '@escale/platform';
import { DataSource } from 'typeorm';
import { SendWelcomeMessageJob } from './send-welcome-message.job.js';

/** The notices queue: dispatches each job by name to the one class that runs it. */
@Processor(QueueName.Notices, { concurrency: 10 })
export class NoticesProcessor extends WorkerHost {
  private readonly logger = new Logger(NoticesProcessor.name);

  constructor(
    private readonly welcome: SendWelcomeMessageJob,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super();
  }

  async process(job: Job): Promise<void> {
    switch (job.name as JobName) {
      case JobName.SendWelcomeMessage:
        return this.welcome.run(job);
      default:
        throw new Error(`No handler for job ${job.name} on ${QueueName.Notices}`);
    }
  }

  /** Keeps the outbox row's attempt count and last error, so failures are visible without Redis. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    if (!job?.id) return;
    this.logger.warn({ jobId: job.id, job: job.name, attempt: job.attemptsMade }, `Job failed: ${error.message}`);
    await this.dataSource.manager
      .update(OutboxMessage, { id: job.id }, { attempts: job.attemptsMade, lastError: error.message.slice(0, 1000) })
      .catch(() => undefined);
  }
}
