import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig, JobName, QueueName } from '@escale/platform';

export const WELFARE_SCAN_SCHEDULER = 'welfare-alerts-scan';
export const DEADLINES_SCHEDULER = 'referral-deadlines';
export const DIGEST_SCHEDULER = 'caseworker-digest';
export const SNAPSHOT_SCHEDULER = 'occupancy-snapshot';
export const MONTHLY_REPORT_SCHEDULER = 'monthly-funder-report';
export const ESCALATION_SCHEDULER = 'alert-escalation';
export const DUBLIN_CLOCKS_SCHEDULER = 'dublin-clocks';

/** Registers the recurring work; upserting is idempotent, so every worker may do it at start-up. */
@Injectable()
export class AlertSchedulesService implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Alerts) private readonly alerts: Queue,
    @InjectQueue(QueueName.Notices) private readonly notices: Queue,
    @InjectQueue(QueueName.Reports) private readonly reports: Queue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const kept = { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } };
    await this.notices.upsertJobScheduler(DEADLINES_SCHEDULER, { every: 15 * 60_000 }, { name: JobName.NotifyApproachingDeadlines, data: {}, opts: kept });
    // The caseworkers' digest at 07:00, Paris time.
    await this.notices.upsertJobScheduler(DIGEST_SCHEDULER, { pattern: '0 7 * * *', tz: 'Europe/Paris' }, { name: JobName.SendDailyDigests, data: {}, opts: kept });
    // Nights are snapshotted (and final months published) at 01:30; on the 6th at 06:00, Paris time, funders hear that the
    // month before last is published: a month is final once nothing can be recorded late into it (30 days).
    await this.reports.upsertJobScheduler(SNAPSHOT_SCHEDULER, { pattern: '30 1 * * *', tz: 'Europe/Paris' }, { name: JobName.TakeOccupancySnapshots, data: {}, opts: kept });
    await this.reports.upsertJobScheduler(MONTHLY_REPORT_SCHEDULER, { pattern: '0 6 6 * *', tz: 'Europe/Paris' }, { name: JobName.PrepareMonthlyReports, data: {}, opts: kept });
    // Unacknowledged urgent alerts are looked at every minute; each escalates once per ALERT_ESCALATION_MINUTES.
    await this.alerts.upsertJobScheduler(ESCALATION_SCHEDULER, { every: 60_000 }, { name: JobName.EscalateAlerts, data: {}, opts: kept });
    // Dublin deadlines are days and months long: a quarter of an hour late is well within them.
    await this.alerts.upsertJobScheduler(DUBLIN_CLOCKS_SCHEDULER, { every: 15 * 60_000 }, { name: JobName.ApplyDublinClocks, data: {}, opts: kept });
    await this.alerts.upsertJobScheduler(WELFARE_SCAN_SCHEDULER, { every: this.config.alertScanMs }, { name: JobName.ScanWelfareAlerts, data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } });
  }
}
