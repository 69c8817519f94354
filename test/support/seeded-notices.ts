import type pg from 'pg';
import type { NoticeTemplates } from '@escale/notices';

/**
 * Checks of the person notices of a generated history against the rules the application
 * follows when it makes and hands them over. Each returns what breaks a rule (empty when all
 * hold) with the counts needed to see the rule was exercised at all.
 */

export async function reviewedCodes(db: pg.Client): Promise<Set<string>> {
  return new Set((await db.query<{ code: string }>(`SELECT code FROM reviewed_notice_languages`)).rows.map((row) => row.code));
}

/** Each notice's language, as NoticeTemplates.chooseLanguage gives it for the person's languages (best first). */
export async function languageChoices(db: pg.Client, templates: NoticeTemplates) {
  const reviewed = await reviewedCodes(db);
  const rows = await db.query<{ languages: string[]; type: string; language: string; interpreter_needed: boolean; translation_reviewed: boolean; language_choice: string; n: number }>(
    `SELECT p.languages, n.type, n.language, n.interpreter_needed, n.translation_reviewed, n.language_choice, count(*)::int AS n
       FROM notices n JOIN people p ON p.id = n.person_id WHERE n.audience = 'person'
      GROUP BY 1, 2, 3, 4, 5, 6`,
  );
  const wrong = rows.rows.filter((row) => {
    const chosen = templates.chooseLanguage(row.type, row.languages, reviewed);
    return chosen.language !== row.language || chosen.interpreterNeeded !== row.interpreter_needed || chosen.translationReviewed !== row.translation_reviewed || chosen.choice !== row.language_choice;
  });
  const byChoice: Record<string, number> = {};
  const byLanguage: Record<string, number> = {};
  for (const row of rows.rows) {
    byChoice[row.language_choice] = (byChoice[row.language_choice] ?? 0) + row.n;
    byLanguage[row.language] = (byLanguage[row.language] ?? 0) + row.n;
  }
  return { wrong, byChoice, byLanguage };
}

/**
 * Up to `each` notices per language and type, with the dates they must show as the template
 * helpers write them (Intl, the language's locale, the centre's time zone): the day it was
 * made, and the arrival, the end of the asylum window or the departure by type.
 */
export async function noticeDates(db: pg.Client, templates: NoticeTemplates, each: number) {
  const rows = await db.query<{ id: string; type: string; language: string; html: string; created_at: Date; checked_in_at: Date; checked_out_at: Date | null; asylum_claim_window_ends_at: Date | null; timezone: string }>(
    `SELECT n.id, n.type, n.language, n.html, n.created_at, s.checked_in_at, s.checked_out_at, s.asylum_claim_window_ends_at, c.timezone
       FROM (SELECT n.*, row_number() OVER (PARTITION BY n.language, n.type ORDER BY n.id) AS k FROM notices n WHERE n.audience = 'person' AND n.html IS NOT NULL) n
       JOIN stays s ON s.id = n.stay_id JOIN centres c ON c.id = s.centre_id
      WHERE n.k <= $1`,
    [each],
  );
  const problems: string[] = [];
  for (const row of rows.rows) {
    const locale = templates.language(row.language)!.locale;
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: row.timezone }).format(row.created_at);
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: row.timezone });
    const shown = { rights_on_arrival: row.checked_in_at, asylum_claim_reminder: row.asylum_claim_window_ends_at, transfer: row.checked_out_at, release: row.checked_out_at }[row.type];
    const expected = [date, ...(shown ? [dateTime.format(shown)] : [])];
    for (const text of expected) if (!row.html.includes(text)) problems.push(`${row.language} ${row.type} ${row.id} does not show "${text}"`);
    if (row.html.includes('§')) problems.push(`${row.language} ${row.type} ${row.id} has a placeholder left`);
  }
  return { problems, checked: rows.rowCount ?? 0, languages: new Set(rows.rows.map((row) => row.language)) };
}

/** Hand-overs as the application records them: the language given in, and an interpreter (present, by phone or none) as the notice needed. */
export async function handOvers(db: pg.Client) {
  const [counts] = (
    await db.query<{ status: number; handed_over: number; pending: number; present: number; phone: number; none: number; rendered: number }>(
      `SELECT count(*) FILTER (WHERE (n.status = 'handed_over') <> (n.handed_over_at IS NOT NULL))::int AS status,
              count(*) FILTER (WHERE n.handed_over_at IS NOT NULL AND (
                n.handed_over_language IS DISTINCT FROM n.language OR n.handed_over_by IS NULL OR n.handed_over_at < n.created_at
                OR n.interpreter_mode IS NULL OR (n.interpreter_mode <> 'none') IS DISTINCT FROM n.interpreter_needed
                OR n.interpreter_used IS DISTINCT FROM (n.interpreter_mode <> 'none')
                OR (n.interpreter_mode = 'none') <> (n.interpreter_name IS NULL) OR (n.interpreter_mode = 'none') <> (n.interpreter_language IS NULL)
                OR (n.interpreter_mode <> 'none' AND n.interpreter_language IS DISTINCT FROM p.languages[1])))::int AS handed_over,
              count(*) FILTER (WHERE n.handed_over_at IS NULL AND num_nonnulls(n.handed_over_by, n.handed_over_language, n.interpreter_used, n.interpreter_mode, n.interpreter_name, n.interpreter_language) > 0)::int AS pending,
              count(*) FILTER (WHERE n.interpreter_mode = 'present')::int AS present,
              count(*) FILTER (WHERE n.interpreter_mode = 'phone')::int AS phone,
              count(*) FILTER (WHERE n.interpreter_mode = 'none')::int AS none,
              count(*) FILTER (WHERE n.status = 'rendered')::int AS rendered
         FROM notices n JOIN people p ON p.id = n.person_id WHERE n.audience = 'person'`,
    )
  ).rows;
  const reviewed = [...(await reviewedCodes(db))];
  const [people] = (
    await db.query<{ wrong: number; needing: number; reading: number }>(
      `SELECT count(*) FILTER (WHERE interpreter_needed = (languages && $1::varchar[]))::int AS wrong,
              count(*) FILTER (WHERE interpreter_needed)::int AS needing, count(*) FILTER (WHERE NOT interpreter_needed)::int AS reading
         FROM people`,
      [reviewed],
    )
  ).rows;
  return { ...counts, people };
}

