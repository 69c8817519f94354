import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { NoticesService } from '@escale/notices';
import { JobName, type JobPayloads, OutboxMessage, QueueName, workerTimings } from '@escale/platform';
import { DataSource } from 'typeorm';
import { SendWelcomeMessageJob } from './send-welcome-message.job.js';

/** The notices queue: dispatches each job by name to the one service method that runs it. */
@Processor(QueueName.Notices, { concurrency: 10, ...workerTimings() })
export class NoticesProcessor extends WorkerHost {
  private readonly logger = new Logger(NoticesProcessor.name);

  constructor(
    private readonly welcome: SendWelcomeMessageJob,
    private readonly notices: NoticesService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super();
  }

  async process(job: Job): Promise<void> {
    switch (job.name as JobName) {
      case JobName.SendWelcomeMessage:
        return this.welcome.run(job);
      case JobName.PreparePersonNotice:
        return this.notices.preparePersonNotice(job.id!, job.data as JobPayloads[JobName.PreparePersonNotice]);
      case JobName.DeliverAlertNotices:
        return this.notices.deliverAlertNotices(job.id!, (job.data as JobPayloads[JobName.DeliverAlertNotices]).alertId);
      case JobName.DeliverAlertEscalation: {
        const { alertId, round } = job.data as JobPayloads[JobName.DeliverAlertEscalation];
        return this.notices.deliverAlertEscalation(job.id!, alertId, round);
      }
      case JobName.NotifyApproachingDeadlines:
        await this.notices.notifyApproachingDeadlines();
        return;
      case JobName.SendDailyDigests:
        await this.notices.sendDailyDigests();
        return;
      default:
        throw new Error(`No handler for job ${job.name} on ${QueueName.Notices}`);
    }
  }

  /** Keeps each failure on the outbox row; a job that will not be retried again is failed for good, and admins are told. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    if (!job?.id) return;
    this.logger.warn({ jobId: job.id, job: job.name, attempt: job.attemptsMade }, `Job failed: ${error.message}`);
    await this.dataSource.manager
      .update(OutboxMessage, { id: job.id }, { attempts: job.attemptsMade, lastError: error.message.slice(0, 1000) })
      .catch(() => undefined);
    if (job.attemptsMade >= (job.opts.attempts ?? 1)) await this.notices.recordJobFailure(job.id, job.name, error.message).catch(() => undefined);
  }
}
