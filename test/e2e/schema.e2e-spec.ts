import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestDatabase, dropTestDatabase } from '../support/databases.js';

const run = promisify(execFile);

describe('schema', () => {
  it('has migrations that match the entities exactly (no drift)', async () => {
    const database = await createTestDatabase();
    try {
      const result = await run(
        process.execPath,
        ['node_modules/typeorm/cli.js', 'migration:generate', '-d', 'dist/libs/schema/src/data-source.js', '--check', '--dryrun', 'migrations/Drift'],
        { env: { ...process.env, DATABASE_URL: database.url, NODE_OPTIONS: '' } },
      );
      expect(result.stdout).toContain('No changes in database schema were found');
    } finally {
      await dropTestDatabase(database.name);
    }
  });

  it('applies every migration to an empty database and reports nothing pending afterwards', async () => {
    const database = await createTestDatabase();
    try {
      const result = await run(process.execPath, ['dist/libs/schema/src/migrate.js'], {
        env: { ...process.env, DATABASE_URL: database.url, NODE_OPTIONS: '' },
      });
      expect(result.stdout).toContain('No pending migrations');
    } finally {
      await dropTestDatabase(database.name);
    }
  });
});
