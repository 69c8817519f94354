import type { DefaultJobOptions } from 'bullmq';

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
}

/** Payloads carry ids only; the processor loads the rest. */
export interface JobPayloads {
  [JobName.SendWelcomeMessage]: { userId: string };
  /** Recurring: scans every centre; no payload. */
  [JobName.ScanWelfareAlerts]: Record<string, never>;
}

export const JOB_QUEUE: { [J in JobName]: QueueName } = {
  [JobName.SendWelcomeMessage]: QueueName.Notices,
  [JobName.ScanWelfareAlerts]: QueueName.Alerts,
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
