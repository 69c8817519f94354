import type { PoolClient } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * The simulation's own reads (what is due next, what was raised this minute...), run thousands of
 * times a year: on one connection of their own, as named statements PostgreSQL plans once, as the
 * notices path does. They only read; everything the world does goes through the services.
 */
export class Reader {
  private runner?: QueryRunner;
  private client?: PoolClient;

  constructor(private readonly dataSource: DataSource) {}

  /** One connection runs one statement at a time: reads asked for together (the centres' rounds) wait their turn. */
  private queue: Promise<unknown> = Promise.resolve();

  query<T>(name: string, text: string, values: unknown[] = []): Promise<T[]> {
    const run = this.queue.then(async () => {
      if (!this.client) {
        this.runner = this.dataSource.createQueryRunner();
        this.client = (await this.runner.connect()) as PoolClient;
      }
      const result = await this.client.query({ name: `simulator.${name}`, text, values });
      return result.rows as T[];
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.runner?.release();
    this.runner = undefined;
    this.client = undefined;
  }
}
