import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { NoticesService } from '@escale/notices';
import { JobName, type JobPayloads, QueueName, workerTimings } from '@escale/platform';
import { lastClosedMonthEnd, monthOf, ReportsService } from '@escale/reports';

/**
 * The reports queue: the nightly occupancy snapshot with the publication of every month that can
 * no longer change, and, once a month, the notice to funders that the newest published month is ready.
 */
@Processor(QueueName.Reports, { concurrency: 1, ...workerTimings() })
export class ReportsProcessor extends WorkerHost {
  private readonly logger = new Logger(ReportsProcessor.name);

  constructor(
    private readonly reports: ReportsService,
    private readonly notices: NoticesService,
  ) {
    super();
  }

  async process(job: Job): Promise<{ nights: number; notified?: number }> {
    switch (job.name as JobName) {
      case JobName.TakeOccupancySnapshots: {
        const nights = await this.reports.takeSnapshots();
        const published = await this.reports.publishFinalMonths();
        this.logger.log(`Snapshotted ${nights} centre-night(s); published ${published} month(s)`);
        return { nights };
      }
      case JobName.PrepareMonthlyReports: {
        const requested = (job.data as JobPayloads[JobName.PrepareMonthlyReports]).month;
        const month = requested ?? monthOf(lastClosedMonthEnd(this.reports.today()));
        const nights = await this.reports.takeSnapshots();
        await this.reports.publishFinalMonths();
        const notified = await this.notices.notifyMonthlyReportReady(month);
        this.logger.log(`Monthly report ${month} ready; ${notified} funder notice(s)`);
        return { nights, notified };
      }
      default:
        throw new Error(`No handler for job ${job.name} on ${QueueName.Reports}`);
    }
  }
}
