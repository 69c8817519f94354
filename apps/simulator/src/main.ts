import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfigOrExit, parseConfig } from '@escale/platform';
import { clearQueues, recreateDatabase, simulationDatabaseUrl } from './database.js';
import { SimulationBug } from './driver/simulation-bug.js';
import { FIGURE_NAMES } from './figures.js';
import { DEFAULT_START, runSimulation, type SimulationReport } from './simulation.js';

const USAGE = `Usage: npm run simulate -- [--days 365] [--centres 5] [--seed 1] [--out FILE]
                          [--database postgres://…/escale_simulation] [--start 2027-01-04]

Boots the server and the worker in this process on a database that is dropped and migrated
first (--database, or escale_simulation on the server of DATABASE_URL), drives them through
the simulated days with the injectable clock, and prints the safeguarding figures (written as
JSON to --out). Exits 0 when every figure is 0, 1 when one is not, 2 when the run stopped on
something the services were not expected to do.`;

const QUEUE_PREFIX = 'escale-simulation';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      days: { type: 'string', default: '365' },
      centres: { type: 'string', default: '5' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      database: { type: 'string' },
      start: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const days = Number(values.days);
  const centres = Number(values.centres);
  const seed = Number(values.seed);
  const start = values.start ? new Date(values.start) : DEFAULT_START;
  if (!Number.isInteger(days) || days < 1 || days > 3660 || !Number.isInteger(centres) || centres < 1 || centres > 25 || !Number.isInteger(seed) || Number.isNaN(start.getTime())) {
    process.stderr.write(`--days must be a whole number from 1 to 3660, --centres from 1 to 25, --seed a whole number, --start a date\n${USAGE}\n`);
    return 2;
  }
  const base = loadConfigOrExit();
  const database = simulationDatabaseUrl(values.database, base.databaseUrl);
  const config = parseConfig({
    ...process.env,
    DATABASE_URL: database.toString(),
    QUEUE_PREFIX,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // The simulated staff never sign in; the first admin sets the centres up. Nothing is emailed.
    ESCALE_ADMIN_EMAIL: 'admin@simulation.escale.invalid',
    ESCALE_ADMIN_PASSWORD: randomBytes(18).toString('base64url'),
    MFA_REQUIRED_ROLES: 'none',
    SMTP_URL: undefined,
  });
  process.stdout.write(`Simulating ${days} day(s) of ${centres} centre(s), seed ${seed}, from ${start.toISOString().slice(0, 10)}, on ${database.host}${database.pathname}\n`);
  await recreateDatabase(database);
  await clearQueues(config.redisUrl, QUEUE_PREFIX);
  const report = await runSimulation({ config, days, centres, seed, start, onProgress: (line) => process.stdout.write(`  ${line}\n`) });
  process.stdout.write(formatReport(report));
  if (values.out) {
    writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`Written to ${values.out}\n`);
  }
  return report.passed ? 0 : 1;
}

function formatReport(report: SimulationReport): string {
  const lines = [`\nSafeguarding figures (each must be 0), ${report.days} days, ${report.centres} centres, seed ${report.seed}:`];
  for (const name of FIGURE_NAMES) {
    const value = report.figures[name];
    const example = report.examples[name]?.length ? `   e.g. ${report.examples[name]!.join(', ')}` : '';
    lines.push(`  ${value === 0 ? 'ok  ' : 'FAIL'} ${name.padEnd(36)} ${String(value).padStart(6)}${example}`);
  }
  lines.push('\nWhat was tried:');
  for (const [name, value] of Object.entries(report.tried)) lines.push(`  ${name.padEnd(36)} ${String(value).padStart(8)}`);
  lines.push('\nWhat the services wrote:');
  for (const [name, value] of Object.entries(report.recorded)) lines.push(`  ${name.padEnd(36)} ${typeof value === 'number' ? String(value).padStart(8) : JSON.stringify(value)}`);
  lines.push('\nWall-clock seconds by part:');
  for (const [phase, seconds] of Object.entries(report.phases)) lines.push(`  ${phase.padEnd(36)} ${String(seconds).padStart(8)}`);
  lines.push(`\n${report.steps} simulated minutes stepped through (${Object.entries(report.stepsBy).map(([why, n]) => `${n} for ${why}`).join(', ')}), in ${report.wallClockSeconds} s of wall-clock time.`);
  lines.push(report.passed ? 'PASSED: every safeguarding figure is 0.' : 'FAILED: a safeguarding figure is above 0.');
  return `${lines.join('\n')}\n`;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(error instanceof SimulationBug ? `The simulation stopped: ${error.message}\n` : `The simulation failed: ${error.stack ?? error.message}\n`);
    process.exit(2);
  },
);
