import { NoticeTemplates } from '@escale/notices';
import { withAdminClient } from '../../../../../test/support/databases.js';
import { createNoticeDates, type DateLanguage, noticeDate } from './notice-dates.js';

// The locales of the languages of the people held (the template folders say which), and a
// twelve-hour one: digits of their own, the time before the date, words between them.
const HELD: DateLanguage[] = [
  { code: 'prs', locale: 'fa-AF-u-ca-gregory' },
  { code: 'ps', locale: 'ps-u-ca-gregory' },
  { code: 'ar', locale: 'ar-u-hc-h23' },
  { code: 'fa', locale: 'fa-u-ca-gregory' },
  { code: 'ckb', locale: 'ckb-u-hc-h23' },
  { code: 'kmr', locale: 'ku' },
  { code: 'ti', locale: 'ti-ER-u-hc-h23' },
  { code: 'am', locale: 'am-u-hc-h23' },
  { code: 'vi', locale: 'vi' },
  { code: 'tr', locale: 'tr' },
  { code: 'so', locale: 'so-u-hc-h23' },
  { code: 'sq', locale: 'sq-u-hc-h23' },
  { code: 'x-us', locale: 'en-US' },
];
const FOLDERS: DateLanguage[] = new NoticeTemplates().languages().map(({ code, locale }) => ({ code, locale }));
const LANGUAGES = [...FOLDERS, ...HELD.filter((language) => !FOLDERS.some((folder) => folder.code === language.code))];

const AT = [
  '2026-01-01T08:05:00Z',
  // Midnight in Paris, still the day before in UTC; the last minute of a day.
  '2025-12-31T23:30:00Z',
  '2026-07-14T21:59:59.999Z',
  // Either side of the clocks going forward, and the hour of 02:30 twice when they go back.
  '2026-03-29T00:59:00Z',
  '2026-03-29T01:00:00Z',
  '2026-10-25T00:30:00Z',
  '2026-10-25T01:30:00Z',
  '2027-02-28T12:00:00Z',
];
const TIMEZONES = ['Europe/Paris', 'America/Cayenne'];

describe('notice dates written in SQL', () => {
  it('are what the templates write with Intl, for every language, time zone and time', async () => {
    const cases = LANGUAGES.flatMap((language) => TIMEZONES.flatMap((timezone) => AT.map((at) => ({ language, timezone, at }))));
    const withTime = noticeDate('w', 'x.at', 'x.language', 'x.timezone', true);
    const dateOnly = noticeDate('d', 'x.at', 'x.language', 'x.timezone', false);
    const rows = await withAdminClient(async (client) => {
      await client.query('BEGIN');
      try {
        await createNoticeDates(client, LANGUAGES, '2025-12-01', '2027-03-31');
        const result = await client.query<{ n: number; with_time: string; date_only: string }>(
          `SELECT x.n, ${withTime.text} AS with_time, ${dateOnly.text} AS date_only
             FROM unnest($1::text[], $2::timestamptz[], $3::text[]) WITH ORDINALITY AS x(language, at, timezone, n)
             ${withTime.joins}
             ${dateOnly.joins}
            ORDER BY x.n`,
          [cases.map((item) => item.language.code), cases.map((item) => item.at), cases.map((item) => item.timezone)],
        );
        return result.rows;
      } finally {
        await client.query('ROLLBACK');
      }
    });
    const written = rows.map((row) => ({ withTime: row.with_time, dateOnly: row.date_only }));
    const expected = cases.map(({ language, timezone, at }) => ({
      withTime: new Intl.DateTimeFormat(language.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: timezone }).format(new Date(at)),
      dateOnly: new Intl.DateTimeFormat(language.locale, { dateStyle: 'long', timeZone: timezone }).format(new Date(at)),
    }));
    expect(written).toEqual(expected);
    const text = (code: string, at: string) => written[cases.findIndex((item) => item.language.code === code && item.timezone === 'Europe/Paris' && item.at === at)].withTime;
    // Persian digits and an hour without its zero; Eastern Arabic digits in Sorani; the time first in Vietnamese.
    expect(text('fa', '2026-01-01T08:05:00Z')).toBe('۱ ژانویهٔ ۲۰۲۶ ساعت ۹:۰۵');
    expect(text('ckb', '2026-01-01T08:05:00Z')).toContain('٠٩:٠٥');
    expect(text('vi', '2026-01-01T08:05:00Z')).toBe('lúc 09:05 1 tháng 1, 2026');
    expect(text('x-us', '2026-07-14T21:59:59.999Z')).toBe('July 14, 2026 at 11:59 PM');
  });

  it('writes nothing for no time, as the helpers do', async () => {
    const withTime = noticeDate('w', 'NULL::timestamptz', `'fr'`, `'Europe/Paris'`, true);
    const [row] = await withAdminClient(async (client) => {
      await client.query('BEGIN');
      try {
        await createNoticeDates(client, FOLDERS, '2026-01-01', '2026-01-02');
        return (await client.query<{ text: string }>(`SELECT ${withTime.text} AS text FROM (SELECT 1) AS one ${withTime.joins}`)).rows;
      } finally {
        await client.query('ROLLBACK');
      }
    });
    expect(row.text).toBe('');
  });
});
