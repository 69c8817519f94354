import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig, JobName, QueueName } from '@escale/platform';

export const WELFARE_SCAN_SCHEDULER = 'welfare-alerts-scan';

/** Registers the recurring scans; upserting is idempotent, so every worker may do it at start-up. */
@Injectable()
export class AlertSchedulesService implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Alerts) private readonly alerts: Queue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.alerts.upsertJobScheduler(WELFARE_SCAN_SCHEDULER, { every: this.config.alertScanMs }, { name: JobName.ScanWelfareAlerts, data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } });
  }
}
