import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { NoticeTemplates } from '@escale/notices';
import { loadConfigOrExit } from '@escale/platform';
import type { RetentionPeriods } from './seed-scale/derive.js';
import { SCALE_PASSWORD, SCALE_USERS, seedScale } from './seed-scale/generate.js';
import { parseReviewedLanguages } from './seed-scale/notice-languages.js';

const USAGE = `Usage: npm run seed:scale -- [--years 5] [--centres 25] [--seed 1] [--database postgres://…/escale_scale] [--reset] [--now 2026-01-31T12:00:00Z]
                              [--reviewed-languages all|fa,ar,…]

Fills a database with realistic history for benchmarks: centres, beds, people, stays,
welfare checks, cases, referrals, notices, spend. The database is --database, or by default
"escale_scale" on the server of DATABASE_URL; it is created and migrated when missing, and
must hold no centres yet (--reset drops and recreates it first).
Notices are in the template languages of the folders the application reads; with
--reviewed-languages, reviews of those translations (all, or the codes listed) are recorded
before history starts, so fewer people need an interpreter.`;

const MIGRATE = fileURLToPath(new URL('../../../../libs/schema/src/migrate.js', import.meta.url));

/** The database to fill: the one named, or escale_scale next to the configured one. */
function targetUrl(named: string | undefined, configured: string): URL {
  if (named) return new URL(named);
  const url = new URL(configured);
  url.pathname = '/escale_scale';
  return url;
}

async function withServer(url: URL, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      years: { type: 'string', default: '5' },
      centres: { type: 'string', default: '25' },
      seed: { type: 'string', default: '1' },
      database: { type: 'string' },
      reset: { type: 'boolean', default: false },
      now: { type: 'string' },
      'reviewed-languages': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const years = Number(values.years);
  const centres = Number(values.centres);
  const seed = Number(values.seed);
  if (!(years > 0 && years <= 20) || !Number.isInteger(centres) || centres < 1 || centres > 200 || !Number.isInteger(seed)) {
    throw new Error(`--years must be more than 0 and at most 20, --centres a whole number from 1 to 200, --seed a whole number\n${USAGE}`);
  }
  const now = values.now ? new Date(values.now) : undefined;
  if (now && Number.isNaN(now.getTime())) throw new Error('--now must be a date and time, such as 2026-01-31T12:00:00Z');
  const config = loadConfigOrExit();
  const url = targetUrl(values.database, config.databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  const started = Date.now();
  process.stdout.write(`Filling ${url.host}/${name} with ${years} years of ${centres} centres (seed ${seed})\n`);
  await withServer(url, async (client) => {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    if (values.reset) {
      await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
      process.stdout.write(`Dropped ${name}\n`);
    }
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${quoted}`);
  });
  if (!existsSync(MIGRATE)) throw new Error(`${MIGRATE} is missing: run "npm run build" first`);
  execFileSync(process.execPath, [MIGRATE], { env: { ...process.env, DATABASE_URL: url.toString() }, stdio: 'inherit' });

  const summary = await seedScale({
    databaseUrl: url.toString(),
    years,
    centres,
    seed,
    now,
    rules: { extensionSequenceDays: config.extensionSequenceDays, removalMaxDays: config.removalMaxDays, asylumClaimWindowDays: config.asylumClaimWindowDays },
    retention: (config as { retentionMonths?: RetentionPeriods }).retentionMonths,
    reviewedLanguages: values['reviewed-languages'] === undefined ? [] : parseReviewedLanguages(values['reviewed-languages']),
    templates: new NoticeTemplates(config.noticeTemplatesDir),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const total = Object.values(summary.rows).reduce((sum, count) => sum + count, 0);
  const share = (count: number) => `${count.toLocaleString('en-GB')} (${((100 * count) / Math.max(1, summary.notices.total)).toFixed(1)} %)`;
  process.stdout.write(
    [
      '',
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${total.toLocaleString('en-GB')} rows, ${(summary.rows.stays ?? 0).toLocaleString('en-GB')} stays.`,
      `Person notices ${summary.notices.total.toLocaleString('en-GB')} · needing an interpreter ${share(summary.notices.interpreterNeeded)} · if every translation were reviewed ${share(summary.notices.interpreterNeededIfAllReviewed)}`,
      `Sign in with ${SCALE_USERS.join(', ')} (password ${SCALE_PASSWORD});`,
      `each centre also has staff.<code>@scale.example and caseworker.<code>@scale.example.`,
      `Benchmark it with: npm run bench -- --database ${url.toString()}`,
      '',
    ].join('\n'),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: Error) => {
    process.stderr.write(`seed:scale failed: ${error.message}\n`);
    process.exit(1);
  });
}
