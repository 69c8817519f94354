/**
 * Money and nightly counts: funding sources, yearly budgets per centre and source, the spend
 * lines of every month, and one occupancy snapshot per centre per night. Kept apart from the
 * rest: these tables belong to the reports context, and a database without them is still
 * filled with everything else.
 */
import type pg from 'pg';
import type { EntityManager } from 'typeorm';
import { addDays, eachMonth, lastClosedMonthEnd, liveOutcomeMeasures, saveOutcomeSnapshots } from '@escale/reports';
import { SPEND_DESCRIPTIONS } from './profiles.js';

interface Context {
  now: Date;
  start: Date;
  progress: (what: string, rows: number) => void;
}

/** Cost of a bed for a day, in cents: about €690 per person per day in a removal centre (Cour des comptes), far less in an open reception centre. */
const BED_DAY_CENTS = { removal: 62_000, reception: 9_500 };

const SOURCES = [
  { code: 'UK', name: 'Royaume-Uni — accord franco-britannique', removal: 0.35, reception: 0.45 },
  { code: 'FR', name: 'État — programme 303 Immigration et asile', removal: 0.55, reception: 0.35 },
  { code: 'EU-AMIF', name: 'Union européenne — Fonds Asile, migration et intégration', removal: 0.1, reception: 0.2 },
];

/** Share of a centre's spend by category, and how many lines a month each category usually has. */
const CATEGORIES: { category: string; removal: number; reception: number; lines: number; ukShare: number }[] = [
  { category: 'staff', removal: 0.45, reception: 0.35, lines: 1, ukShare: 0.2 },
  { category: 'security', removal: 0.15, reception: 0.05, lines: 1, ukShare: 0.5 },
  { category: 'accommodation', removal: 0.12, reception: 0.2, lines: 1, ukShare: 0.3 },
  { category: 'catering', removal: 0.1, reception: 0.18, lines: 4, ukShare: 0.3 },
  { category: 'healthcare', removal: 0.06, reception: 0.06, lines: 2, ukShare: 0.2 },
  { category: 'transport', removal: 0.04, reception: 0.06, lines: 4, ukShare: 0.5 },
  { category: 'interpreting', removal: 0.03, reception: 0.05, lines: 3, ukShare: 0.3 },
  { category: 'legal_aid', removal: 0.03, reception: 0.03, lines: 1, ukShare: 0.1 },
  { category: 'equipment', removal: 0.015, reception: 0.01, lines: 1, ukShare: 0.85 },
  { category: 'other', removal: 0.005, reception: 0.01, lines: 2, ukShare: 0.2 },
];

export const REPORT_TABLES = ['funding_sources', 'budgets', 'spend_entries', 'occupancy_snapshots', 'outcome_snapshots', 'occupancy_months', 'stay_visits', 'people_served_days', 'interpreter_use_months'];

/** Which of the reports tables this database has (they arrive with their own migration). */
export async function reportTablesPresent(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(`SELECT name FROM unnest($1::text[]) AS name WHERE to_regclass('public.' || name) IS NOT NULL`, [REPORT_TABLES]);
  return rows.map((row) => row.name);
}

