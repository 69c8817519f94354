/**
 * The notice languages of a generated database: the template folders recorded as the
 * application records them at start (NoticeLanguagesService.sync), and the reviews asked for,
 * before anyone is recorded, since who needs an interpreter follows from them.
 */
import type pg from 'pg';
import { FALLBACK_LANGUAGES, type NoticeTemplates } from '@escale/notices';

/** Languages whose translations are recorded as reviewed: all of them, or those listed. */
export type ReviewedLanguages = 'all' | readonly string[];

export const SEED_REVIEWER = { name: 'Seed reviewer', organisation: 'Seed' };

/** `all`, or codes separated by commas, as given on the command line. */
export function parseReviewedLanguages(value: string): ReviewedLanguages {
  if (value.trim() === 'all') return 'all';
  return value.split(',').map((code) => code.trim()).filter(Boolean);
}

/** The codes whose reviews are to be recorded; an error names any without templates. */
export function reviewedCodes(templates: NoticeTemplates, reviewed: ReviewedLanguages): string[] {
  const languages = templates.languages().filter((language) => language.types.length > 0).map((language) => language.code);
  if (reviewed === 'all') return languages;
  const unknown = reviewed.filter((code) => !languages.includes(code));
  if (unknown.length) throw new Error(`no notice templates in ${unknown.join(', ')} to record a review of (there are ${languages.join(', ')})`);
  return [...reviewed];
}

export async function recordNoticeLanguages(
  client: pg.ClientBase,
  templates: NoticeTemplates,
  reviewed: ReviewedLanguages,
  recorder: { userId: string; at: Date },
  progress: (what: string, rows: number) => void,
): Promise<void> {
  const languages = templates.languages().filter((language) => language.types.length > 0);
  for (const language of languages) {
    await client.query(
      `INSERT INTO notice_languages (code, name, dir, script, types, templates_hash, source, synced_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, dir = EXCLUDED.dir, script = EXCLUDED.script, types = EXCLUDED.types,
         templates_hash = EXCLUDED.templates_hash, source = EXCLUDED.source, synced_at = EXCLUDED.synced_at`,
      [language.code, language.name, language.dir, language.script, language.types, language.hash, (FALLBACK_LANGUAGES as readonly string[]).includes(language.code), recorder.at],
    );
  }
  await client.query(`UPDATE notice_languages SET types = '{}' WHERE NOT (code = ANY($1)) AND types <> '{}'`, [languages.map((language) => language.code)]);
  const codes = reviewedCodes(templates, reviewed);
  // The languages notices are written in need no review, as the application refuses one.
  const result = await client.query(
    `INSERT INTO notice_language_reviews (language, reviewer_name, organisation, reviewed_on, templates_hash, recorded_by, recorded_at)
     SELECT code, $2, $3, ($4::timestamptz AT TIME ZONE 'UTC')::date, templates_hash, $5, $4 FROM notice_languages WHERE code = ANY($1) AND NOT source`,
    [codes, SEED_REVIEWER.name, SEED_REVIEWER.organisation, recorder.at, recorder.userId],
  );
  progress(`notice languages ${languages.map((language) => language.code).join(', ')}`, languages.length);
  progress('notice translation reviews', result.rowCount ?? 0);
}
