import type { PoolClient } from 'pg';
import { type DataSource, QueryFailedError } from 'typeorm';

/**
 * Runs a statement by name on a connection of the pool, so that PostgreSQL parses and plans it
 * once per connection instead of at each run: for the hot paths' larger statements, planning is a
 * good part of their cost. Errors are TypeORM's, as from `query()`.
 */
export async function runNamed<T>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    const result = await client.query({ name, text, values }).catch((error: Error) => {
      throw new QueryFailedError(text, values, error);
    });
    return result.rows as T[];
  } finally {
    await runner.release();
  }
}
