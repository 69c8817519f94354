import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function start(entry: string, env: Record<string, string>) {
  try {
    await run(process.execPath, [entry], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failure = error as { code: number; stderr: string };
    return { code: failure.code, stderr: failure.stderr };
  }
}

describe('configuration at start-up', () => {
  it.each([
    ['server', 'dist/apps/server/src/main.js'],
    ['worker', 'dist/apps/worker/src/main.js'],
  ])('stops the %s with one line naming a bad variable', async (_, entry) => {
    const result = await start(entry, { PORT: 'eighty', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/escale_unused' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Invalid configuration: PORT /)]);
  });

  it('names a malformed database URL', async () => {
    const result = await start('dist/apps/server/src/main.js', { DATABASE_URL: 'mysql://localhost/escale' });
    expect(result.stderr.trim()).toBe('Invalid configuration: DATABASE_URL must be a postgres:// URL');
  });
});
