import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';

// Run from dist/apps/simulator/src: the compiled migration command is in dist/libs/schema/src.
const MIGRATE = fileURLToPath(new URL('../../../libs/schema/src/migrate.js', import.meta.url));

/** The database a simulation runs on: the one named, or escale_simulation next to the configured one, so no demo data is ever wiped. */
export function simulationDatabaseUrl(named: string | undefined, configured: string): URL {
  if (named) return new URL(named);
  const url = new URL(configured);
  url.pathname = '/escale_simulation';
  return url;
}

/** Drops and recreates the database, then runs the migrations as the tests do (the compiled migration command). */
export async function recreateDatabase(url: URL): Promise<void> {
  const name = decodeURIComponent(url.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoted}`);
  } finally {
    await client.end();
  }
  if (!existsSync(MIGRATE)) throw new Error(`${MIGRATE} is missing: run "npm run build" first`);
  execFileSync(process.execPath, [MIGRATE], { env: { ...process.env, DATABASE_URL: url.toString(), NODE_OPTIONS: '' }, stdio: 'pipe' });
}

/** Removes every Redis key under the run's queue prefix, so its queues start empty. */
export async function clearQueues(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
