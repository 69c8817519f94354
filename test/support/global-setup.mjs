// Builds the template every test database is copied from, by running the real migrations
// (from the compiled code, as production does) on an empty database.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TEMPLATE_DATABASE = 'escale_test_template';
const TEST_DATABASE_PREFIX = 'escale_t_';

export default async function globalSetup() {
  const migrate = 'dist/libs/schema/src/migrate.js';
  if (!existsSync(migrate)) throw new Error(`${migrate} is missing: run "npm run build" before the tests`);
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    const leftovers = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`, [
      `${TEST_DATABASE_PREFIX}%`,
      TEMPLATE_DATABASE,
    ]);
    for (const { datname } of leftovers.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  } finally {
    await client.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${TEMPLATE_DATABASE}`;
  execFileSync(process.execPath, [migrate], { env: { ...process.env, DATABASE_URL: url.toString(), NODE_OPTIONS: '' }, stdio: 'pipe' });
}
