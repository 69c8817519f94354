// The plain write-transaction ceiling: pgbench's TPC-B-like transaction (BEGIN; UPDATE accounts;
// SELECT; UPDATE tellers; UPDATE branches; INSERT history; END), six statements, on the same
// database and machine as the check-ins, in a schema of its own that is dropped afterwards.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCHEMA = 'bench_pgbench';

/** pgbench on the PATH or where Debian puts it; null when it is not installed. */
export function findPgbench() {
  const folders = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin'];
  for (const folder of folders) {
    const file = join(folder, 'pgbench');
    if (folder && existsSync(file)) return file;
  }
  return null;
}

/**
 * Runs `pgbench -n -c 10 -j 2 -T <seconds>` on tables made by `pgbench -i -s 10` in their own
 * schema (the search path points pgbench at it, so it cannot touch the application's tables).
 * Answers `{ available: false, note }` without pgbench, so that the bench says so and goes on.
 */
export async function pgbenchCeiling({ pool, databaseUrl, clients = 10, threads = 2, seconds = 10, scale = 10 }) {
  const pgbench = findPgbench();
  if (!pgbench) return { available: false, note: 'pgbench is missing (install the PostgreSQL client tools, e.g. apt-get install postgresql-client): no plain write-transaction ceiling' };
  const env = { ...process.env, PGOPTIONS: `-c search_path=${SCHEMA}` };
  await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await pool.query(`CREATE SCHEMA ${SCHEMA}`);
  try {
    await run(pgbench, ['-i', '-q', '-s', String(scale), databaseUrl], { env, maxBuffer: 16 * 1024 * 1024 });
    const { stdout } = await run(pgbench, ['-n', '-c', String(clients), '-j', String(threads), '-T', String(seconds), databaseUrl], { env, maxBuffer: 16 * 1024 * 1024 });
    const tps = Number(stdout.match(/tps = ([\d.]+) \(without initial connection time\)/)?.[1] ?? stdout.match(/tps = ([\d.]+)/)?.[1]);
    const latencyMs = Number(stdout.match(/latency average = ([\d.]+) ms/)?.[1]);
    if (!Number.isFinite(tps)) throw new Error(`pgbench printed no rate:\n${stdout}`);
    return { available: true, what: `pgbench TPC-B-like, -s ${scale}, -c ${clients} -j ${threads} -T ${seconds}`, tps: Math.round(tps * 10) / 10, latencyMs };
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  }
}
