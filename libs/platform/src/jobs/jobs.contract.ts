import type { DefaultJobOptions } from 'bullmq';
import { parseConfig } from '../config/app-config.js';

/** One queue per concern. */
export enum QueueName {
  Notices = 'notices',
  Alerts = 'alerts',
  Reports = 'reports',
  Maintenance = 'maintenance',
}

export enum JobName {
  SendWelcomeMessage = 'send-welcome-message',
  ScanWelfareAlerts = 'scan-welfare-alerts',
  PreparePersonNotice = 'prepare-person-notice',
  DeliverAlertNotices = 'deliver-alert-notices',
  ReconcileOutbox = 'reconcile-outbox',
  NotifyApproachingDeadlines = 'notify-approaching-deadlines',
  SendDailyDigests = 'send-daily-digests',
  TakeOccupancySnapshots = 'take-occupancy-snapshots',
  PrepareMonthlyReports = 'prepare-monthly-reports',
  PurgeAuditEvents = 'purge-audit-events',
  ApplyRetention = 'apply-retention',
  SealAuditChain = 'seal-audit-chain',
  RaiseAuthorityExpired = 'raise-authority-expired',
  EscalateAlerts = 'escalate-alerts',
  DeliverAlertEscalation = 'deliver-alert-escalation',
  AnchorAuditChain = 'anchor-audit-chain',
  ApplyDublinClocks = 'apply-dublin-clocks',
}

export const PERSON_NOTICE_TYPES = ['rights_on_arrival', 'asylum_claim_reminder', 'referral_decision', 'transfer', 'release'] as const;
export type PersonNoticeType = (typeof PERSON_NOTICE_TYPES)[number];

/** Payloads carry ids only; the processor loads the rest. */
export interface JobPayloads {
  [JobName.SendWelcomeMessage]: { userId: string };
  /** Recurring: scans every centre; no payload. */
  [JobName.ScanWelfareAlerts]: Record<string, never>;
  [JobName.PreparePersonNotice]: { type: PersonNoticeType; stayId: string; referralId?: string };
  [JobName.DeliverAlertNotices]: { alertId: string };
  [JobName.ReconcileOutbox]: Record<string, never>;
  [JobName.NotifyApproachingDeadlines]: Record<string, never>;
  [JobName.SendDailyDigests]: Record<string, never>;
  /** Recurring: each centre's nights up to yesterday. */
  [JobName.TakeOccupancySnapshots]: Record<string, never>;
  /** Recurring on the 1st: the month just ended (`YYYY-MM`, default the previous month) is snapshotted and funders told. */
  [JobName.PrepareMonthlyReports]: { month?: string };
  /** Recurring: audit events older than AUDIT_RETENTION_MONTHS. */
  [JobName.PurgeAuditEvents]: Record<string, never>;
  /** Recurring, nightly: people's data past its retention period (RETENTION_MONTHS) is erased; no payload, so nothing personal in Redis. */
  [JobName.ApplyRetention]: Record<string, never>;
  /** Recurring: chains the audit events whose commit left them queued. */
  [JobName.SealAuditChain]: Record<string, never>;
  /** Due at the minute a placement's authority runs out: the urgent alert is raised then, not at the next scan. */
  [JobName.RaiseAuthorityExpired]: { stayId: string };
  /** Recurring, every minute: urgent alerts nobody acknowledged go to the centre's duty contacts. */
  [JobName.EscalateAlerts]: Record<string, never>;
  /** One round of an urgent alert's escalation, to the centre's duty contacts. */
  [JobName.DeliverAlertEscalation]: { alertId: string; round: number };
  /** Recurring, every 5 minutes and after the nightly jobs: signs the audit chain's head (AUDIT_ANCHOR_KEY). */
  [JobName.AnchorAuditChain]: Record<string, never>;
  /** Recurring, every 15 minutes: Dublin requests unanswered in time are accepted implicitly, transfers not made in time lapse. */
  [JobName.ApplyDublinClocks]: Record<string, never>;
}

export const JOB_QUEUE: { [J in JobName]: QueueName } = {
  [JobName.SendWelcomeMessage]: QueueName.Notices,
  [JobName.ScanWelfareAlerts]: QueueName.Alerts,
  [JobName.PreparePersonNotice]: QueueName.Notices,
  [JobName.DeliverAlertNotices]: QueueName.Notices,
  [JobName.ReconcileOutbox]: QueueName.Maintenance,
  [JobName.NotifyApproachingDeadlines]: QueueName.Notices,
  [JobName.SendDailyDigests]: QueueName.Notices,
  [JobName.TakeOccupancySnapshots]: QueueName.Reports,
  [JobName.PrepareMonthlyReports]: QueueName.Reports,
  [JobName.PurgeAuditEvents]: QueueName.Maintenance,
  [JobName.ApplyRetention]: QueueName.Maintenance,
  [JobName.SealAuditChain]: QueueName.Maintenance,
  [JobName.RaiseAuthorityExpired]: QueueName.Alerts,
  [JobName.EscalateAlerts]: QueueName.Alerts,
  [JobName.DeliverAlertEscalation]: QueueName.Notices,
  [JobName.AnchorAuditChain]: QueueName.Maintenance,
  [JobName.ApplyDublinClocks]: QueueName.Alerts,
};

const backoff = (attempts: number, delay: number): DefaultJobOptions => ({
  attempts,
  backoff: { type: 'exponential', delay },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
});

/** Retries with exponential backoff, set per queue. */
export const QUEUE_JOB_OPTIONS: { [Q in QueueName]: DefaultJobOptions } = {
  [QueueName.Notices]: backoff(8, 2_000),
  [QueueName.Alerts]: backoff(8, 1_000),
  [QueueName.Reports]: backoff(5, 10_000),
  [QueueName.Maintenance]: backoff(3, 30_000),
};

export interface OutboxJob<J extends JobName = JobName> {
  name: J;
  payload: JobPayloads[J];
}

/**
 * Lock and stall-check timings of the workers. They go into the processors' decorators, which
 * are read before the application starts, so they come from the environment through the config.
 */
export function workerTimings(): { lockDuration: number; stalledInterval: number; maxStalledCount: number } {
  let stalledMs = 30_000;
  try {
    stalledMs = parseConfig(process.env).workerStalledMs;
  } catch {
    // A bad configuration is reported, in one line, when the worker starts.
  }
  // Jobs are idempotent, so a job taken back from a slow worker and run again does no harm.
  return { lockDuration: stalledMs, stalledInterval: stalledMs, maxStalledCount: 5 };
}
