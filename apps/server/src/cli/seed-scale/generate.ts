/** Fills an empty, migrated database with years of realistic history, in one transaction. */
import argon2 from 'argon2';
import pg from 'pg';
import { NoticeTemplates } from '@escale/notices';
import { assertSchemaRestored, deferSchema, restoreSchema } from './bulk.js';
import { applyRetention, createHelpers, depositProperty, issueNotices, linkPeopleToCentres, markOccupiedBeds, markRetention, type NoticeCounts, recordWelfareChecks, type RetentionPeriods } from './derive.js';
import { loadFinance, REPORT_TABLES } from './finance.js';
import { loadWorld } from './load.js';
import { reviewedCodes, type ReviewedLanguages } from './notice-languages.js';
import { simulateWorld } from './simulate.js';

/** Every generated user signs in with this password (a benchmark database, never a real one). */
export const SCALE_PASSWORD = 'escale-scale-2026';
export const SCALE_USERS = ['admin', 'staff', 'caseworker', 'funder', 'auditor'].map((role) => `${role}@scale.example`);

export interface SeedScaleOptions {
  databaseUrl: string;
  years: number;
  centres: number;
  seed: number;
  /** The end of the generated history; stays running then are open. */
  now?: Date;
  /** Holding and asylum rules, as configured (AppConfig). */
  rules: { extensionSequenceDays: readonly number[]; removalMaxDays: number; asylumClaimWindowDays: number };
  /** The retention periods in force: old history is generated as the nightly retention job leaves it. */
  retention?: RetentionPeriods;
  /** Notice translations recorded as reviewed before history starts (none by default). */
  reviewedLanguages?: ReviewedLanguages;
  /** The notice templates; by default the folders the application reads. */
  templates?: NoticeTemplates;
  log?: (line: string) => void;
}

export interface SeedScaleSummary {
  rows: Record<string, number>;
  seconds: number;
  refused: number;
  notices: NoticeCounts;
}

/** The tables filled here, whose indexes and checks are built once at the end. */
const FILLED_TABLES = [
  'interceptions',
  'households',
  'people',
  'person_centres',
  'cases',
  'case_status_changes',
  'stays',
  'stay_extensions',
  'property_items',
  'welfare_checks',
  'welfare_level_changes',
  'vulnerabilities',
  'age_assessments',
  'referrals',
  'referral_transitions',
  'tasks',
  'notices',
];

