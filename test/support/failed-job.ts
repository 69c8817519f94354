import { Queue, Worker } from 'bullmq';
import type { AppConfig, QueueName } from '@escale/platform';
import { eventually } from './test-app.js';

/** The first line of the failure `addFailedJob` causes, and a second line the pages must never show. */
export const FAILURE_FIRST_LINE = 'The notice template could not be read';
export const FAILURE_SECOND_LINE = 'detail-line-for-the-logs-only';

/**
 * Adds a job to one of the application's queues and makes it fail once, as a processor that throws
 * would: the job ends in the failed state with a two-line reason and a stack. Answers its id.
 */
export async function addFailedJob(config: AppConfig, queueName: QueueName, jobId: string, data: Record<string, unknown> = { personId: jobId }): Promise<string> {
  const connection = { url: config.redisUrl };
  const queue = new Queue(queueName, { connection, prefix: config.queuePrefix });
  const worker = new Worker(
    queueName,
    async () => {
      throw new Error(`${FAILURE_FIRST_LINE}\n${FAILURE_SECOND_LINE}`);
    },
    { connection, prefix: config.queuePrefix },
  );
  try {
    await queue.add('test-failing-job', data, { jobId, attempts: 1 });
    // Another worker on these queues (the application's own) may take the job first: it fails there too, for want of a handler.
    await eventually(async () => (await queue.getJobState(jobId)) === 'failed');
  } finally {
    await worker.close();
    await queue.close();
  }
  return jobId;
}
