import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, QueueName, workerTimings } from '@escale/platform';
import { WelfareAlertsService } from '@escale/welfare';

/** The alerts queue: the recurring scan for overdue checks, expiring authority and unanswered reports. */
@Processor(QueueName.Alerts, { concurrency: 1, ...workerTimings() })
export class AlertsProcessor extends WorkerHost {
  private readonly logger = new Logger(AlertsProcessor.name);

  constructor(private readonly welfareAlerts: WelfareAlertsService) {
    super();
  }

  async process(job: Job): Promise<{ raised: number; current: number }> {
    switch (job.name as JobName) {
      case JobName.ScanWelfareAlerts: {
        const result = await this.welfareAlerts.scan();
        if (result.raised) this.logger.log(`Raised ${result.raised} alert(s)`);
        return result;
      }
      default:
        throw new Error(`No handler for job ${job.name} on ${QueueName.Alerts}`);
    }
  }
}
