import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type Job, Queue } from 'bullmq';
import { auditEntry, AuditService } from '@escale/audit';
import { type Actor, AppConfig, NotFound, type Page, QueueName } from '@escale/platform';

/** The states a queue's counts are given in, in the order the page shows them. A paused queue's jobs wait: pausing is the queue's, not a job's. */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];
/** The states whose jobs the page lists. */
export const LISTED_STATES = ['failed', 'delayed', 'waiting', 'completed'] as const;
export type ListedState = (typeof LISTED_STATES)[number];

export interface QueueCounts {
  name: QueueName;
  counts: Record<JobState, number>;
  paused: boolean;
}

/** A job as the page shows it: no payload, only the names of its fields; the first line of its failure, never the stack. */
export interface JobSummary {
  id: string;
  name: string;
  attempts: number;
  dataKeys: string[];
  createdAt: string;
  processedAt: string | null;
  finishedAt: string | null;
  failure: string | null;
}

const FAILURE_SHOWN = 300;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isoOf = (ms: number | undefined): string | null => (ms ? new Date(ms).toISOString() : null);

/** The first line of a failure, shortened: the stack stays in the worker's logs. */
export function failureLine(reason: string | undefined): string | null {
  const line = reason?.split(/\r?\n/)[0]?.trim();
  if (!line) return null;
  return line.length > FAILURE_SHOWN ? `${line.slice(0, FAILURE_SHOWN - 1)}…` : line;
}

function summaryOf(job: Job): JobSummary {
  const data: unknown = job.data;
  return {
    id: String(job.id),
    name: job.name,
    attempts: job.attemptsMade,
    dataKeys: data && typeof data === 'object' && !Array.isArray(data) ? Object.keys(data).sort() : [],
    createdAt: new Date(job.timestamp).toISOString(),
    processedAt: isoOf(job.processedOn),
    finishedAt: isoOf(job.finishedOn),
    failure: job.failedReason ? failureLine(job.failedReason) : null,
  };
}

/** The application's queues, read and retried through BullMQ; every retry is audited. */
@Injectable()
export class JobQueuesService implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();

  constructor(
    config: AppConfig,
    private readonly audit: AuditService,
  ) {
    for (const name of Object.values(QueueName)) {
      const queue = new Queue(name, { connection: { url: config.redisUrl }, prefix: config.queuePrefix });
      // Readiness reports a Redis that does not answer; these pages need not repeat it in the logs.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }

  /** A queue by its name; any other name is not found. */
  private queue(name: string): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new NotFound('queue');
    return queue;
  }

  /** Whether `name` is one of the application's queues. */
  has(name: string): name is QueueName {
    return this.queues.has(name);
  }

  async counts(): Promise<QueueCounts[]> {
    return Promise.all(
      [...this.queues.entries()].map(async ([name, queue]) => {
        const [found, paused] = await Promise.all([queue.getJobCounts(...JOB_STATES), queue.isPaused()]);
        return { name: name as QueueName, counts: Object.fromEntries(JOB_STATES.map((state) => [state, found[state] ?? 0])) as Record<JobState, number>, paused };
      }),
    );
  }

  /** One page of a queue's jobs in a state, the newest first. */
  async jobs(name: string, state: ListedState, limit: number, offset: number): Promise<Page<JobSummary>> {
    const queue = this.queue(name);
    const total = await queue.getJobCountByTypes(state);
    const jobs = total > offset ? await queue.getJobs([state], offset, offset + limit - 1, false) : [];
    return { items: jobs.filter(Boolean).map(summaryOf), limit, offset, total };
  }

  /** Moves a failed job back to waiting, for the worker to try again. */
  async retry(actor: Actor, name: string, jobId: string): Promise<void> {
    const queue = this.queue(name);
    const job = jobId.length <= 200 ? await queue.getJob(jobId) : undefined;
    if (!job) throw new NotFound('job');
    if ((await job.getState()) !== 'failed') throw new NotFound('job');
    await job.retry('failed');
    await this.audit.recordAlone(auditEntry(actor, 'job.retry', 'job', UUID.test(jobId) ? jobId : null));
  }

  /** Moves every failed job of a queue back to waiting; answers how many were failed. */
  async retryAllFailed(actor: Actor, name: string): Promise<number> {
    const queue = this.queue(name);
    const failed = await queue.getJobCountByTypes('failed');
    if (failed > 0) await queue.retryJobs({ state: 'failed' });
    await this.audit.recordAlone(auditEntry(actor, 'job.retry_all', 'job'));
    return failed;
  }
}
