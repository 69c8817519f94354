import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { AlertEscalationService } from '@escale/alerts';
import { DublinService } from '@escale/cases';
import { Clock, JobName, type JobPayloads, OutboxService, QueueName, workerTimings } from '@escale/platform';
import { WelfareAlertsService } from '@escale/welfare';
import { DataSource } from 'typeorm';

/** The alerts queue: the recurring scan, the alert due when an authority runs out, the escalation of unacknowledged urgent alerts, and the Dublin clocks. */
@Processor(QueueName.Alerts, { concurrency: 1, ...workerTimings() })
export class AlertsProcessor extends WorkerHost {
  private readonly logger = new Logger(AlertsProcessor.name);

  constructor(
    private readonly welfareAlerts: WelfareAlertsService,
    private readonly escalation: AlertEscalationService,
    private readonly dublin: DublinService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.ScanWelfareAlerts: {
        const result = await this.welfareAlerts.scan();
        if (result.raised) this.logger.log(`Raised ${result.raised} alert(s)`);
        return result;
      }
      case JobName.RaiseAuthorityExpired: {
        const raised = await this.welfareAlerts.raiseExpiredAuthority((job.data as JobPayloads[JobName.RaiseAuthorityExpired]).stayId);
        // A job from the outbox: its row is done once the alert is raised (or was not needed).
        await this.outbox.markCompleted(this.dataSource.manager, job.id!, this.clock.now());
        return { raised };
      }
      case JobName.EscalateAlerts: {
        const escalated = await this.escalation.escalateDue();
        if (escalated) this.logger.log(`Escalated ${escalated} alert(s)`);
        return { escalated };
      }
      case JobName.ApplyDublinClocks: {
        const moved = await this.dublin.applyDublinClocks();
        if (moved.accepted || moved.lapsed) this.logger.log(`Dublin: ${moved.accepted} implicit acceptance(s), ${moved.lapsed} lapsed transfer(s)`);
        return moved;
      }
      default:
        throw new Error(`No handler for job ${job.name} on ${QueueName.Alerts}`);
    }
  }
}
