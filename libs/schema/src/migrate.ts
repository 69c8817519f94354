import 'reflect-metadata';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig, dataSourceOptions, loadConfigOrExit } from '@escale/platform';
import { ENTITIES } from './entities.js';
import { MIGRATIONS_GLOB } from './data-source.js';

/** Creates the database named in DATABASE_URL when it does not exist yet. */
export async function ensureDatabase(config: AppConfig): Promise<void> {
  const url = new URL(config.databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      process.stdout.write(`Created database ${name}\n`);
    }
  } finally {
    await client.end();
  }
}

/** Applies every pending migration to DATABASE_URL. */
async function migrate(): Promise<void> {
  const config = loadConfigOrExit();
  await ensureDatabase(config);
  const dataSource = new DataSource({ ...dataSourceOptions(config, ENTITIES, [MIGRATIONS_GLOB]), logging: ['error', 'migration'] });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    process.stdout.write(applied.length ? `Applied ${applied.map((m) => m.name).join(', ')}\n` : 'No pending migrations\n');
  } finally {
    await dataSource.destroy();
  }
}

migrate().catch((error: Error) => {
  process.stderr.write(`Migration failed: ${error.message}\n`);
  process.exit(1);
});