export async function seedScale(options: SeedScaleOptions): Promise<SeedScaleSummary> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`;
  const rows: Record<string, number> = {};
  const progress = (what: string, count: number) => {
    if (count > 0) rows[what] = (rows[what] ?? 0) + count;
    log(`[${elapsed()}] ${what}${count > 0 ? `: ${count.toLocaleString('en-GB')} rows` : ''}`);
  };

  const templates = options.templates ?? new NoticeTemplates();
  // A review asked for of a language without templates is refused at once, not after the simulation.
  reviewedCodes(templates, options.reviewedLanguages ?? []);

  const client = new pg.Client({ connectionString: options.databaseUrl, application_name: 'escale-seed-scale' });
  await client.connect();
  try {
    const [{ stays, centres }] = (await client.query<{ stays: number; centres: number }>(`SELECT (SELECT count(*) FROM stays)::int AS stays, (SELECT count(*) FROM centres)::int AS centres`)).rows;
    if (stays > 0 || centres > 0) throw new Error('the database already holds centres or stays; start from an empty one (--reset)');
    const now = Math.floor((options.now ?? new Date()).getTime() / 60_000) * 60_000;

    const world = simulateWorld({
      years: options.years,
      centres: options.centres,
      seed: options.seed,
      now,
      removalMaxDays: options.rules.removalMaxDays,
      receptionMaxDays: 7,
      extensionDays: options.rules.extensionSequenceDays,
      initialAuthorisationDays: 4,
      asylumClaimWindowDays: options.rules.asylumClaimWindowDays,
    });
    progress(`simulated ${world.stays.length.toLocaleString('en-GB')} stays (${world.stats.refused.toLocaleString('en-GB')} people found no free bed)`, 0);
    // argon2id as the application stores passwords (the parameters travel inside the hash).
    const passwordHash = await argon2.hash(SCALE_PASSWORD, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });

    await client.query('BEGIN');
    // Settings for one big load: room to sort while building indexes, and no wait on every commit.
    await client.query(`SET LOCAL maintenance_work_mem = '1GB'`);
    await client.query(`SET LOCAL work_mem = '256MB'`);
    await client.query(`SET LOCAL synchronous_commit = off`);
    await createHelpers(client, options.seed);
    const reportTables = (await client.query<{ name: string }>(`SELECT name FROM unnest($1::text[]) AS name WHERE to_regclass('public.' || name) IS NOT NULL`, [REPORT_TABLES])).rows.map((row) => row.name);
    const tables = [...FILLED_TABLES, ...reportTables];
    const deferred = await deferSchema(client, tables);
    progress(`deferred ${deferred.indexes.length} indexes and ${deferred.constraints.length} constraints until the data is in`, 0);
    // The people served and the interpreters used are counted once over all the stays and notices at the end, not again for each batch of them.
    const served = (await client.query<{ ok: boolean }>(`SELECT to_regproc('people_served_rebuild') IS NOT NULL AS ok`)).rows[0].ok;
    if (served) await client.query(`ALTER TABLE stays DISABLE TRIGGER people_served_insert, DISABLE TRIGGER people_served_update, DISABLE TRIGGER people_served_delete`);
    const interpreters = (await client.query<{ ok: boolean }>(`SELECT to_regproc('interpreter_use_rebuild') IS NOT NULL AS ok`)).rows[0].ok;
    if (interpreters) await client.query(`ALTER TABLE notices DISABLE TRIGGER interpreter_use_insert, DISABLE TRIGGER interpreter_use_update, DISABLE TRIGGER interpreter_use_delete`);

    await loadWorld(client, world, passwordHash, progress, { templates, reviewed: options.reviewedLanguages ?? [] });
    const context = { seed: options.seed, now: new Date(now), start: new Date(world.start), progress };
    await linkPeopleToCentres(client, context);
    await markRetention(client, context, options.retention);
    await recordWelfareChecks(client, context);
    await markOccupiedBeds(client, context);
    const notices = await issueNotices(client, { ...context, templates, asylumClaimWindowDays: options.rules.asylumClaimWindowDays });
    await depositProperty(client, context);
    await applyRetention(client, context, options.retention);
    await loadFinance(client, context);
    if (served) {
      await client.query(`SELECT people_served_rebuild()`);
      await client.query(`ALTER TABLE stays ENABLE TRIGGER people_served_insert, ENABLE TRIGGER people_served_update, ENABLE TRIGGER people_served_delete`);
      progress('people served per day', 0);
    }
    if (interpreters) {
      await client.query(`SELECT interpreter_use_rebuild()`);
      await client.query(`ALTER TABLE notices ENABLE TRIGGER interpreter_use_insert, ENABLE TRIGGER interpreter_use_update, ENABLE TRIGGER interpreter_use_delete`);
      progress('interpreter use per month', 0);
    }

    await restoreSchema(client, deferred, (what) => log(`[${elapsed()}] building ${what}`));
    await assertSchemaRestored(client, tables, deferred);
    await client.query(`COMMENT ON DATABASE "${(await client.query<{ name: string }>('SELECT current_database() AS name')).rows[0].name.replace(/"/g, '""')}" IS ${client.escapeLiteral(
      JSON.stringify({ generatedBy: 'seed:scale', years: options.years, centres: options.centres, seed: options.seed, now: new Date(now).toISOString(), stays: world.stays.length }),
    )}`);
    await client.query('COMMIT');
    progress('committed', 0);
    // VACUUM as well as ANALYZE: it marks the freshly written pages all-visible, as autovacuum
    // would in time, so that index-only scans read no table pages.
    await client.query('VACUUM (ANALYZE)');
    progress('vacuumed and analysed', 0);
    return { rows, seconds: (Date.now() - started) / 1000, refused: world.stats.refused, notices };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
