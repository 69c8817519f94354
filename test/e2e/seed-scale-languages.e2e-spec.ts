import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { NoticeTemplates } from '@escale/notices';
import { projectRoot } from '@escale/platform';
import type { RetentionPeriods } from '../../apps/server/src/cli/seed-scale/derive.js';
import { seedScale, type SeedScaleSummary } from '../../apps/server/src/cli/seed-scale/generate.js';
import { handOvers, interpreterCounts, languageChoices, noticeDates, rightsNotified } from '../support/seeded-notices.js';
import { testEnvironment, type TestEnvironment } from '../support/test-app.js';

// The generator with template folders besides English and French (copies of the English
// ones, in locales with digits of their own, a twelve-hour clock, or the time before the date):
// Sorani reviewed, Arabic and Vietnamese drafts. Notices come in each, dates as each writes
// them, and fewer people need an interpreter.
const YEARS = 0.4;
const EXTRA = [
  { code: 'ckb', name: 'کوردیی ناوەندی', dir: 'rtl', locale: 'ckb', script: 'Arab' },
  { code: 'ar', name: 'العربية', dir: 'rtl', locale: 'ar', script: 'Arab' },
  { code: 'vi', name: 'Tiếng Việt', dir: 'ltr', locale: 'vi', script: 'Latn' },
];