export async function loadFinance(client: pg.ClientBase, context: Context): Promise<void> {
  const present = await reportTablesPresent(client);
  if (!['funding_sources', 'budgets', 'spend_entries'].every((table) => present.includes(table))) {
    context.progress('spend and budgets skipped: the reports tables are missing', 0);
  } else {
    await client.query(`INSERT INTO funding_sources (code, name) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (code) DO NOTHING`, [
      SOURCES.map((source) => source.code),
      SOURCES.map((source) => source.name),
    ]);
    const sources = [SOURCES.map((s) => s.code), SOURCES.map((s) => s.removal), SOURCES.map((s) => s.reception)];
    const budgets = await client.query(
      `INSERT INTO budgets (centre_id, year, funding_source, amount_cents, currency, updated_by)
       SELECT c.id, y, src.code,
              round(beds.n * (CASE WHEN c.kind = 'removal' THEN $3::bigint ELSE $4::bigint END) * 365
                    * (CASE WHEN c.kind = 'removal' THEN src.removal ELSE src.reception END)
                    * (0.95 + 0.15 * pg_temp.draw(c.id::text || y || src.code, 20)) / 100000) * 100000,
              'EUR', (SELECT id FROM users WHERE email = 'admin@scale.example')
         FROM centres c
         JOIN (SELECT centre_id, count(*) AS n FROM beds GROUP BY centre_id) beds ON beds.centre_id = c.id
        CROSS JOIN generate_series(extract(year FROM $1::timestamptz)::int, extract(year FROM $2::timestamptz)::int) y
        CROSS JOIN unnest($5::text[], $6::float8[], $7::float8[]) AS src(code, removal, reception)`,
      [context.start, context.now, BED_DAY_CENTS.removal, BED_DAY_CENTS.reception, ...sources],
    );
    context.progress('budgets', budgets.rowCount ?? 0);
    const descriptions = CATEGORIES.map((c) => SPEND_DESCRIPTIONS[c.category].join('|'));
    // A month's spend follows the beds, with the odd expensive month; each line is paid by one source.
    const spend = await client.query(
      `WITH months AS (
         SELECT c.id AS centre_id, c.kind, beds.n AS beds, m::date AS month
           FROM centres c JOIN (SELECT centre_id, count(*) AS n FROM beds GROUP BY centre_id) beds ON beds.centre_id = c.id
          CROSS JOIN generate_series(date_trunc('month', $1::timestamptz AT TIME ZONE 'Europe/Paris'), $2::timestamptz AT TIME ZONE 'Europe/Paris', interval '1 month') m
       ), lines AS (
         SELECT mo.*, cat.category, s.share, cat.lines, cat.uk_share, cat.descriptions, line
           FROM months mo
          CROSS JOIN unnest($5::text[], $6::float8[], $7::float8[], $8::int[], $9::float8[], $10::text[]) AS cat(category, removal_share, reception_share, lines, uk_share, descriptions)
          CROSS JOIN LATERAL (SELECT CASE WHEN mo.kind = 'removal' THEN cat.removal_share ELSE cat.reception_share END AS share) s
          CROSS JOIN generate_series(1, cat.lines) line
          WHERE cat.category <> 'equipment' OR pg_temp.draw(mo.centre_id::text || mo.month || 'eq', 21) < 0.3
       )
       INSERT INTO spend_entries (centre_id, spent_on, category, funding_source, amount_cents, currency, description, created_by, created_at)
       SELECT l.centre_id, day, l.category,
              CASE WHEN d.source < l.uk_share THEN 'UK' WHEN d.source < l.uk_share + (1 - l.uk_share) * 0.75 THEN 'FR' ELSE 'EU-AMIF' END,
              GREATEST(100, round(l.beds * (CASE WHEN l.kind = 'removal' THEN $3::bigint ELSE $4::bigint END) * 30.4 * l.share / l.lines
                    * (CASE WHEN l.category = 'equipment' THEN 3.3 ELSE 1 END) * (0.8 + 0.35 * d.amount)))::bigint,
              'EUR',
              (string_to_array(l.descriptions, '|'))[1 + floor(d.description * array_length(string_to_array(l.descriptions, '|'), 1))::int],
              (SELECT id FROM users WHERE email = 'admin@scale.example'),
              (day + interval '2 days')::timestamp AT TIME ZONE 'Europe/Paris'
         FROM lines l
        CROSS JOIN LATERAL (SELECT pg_temp.draw(l.centre_id::text || l.month || l.category || l.line, 22) AS amount,
                                   pg_temp.draw(l.centre_id::text || l.month || l.category || l.line, 23) AS source,
                                   pg_temp.draw(l.centre_id::text || l.month || l.category || l.line, 24) AS description,
                                   pg_temp.draw(l.centre_id::text || l.month || l.category || l.line, 25) AS on_day) d
        CROSS JOIN LATERAL (SELECT (l.month + floor(d.on_day * 28)::int) AS day) spent
        WHERE day >= ($1::timestamptz AT TIME ZONE 'Europe/Paris')::date AND day < ($2::timestamptz AT TIME ZONE 'Europe/Paris')::date`,
      [
        context.start,
        context.now,
        BED_DAY_CENTS.removal,
        BED_DAY_CENTS.reception,
        CATEGORIES.map((c) => c.category),
        CATEGORIES.map((c) => c.removal),
        CATEGORIES.map((c) => c.reception),
        CATEGORIES.map((c) => c.lines),
        CATEGORIES.map((c) => c.ukShare),
        descriptions,
      ],
    );
    context.progress('spend entries', spend.rowCount ?? 0);
  }
  if (!present.includes('occupancy_snapshots')) {
    context.progress('occupancy snapshots skipped: the table is missing', 0);
    return;
  }
  // Each night as the nightly job counts it: present at the midnight ending the day, arrivals and departures of the day, in the centre's time.
  const snapshots = await client.query(
    `WITH days AS (
       SELECT c.id AS centre_id, c.timezone, d::date AS day
         FROM centres c
        CROSS JOIN generate_series(($1::timestamptz AT TIME ZONE 'Europe/Paris')::date, ($2::timestamptz AT TIME ZONE 'Europe/Paris')::date - 1, interval '1 day') d
     ), arrivals AS (
       SELECT s.centre_id, (s.checked_in_at AT TIME ZONE c.timezone)::date AS day, count(*) AS n
         FROM stays s JOIN centres c ON c.id = s.centre_id GROUP BY 1, 2
     ), departures AS (
       SELECT s.centre_id, (s.checked_out_at AT TIME ZONE c.timezone)::date AS day, count(*) AS n
         FROM stays s JOIN centres c ON c.id = s.centre_id WHERE s.checked_out_at IS NOT NULL GROUP BY 1, 2
     ), beds AS (
       SELECT centre_id, count(*) AS all_beds, count(*) FILTER (WHERE in_service) AS in_service FROM beds GROUP BY centre_id
     ), counted AS (
       SELECT d.centre_id, d.day, d.timezone, COALESCE(a.n, 0) AS admissions, COALESCE(x.n, 0) AS discharges,
              sum(COALESCE(a.n, 0) - COALESCE(x.n, 0)) OVER (PARTITION BY d.centre_id ORDER BY d.day) AS present
         FROM days d
         LEFT JOIN arrivals a ON a.centre_id = d.centre_id AND a.day = d.day
         LEFT JOIN departures x ON x.centre_id = d.centre_id AND x.day = d.day
     )
     INSERT INTO occupancy_snapshots (centre_id, day, capacity, occupied_bed_nights, admissions, discharges, taken_at)
     SELECT k.centre_id, k.day,
            CASE WHEN k.day >= ($2::timestamptz AT TIME ZONE 'Europe/Paris')::date - 30 THEN b.in_service ELSE b.all_beds END,
            GREATEST(0, k.present), k.admissions, k.discharges,
            ((k.day + 1)::timestamp AT TIME ZONE k.timezone) + interval '5 minutes'
       FROM counted k JOIN beds b ON b.centre_id = k.centre_id`,
    [context.start, context.now],
  );
  context.progress('occupancy snapshots', snapshots.rowCount ?? 0);
  if (present.includes('outcome_snapshots')) await loadOutcomeSnapshots(client, context);
}

/** Each closed month's departures and referral outcomes, as the nightly job counts them, with the reports' own query. */
async function loadOutcomeSnapshots(client: pg.ClientBase, context: Context): Promise<void> {
  const today = context.now.toISOString().slice(0, 10);
  const first = context.start.toISOString().slice(0, 10);
  const last = lastClosedMonthEnd(today);
  if (first > last) return;
  const manager = { query: async (sql: string, params: unknown[]) => (await client.query(sql, params)).rows } as unknown as EntityManager;
  const centres = (await client.query<{ id: string }>('SELECT id FROM centres')).rows.map((row) => row.id);
  const rows = await liveOutcomeMeasures(manager, centres, first, last);
  // A month without departures is marked as taken too.
  const counted = new Set(rows.filter((row) => row.measure === 'departures').map((row) => `${row.centreId}|${row.month}`));
  for (const centreId of centres) {
    for (const month of eachMonth(first, last)) if (!counted.has(`${centreId}|${month}`)) rows.push({ centreId, month, measure: 'departures', value: 0 });
  }
  const inserted = await saveOutcomeSnapshots(manager, rows, new Date(`${addDays(last, 2)}T00:00:00Z`));
  context.progress('outcome snapshots', inserted);
}