/**
 * The notification of rights: a rights notice per placement (not again for one going on from
 * another removal centre), the stay notified when it was handed over, the removal centre's
 * asylum window from then, and the reminder the day before it closes to whoever is still held
 * there and has not claimed.
 */
export async function rightsNotified(db: pg.Client, now: Date, windowDays: number) {
  const [stays] = (
    await db.query<{ missing: number; repeated: number; notified_otherwise: number; not_carried: number; window_otherwise: number; reception_window: number; left_waiting: number; notified: number; windows: number }>(
      `WITH continued AS (
         SELECT s.id FROM stays s JOIN centres c ON c.id = s.centre_id JOIN stays f ON f.id = s.transferred_from_id JOIN centres fc ON fc.id = f.centre_id
          WHERE c.kind = 'removal' AND fc.kind = 'removal')
       SELECT count(*) FILTER (WHERE k.id IS NULL AND n.id IS NULL AND s.checked_in_at + interval '2 minutes' <= $1)::int AS missing,
              count(*) FILTER (WHERE k.id IS NOT NULL AND n.id IS NOT NULL)::int AS repeated,
              count(*) FILTER (WHERE k.id IS NULL AND s.rights_notified_at IS DISTINCT FROM n.handed_over_at)::int AS notified_otherwise,
              count(*) FILTER (WHERE k.id IS NOT NULL AND s.rights_notified_at IS DISTINCT FROM CASE WHEN f.rights_notified_at <= s.checked_in_at THEN f.rights_notified_at END)::int AS not_carried,
              count(*) FILTER (WHERE c.kind = 'removal' AND s.asylum_claim_window_ends_at IS DISTINCT FROM s.rights_notified_at + $2 * interval '1 day')::int AS window_otherwise,
              count(*) FILTER (WHERE c.kind = 'reception' AND s.asylum_claim_window_ends_at IS NOT NULL)::int AS reception_window,
              count(*) FILTER (WHERE n.id IS NOT NULL AND n.handed_over_at IS NULL AND n.created_at < $1 - interval '3 hours')::int AS left_waiting,
              count(*) FILTER (WHERE s.rights_notified_at IS NOT NULL)::int AS notified,
              count(*) FILTER (WHERE s.asylum_claim_window_ends_at IS NOT NULL)::int AS windows
         FROM stays s JOIN centres c ON c.id = s.centre_id
         LEFT JOIN continued k ON k.id = s.id
         LEFT JOIN stays f ON f.id = s.transferred_from_id
         LEFT JOIN notices n ON n.dedupe_key = 'rights_on_arrival:' || s.id`,
      [now, windowDays],
    )
  ).rows;
  const [reminders] = (
    await db.query<{ reminders: number; off_time: number; missed: number }>(
      `SELECT (SELECT count(*) FROM notices WHERE type = 'asylum_claim_reminder')::int AS reminders,
              (SELECT count(*) FROM notices n JOIN stays s ON s.id = n.stay_id
                WHERE n.type = 'asylum_claim_reminder' AND n.created_at IS DISTINCT FROM s.asylum_claim_window_ends_at - interval '1 day')::int AS off_time,
              (SELECT count(*) FROM stays s JOIN notices r ON r.dedupe_key = 'rights_on_arrival:' || s.id
                WHERE s.asylum_claim_window_ends_at - interval '1 day' <= $1
                  AND s.asylum_claim_window_ends_at - interval '1 day' < COALESCE(s.checked_out_at, 'infinity')
                  AND NOT EXISTS (SELECT 1 FROM referrals x JOIN referral_transitions t ON t.referral_id = x.id
                                   WHERE x.case_id = s.case_id AND t.to_status = 'submitted' AND t.at <= s.asylum_claim_window_ends_at - interval '1 day')
                  AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.dedupe_key = 'asylum_claim_reminder:' || s.id))::int AS missed`,
      [now],
    )
  ).rows;
  return { stays, reminders };
}

/** The counts the generator prints: notices, those needing an interpreter, and those that would if every template language were reviewed. */
export async function interpreterCounts(db: pg.Client, templates: NoticeTemplates) {
  const types = ['rights_on_arrival', 'asylum_claim_reminder', 'transfer', 'release'];
  const [row] = (
    await db.query<{ total: number; needing: number; reading_none: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE n.interpreter_needed)::int AS needing,
              count(*) FILTER (WHERE NOT (p.languages && t.codes))::int AS reading_none
         FROM notices n JOIN people p ON p.id = n.person_id
         JOIN (SELECT * FROM unnest($1::text[], $2::text[]) AS x(type, codes)) t0 ON t0.type = n.type
         CROSS JOIN LATERAL (SELECT string_to_array(t0.codes, ',')::varchar[] AS codes) t
        WHERE n.audience = 'person'`,
      [types, types.map((type) => templates.languages().filter((language) => language.types.includes(type)).map((language) => language.code).join(','))],
    )
  ).rows;
  return row;
}