describe('seed:scale in the languages of the template folders', () => {
  const now = new Date('2026-03-15T12:00:00Z');
  let environment: TestEnvironment;
  let db: pg.Client;
  let root: string;
  let templates: NoticeTemplates;
  let summary: SeedScaleSummary;
  const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0] as T;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'escale-seed-templates-'));
    for (const code of ['en', 'fr']) cpSync(join(projectRoot(), 'libs/notices/templates', code), join(root, code), { recursive: true });
    for (const { code, ...meta } of EXTRA) {
      cpSync(join(root, 'en'), join(root, code), { recursive: true });
      writeFileSync(join(root, code, 'meta.json'), JSON.stringify(meta));
    }
    templates = new NoticeTemplates(root);
    environment = await testEnvironment();
    summary = await seedScale({
      databaseUrl: environment.config.databaseUrl,
      years: YEARS,
      centres: 2,
      seed: 5,
      now,
      rules: {
        extensionSequenceDays: environment.config.extensionSequenceDays,
        removalMaxDays: environment.config.removalMaxDays,
        asylumClaimWindowDays: environment.config.asylumClaimWindowDays,
      },
      retention: (environment.config as { retentionMonths?: RetentionPeriods }).retentionMonths,
      reviewedLanguages: ['ckb'],
      templates,
    });
    db = new pg.Client({ connectionString: environment.config.databaseUrl });
    await db.connect();
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await environment?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('records the template folders as the application does, and the review asked for, of the current text', async () => {
    const languages = await db.query<{ code: string; dir: string; source: boolean; templates_hash: string; types: string[] }>(
      `SELECT code, dir, source, templates_hash, types FROM notice_languages ORDER BY code`,
    );
    expect(languages.rows.map((row) => [row.code, row.dir, row.source, row.templates_hash, [...row.types].sort()])).toEqual(
      templates.languages().map((language) => [language.code, language.dir, ['en', 'fr'].includes(language.code), language.hash, [...language.types].sort()]),
    );
    const reviews = await db.query(`SELECT r.language, r.reviewer_name, r.organisation, r.templates_hash = l.templates_hash AS current, u.email FROM notice_language_reviews r JOIN notice_languages l ON l.code = r.language JOIN users u ON u.id = r.recorded_by`);
    expect(reviews.rows).toEqual([{ language: 'ckb', reviewer_name: 'Seed reviewer', organisation: 'Seed', current: true, email: 'admin@scale.example' }]);
    expect((await db.query(`SELECT code FROM reviewed_notice_languages ORDER BY code`)).rows.map((row) => row.code)).toEqual(['ckb', 'en', 'fr']);
  });

  it('gives notices in a reviewed language of the person’s without an interpreter, in a draft of theirs with one, else in French', async () => {
    const { wrong, byChoice, byLanguage } = await languageChoices(db, templates);
    expect(wrong).toEqual([]);
    expect(byChoice).toEqual({ reviewed: expect.any(Number), draft: expect.any(Number), fallback: expect.any(Number) });
    for (const code of ['ckb', 'ar', 'vi', 'fr', 'en']) expect(byLanguage[code]).toBeGreaterThan(0);
    const sorani = await one<{ interpreted: number; drafts: number; rtl: number; n: number }>(
      `SELECT count(*) FILTER (WHERE interpreter_needed)::int AS interpreted, count(*) FILTER (WHERE NOT translation_reviewed)::int AS drafts,
              count(*) FILTER (WHERE html LIKE '%dir="rtl"%')::int AS rtl, count(*) FILTER (WHERE html IS NOT NULL)::int AS n
         FROM notices WHERE language = 'ckb'`,
    );
    expect(sorani).toEqual({ interpreted: 0, drafts: 0, rtl: sorani.n, n: expect.any(Number) });
    expect(sorani.n).toBeGreaterThan(0);
    const arabic = await one<{ alone: number }>(`SELECT count(*) FILTER (WHERE NOT interpreter_needed OR translation_reviewed OR language_choice <> 'draft')::int AS alone FROM notices WHERE language = 'ar'`);
    expect(arabic.alone).toBe(0);
  });

  it('writes the dates of each language as it does: Eastern Arabic digits, a twelve-hour clock, the time before the date', async () => {
    const { problems, checked, languages } = await noticeDates(db, templates, 25);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(100);
    expect([...languages].sort()).toEqual(['ar', 'ckb', 'en', 'fr', 'vi']);
    const sorani = await one<{ html: string }>(`SELECT html FROM notices WHERE language = 'ckb' AND type = 'rights_on_arrival' AND html IS NOT NULL LIMIT 1`);
    expect(sorani.html).toMatch(/[٠-٩]{4} [٠-٩]{1,2}:[٠-٩]{2} (ب\.ن|د\.ن)/);
    const vietnamese = await one<{ html: string }>(`SELECT html FROM notices WHERE language = 'vi' AND type = 'rights_on_arrival' AND html IS NOT NULL LIMIT 1`);
    expect(vietnamese.html).toMatch(/lúc \d\d:\d\d \d{1,2} tháng \d{1,2}, \d{4}/);
  });

  it('hands drafts over with an interpreter in the person’s first language, and needs none for readers of a reviewed language', async () => {
    const counts = await handOvers(db);
    expect(counts).toMatchObject({ status: 0, handed_over: 0, pending: 0, people: { wrong: 0 } });
    const readers = await one<{ needing: number; n: number }>(`SELECT count(*) FILTER (WHERE interpreter_needed)::int AS needing, count(*)::int AS n FROM people WHERE 'ckb' = ANY(languages)`);
    expect(readers.n).toBeGreaterThan(0);
    expect(readers.needing).toBe(0);
    const { stays, reminders } = await rightsNotified(db, now, environment.config.asylumClaimWindowDays);
    expect(stays).toMatchObject({ missing: 0, repeated: 0, notified_otherwise: 0, not_carried: 0, window_otherwise: 0, reception_window: 0, left_waiting: 0 });
    expect(reminders).toMatchObject({ off_time: 0, missed: 0 });
  });

  it('counts fewer notices needing an interpreter were every translation reviewed', async () => {
    const counted = await interpreterCounts(db, templates);
    expect(summary.notices).toEqual({ total: counted.total, interpreterNeeded: counted.needing, interpreterNeededIfAllReviewed: counted.reading_none });
    expect(counted.reading_none).toBeLessThan(counted.needing);
  });
});
