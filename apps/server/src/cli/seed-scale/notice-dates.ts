/**
 * Dates in notices as the templates' `date` and `datetime` helpers write them, for SQL to fill in:
 * the text of every day and of every minute in each notice language, formatted here by Intl
 * with the language's locale, in two small tables a notice's timestamps are joined to. Any
 * locale works (its digits, its words, whether the time comes before or after the date),
 * since nothing of its format is assumed.
 */
import type pg from 'pg';

export interface DateLanguage {
  code: string;
  locale: string;
}

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
/** The minute whose text is looked for in a day's date and time: 23:58 is in no date. */
const REFERENCE_MINUTE = 23 * 60 + 58;

/**
 * What the helpers write for each day from `from` to `to` (ISO days) and each minute, in one
 * language. Formatting a wall-clock time in UTC gives the text the helpers give for that wall
 * clock in any time zone, so the tables hold for every centre's.
 */
export function dateTexts(language: DateLanguage, from: string, to: string) {
  const date = new Intl.DateTimeFormat(language.locale, { dateStyle: 'long', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(language.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  const time = new Intl.DateTimeFormat(language.locale, { timeStyle: 'short', timeZone: 'UTC' });
  const times = Array.from({ length: 1440 }, (_, minute) => ({ minute: `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`, text: time.format(minute * MINUTE) }));
  const reference = times[REFERENCE_MINUTE].text;
  const days: { day: string; dateText: string; beforeTime: string; afterTime: string }[] = [];
  for (let midnight = Date.parse(`${from}T00:00:00Z`); midnight <= Date.parse(`${to}T00:00:00Z`); midnight += DAY) {
    const full = dateTime.format(midnight + REFERENCE_MINUTE * MINUTE);
    const at = full.indexOf(reference);
    if (at < 0 || full.indexOf(reference, at + 1) >= 0) throw new Error(`cannot tell the time from the date in "${full}" (${language.code}, ${language.locale})`);
    days.push({ day: new Date(midnight).toISOString().slice(0, 10), dateText: date.format(midnight + 12 * 60 * MINUTE), beforeTime: full.slice(0, at), afterTime: full.slice(at + reference.length) });
  }
  return { days, times };
}

/** Makes the tables `noticeDate` joins to, for the languages and days given (ISO days). */
export async function createNoticeDates(client: pg.ClientBase, languages: readonly DateLanguage[], from: string, to: string): Promise<void> {
  await client.query(`CREATE TEMPORARY TABLE seed_notice_days (language text, day date, date_text text NOT NULL, before_time text NOT NULL, after_time text NOT NULL, PRIMARY KEY (language, day)) ON COMMIT DROP`);
  await client.query(`CREATE TEMPORARY TABLE seed_notice_times (language text, minute time, time_text text NOT NULL, PRIMARY KEY (language, minute)) ON COMMIT DROP`);
  for (const language of languages) {
    const { days, times } = dateTexts(language, from, to);
    await client.query(
      `INSERT INTO seed_notice_days SELECT $1, day, date_text, before_time, after_time FROM unnest($2::date[], $3::text[], $4::text[], $5::text[]) AS t(day, date_text, before_time, after_time)`,
      [language.code, days.map((row) => row.day), days.map((row) => row.dateText), days.map((row) => row.beforeTime), days.map((row) => row.afterTime)],
    );
    await client.query(`INSERT INTO seed_notice_times SELECT $1, minute, time_text FROM unnest($2::time[], $3::text[]) AS t(minute, time_text)`, [
      language.code,
      times.map((row) => row.minute),
      times.map((row) => row.text),
    ]);
  }
  await client.query('ANALYZE seed_notice_days');
  await client.query('ANALYZE seed_notice_times');
}

/**
 * The text of timestamp `at` (an SQL expression) in a notice's `language` at a centre's
 * `timezone`, as `datetime` writes it (or `date`, without the time): `joins` go in the FROM
 * clause under the names `alias` and `alias_t`, `text` in the select list. A null timestamp
 * is an empty text, as in the helpers.
 */
export function noticeDate(alias: string, at: string, language: string, timezone: string, withTime: boolean): { joins: string; text: string } {
  const local = `((${at}) AT TIME ZONE ${timezone})`;
  const day = `LEFT JOIN seed_notice_days ${alias} ON ${alias}.language = ${language} AND ${alias}.day = ${local}::date`;
  if (!withTime) return { joins: day, text: `COALESCE(${alias}.date_text, '')` };
  return {
    joins: `${day}\n LEFT JOIN seed_notice_times ${alias}_t ON ${alias}_t.language = ${language} AND ${alias}_t.minute = date_trunc('minute', ${local})::time`,
    text: `COALESCE(${alias}.before_time || ${alias}_t.time_text || ${alias}.after_time, '')`,
  };
}
