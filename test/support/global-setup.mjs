// Builds the template every test database of this run is copied from, by running the real
// migrations (from the compiled code, as production does) on an empty database. Names carry
// the run's process id, so two runs on one machine never drop each other's databases.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PREFIXES = /^escale_(?:test_template|t)_(\d+)(?:_|$)/;

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export default async function globalSetup() {
  const migrate = 'dist/libs/schema/src/migrate.js';
  if (!existsSync(migrate)) throw new Error(`${migrate} is missing: run "npm run build" before the tests`);
  const template = `escale_test_template_${process.pid}`;
  process.env.ESCALE_TEST_TEMPLATE = template;
  process.env.ESCALE_TEST_RUN = String(process.pid);
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    const existing = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE 'escale\\_%'`);
    for (const { datname } of existing.rows) {
      const match = datname.match(PREFIXES);
      if (match && !alive(Number(match[1]))) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${template}"`);
  } finally {
    await client.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${template}`;
  execFileSync(process.execPath, [migrate], { env: { ...process.env, DATABASE_URL: url.toString(), NODE_OPTIONS: '' }, stdio: 'pipe' });
}
