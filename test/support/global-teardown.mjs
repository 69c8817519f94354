// Drops this run's template and any test database a failed test file left behind.
import pg from 'pg';

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export default async function globalTeardown() {
  const run = process.env.ESCALE_TEST_RUN;
  if (!run) return;
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    const rows = await client.query(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [
      `escale_test_template_${run}`,
      `escale\\_t\\_${run}\\_%`,
    ]);
    for (const { datname } of rows.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
