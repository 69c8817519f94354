import argon2 from 'argon2';
import pg from 'pg';
import { canMoveCase, canMoveReferral, type CaseStatus, type ReferralStatus } from '@escale/cases';
import { NoticeTemplates } from '@escale/notices';
import { searchSkeleton, searchText } from '@escale/people';
import type { RetentionPeriods } from '../../apps/server/src/cli/seed-scale/derive.js';
import { SCALE_PASSWORD, seedScale, type SeedScaleSummary } from '../../apps/server/src/cli/seed-scale/generate.js';
import { handOvers, interpreterCounts, languageChoices, noticeDates, rightsNotified } from '../support/seeded-notices.js';
import { testEnvironment, type TestEnvironment } from '../support/test-app.js';

// A small history (fourteen months, a removal and a reception centre), checked for the rules the
// application keeps: the database refuses overlapping stays itself, so this looks at what it
// cannot see: how many, how long, why they ended, who was housed with whom.
const YEARS = 1.2;

describe('seed:scale data generator', () => {
  const now = new Date('2026-03-15T12:00:00Z');
  let environment: TestEnvironment;
  let db: pg.Client;
  let summary: SeedScaleSummary;
  const templates = new NoticeTemplates();
  const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0] as T;

  beforeAll(async () => {
    environment = await testEnvironment();
    summary = await seedScale({
      databaseUrl: environment.config.databaseUrl,
      years: YEARS,
      centres: 2,
      seed: 7,
      now,
      rules: {
        extensionSequenceDays: environment.config.extensionSequenceDays,
        removalMaxDays: environment.config.removalMaxDays,
        asylumClaimWindowDays: environment.config.asylumClaimWindowDays,
      },
      retention: (environment.config as { retentionMonths?: RetentionPeriods }).retentionMonths,
    });
    db = new pg.Client({ connectionString: environment.config.databaseUrl });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await environment?.close();
  });

  it('makes a removal and a reception centre, with beds in units for men, women and families', async () => {
    const centres = await db.query<{ kind: string; beds: number; housings: string[] }>(
      `SELECT c.kind, count(b.id)::int AS beds, array_agg(DISTINCT u.housing ORDER BY u.housing) AS housings
         FROM centres c JOIN units u ON u.centre_id = c.id JOIN beds b ON b.unit_id = u.id GROUP BY c.id, c.kind ORDER BY c.kind`,
    );
    expect(centres.rows.map((row) => row.kind)).toEqual(['reception', 'removal']);
    expect(centres.rows[0].housings).toEqual(['families', 'men', 'mixed', 'women']);
    expect(centres.rows[1].housings).toEqual(['men', 'women']);
    expect(centres.rows[0].beds).toBeGreaterThan(100);
  });

  it('fills each year with about a hundred stays per reception bed and a dozen per removal bed', async () => {
    const rows = await db.query<{ kind: string; stays: number; beds: number }>(
      `SELECT c.kind, (SELECT count(*) FROM stays s WHERE s.centre_id = c.id)::int AS stays, (SELECT count(*) FROM beds b WHERE b.centre_id = c.id)::int AS beds
         FROM centres c ORDER BY c.kind`,
    );
    const [reception, removal] = rows.rows;
    expect(reception.stays / reception.beds / YEARS).toBeGreaterThan(50);
    expect(reception.stays / reception.beds / YEARS).toBeLessThan(150);
    expect(removal.stays / removal.beds / YEARS).toBeGreaterThan(5);
    expect(removal.stays / removal.beds / YEARS).toBeLessThan(20);
    expect(summary.rows.stays).toBe(reception.stays + removal.stays);
  });

  it('keeps every stay within its legal maximum, about 33 days in a removal centre and a few in a reception centre', async () => {
    const overLimit = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM stays s JOIN centres c ON c.id = s.centre_id
        WHERE COALESCE(s.checked_out_at, $1) > s.legal_limit_at OR s.legal_limit_at > s.checked_in_at + c.max_stay_days * interval '1 day'`,
      [now],
    );
    expect(overLimit.n).toBe(0);
    const lengths = await db.query<{ kind: string; mean: number; longest: number }>(
      `SELECT c.kind, avg(extract(epoch FROM s.checked_out_at - s.checked_in_at) / 86400)::float AS mean,
              max(extract(epoch FROM s.checked_out_at - s.checked_in_at) / 86400)::float AS longest
         FROM stays s JOIN centres c ON c.id = s.centre_id WHERE s.checked_out_at IS NOT NULL GROUP BY c.kind ORDER BY c.kind`,
    );
    const [reception, removal] = lengths.rows;
    expect(reception.mean).toBeGreaterThan(1);
    expect(reception.mean).toBeLessThan(4);
    expect(reception.longest).toBeLessThanOrEqual(7);
    expect(removal.mean).toBeGreaterThan(20);
    expect(removal.mean).toBeLessThan(45);
    expect(removal.longest).toBeLessThanOrEqual(90);
  });

  it('never holds anyone in a removal centre past the authority a judge extended', async () => {
    const held = await one<{ past: number; expired: number; extended: number }>(
      `SELECT count(*) FILTER (WHERE COALESCE(s.checked_out_at, $1) > s.authorised_until)::int AS past,
              count(*) FILTER (WHERE s.checked_out_at IS NULL AND s.authorised_until <= $1)::int AS expired,
              (SELECT count(*) FROM stay_extensions)::int AS extended
         FROM stays s JOIN centres c ON c.id = s.centre_id WHERE c.kind = 'removal'`,
      [now],
    );
    expect(held).toEqual({ past: 0, expired: 0, extended: expect.any(Number) });
    expect(held.extended).toBeGreaterThan(0);
  });

  it('ends stays for the reasons DOMAIN.md lists, each present', async () => {
    const reasons = (await db.query<{ exit_reason: string }>(`SELECT DISTINCT exit_reason FROM stays WHERE exit_reason IS NOT NULL`)).rows.map((row) => row.exit_reason);
    for (const reason of ['removed', 'released_by_court', 'released_at_legal_limit', 'dublin_transfer', 'transferred', 'moved_to_asylum_accommodation', 'absconded', 'hospitalised', 'other']) {
      expect(reasons).toContain(reason);
    }
    const transfers = await one<{ unlinked: number; linked: number }>(
      `SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM stays n WHERE n.transferred_from_id = s.id AND n.checked_in_at = s.checked_out_at AND n.person_id = s.person_id AND n.case_id = s.case_id))::int AS unlinked,
              count(*)::int AS linked
         FROM stays s WHERE s.exit_reason = 'transferred'`,
    );
    expect(transfers.unlinked).toBe(0);
    expect(transfers.linked).toBeGreaterThan(0);
  });

  it('places no minor in a removal centre, and a minor only in a family unit with their own household', async () => {
    const minors = await one<{ in_removal: number; outside_family_units: number; with_others: number }>(
      `WITH minors AS (
         SELECT s.* FROM stays s JOIN people p ON p.id = s.person_id
          WHERE p.date_of_birth > (s.checked_in_at AT TIME ZONE 'UTC')::date - interval '18 years')
       SELECT (SELECT count(*) FROM minors m JOIN centres c ON c.id = m.centre_id WHERE c.kind = 'removal')::int AS in_removal,
              (SELECT count(*) FROM minors m JOIN units u ON u.id = m.unit_id WHERE u.housing <> 'families' OR m.household_id IS NULL)::int AS outside_family_units,
              (SELECT count(*) FROM minors m JOIN stays o ON o.unit_id = m.unit_id AND o.household_id IS DISTINCT FROM m.household_id
                 AND tstzrange(o.checked_in_at, o.checked_out_at) && tstzrange(m.checked_in_at, m.checked_out_at))::int AS with_others`,
    );
    expect(minors).toEqual({ in_removal: 0, outside_family_units: 0, with_others: 0 });
    expect((await one<{ n: number }>(`SELECT count(*)::int AS n FROM stays s JOIN people p ON p.id = s.person_id WHERE p.date_of_birth > (s.checked_in_at AT TIME ZONE 'UTC')::date - interval '18 years'`)).n).toBeGreaterThan(0);
  });

  it('houses the members of a household together, in one unit, and families of several people', async () => {
    const households = await one<{ split: number; families: number; largest: number }>(
      `SELECT count(*) FILTER (WHERE units > 1)::int AS split, count(*) FILTER (WHERE members > 1)::int AS families, max(members)::int AS largest
         FROM (SELECT household_id, count(DISTINCT unit_id) AS units, count(*) AS members FROM stays WHERE household_id IS NOT NULL GROUP BY household_id) h`,
    );
    expect(households.split).toBe(0);
    expect(households.families).toBeGreaterThan(10);
    expect(households.largest).toBeGreaterThanOrEqual(4);
  });

  it('leaves open stays only at the end, on beds marked taken, in service, with their welfare check not long overdue', async () => {
    const open = await one<{ open: number; occupied: number; future: number; closed_beds: number; overdue: number }>(
      `SELECT (SELECT count(*) FROM stays WHERE checked_out_at IS NULL)::int AS open,
              (SELECT count(*) FROM beds WHERE occupied)::int AS occupied,
              (SELECT count(*) FROM stays WHERE checked_in_at > $1 OR checked_out_at > $1)::int AS future,
              (SELECT count(*) FROM stays s JOIN beds b ON b.id = s.bed_id WHERE s.checked_out_at IS NULL AND NOT b.in_service)::int AS closed_beds,
              (SELECT count(*) FROM stays WHERE checked_out_at IS NULL AND next_welfare_check_due < $1 - interval '1 hour')::int AS overdue`,
      [now],
    );
    expect(open.open).toBeGreaterThan(0);
    expect(open).toEqual({ open: open.open, occupied: open.open, future: 0, closed_beds: 0, overdue: 0 });
  });

  it('moves cases and referrals only as their state machines allow', async () => {
    const caseMoves = await db.query<{ from_status: CaseStatus; to_status: CaseStatus }>(`SELECT DISTINCT from_status, to_status FROM case_status_changes WHERE from_status IS NOT NULL`);
    expect(caseMoves.rows.filter((row) => !canMoveCase(row.from_status, row.to_status))).toEqual([]);
    const referralMoves = await db.query<{ from_status: ReferralStatus; to_status: ReferralStatus }>(`SELECT DISTINCT from_status, to_status FROM referral_transitions WHERE from_status IS NOT NULL`);
    expect(referralMoves.rows.length).toBeGreaterThan(5);
    expect(referralMoves.rows.filter((row) => !canMoveReferral(row.from_status, row.to_status))).toEqual([]);
    const latest = await one<{ wrong: number }>(
      `SELECT count(*)::int AS wrong FROM cases k
        WHERE k.status <> (SELECT to_status FROM case_status_changes c WHERE c.case_id = k.id ORDER BY c.at DESC, c.to_status = 'closed' DESC LIMIT 1)
           OR (k.status = 'closed') <> (k.closed_at IS NOT NULL)`,
    );
    expect(latest.wrong).toBe(0);
  });

  it('gives every placement its rights notice, in the person’s language or French with an interpreter', async () => {
    const notices = await one<{ missing: number; interpreted: number; own: number; wrong_language: number }>(
      `SELECT (SELECT count(*) FROM stays s WHERE NOT EXISTS (SELECT 1 FROM notices n WHERE n.dedupe_key = 'rights_on_arrival:' || s.id)
                 AND NOT EXISTS (SELECT 1 FROM stays f JOIN centres fc ON fc.id = f.centre_id JOIN centres c ON c.id = s.centre_id
                                  WHERE f.id = s.transferred_from_id AND fc.kind = 'removal' AND c.kind = 'removal'))::int AS missing,
              count(*) FILTER (WHERE n.interpreter_needed)::int AS interpreted,
              count(*) FILTER (WHERE NOT n.interpreter_needed)::int AS own,
              count(*) FILTER (WHERE n.language_choice = 'fallback' AND (n.language <> 'fr' OR p.languages && ARRAY['en', 'fr']::varchar[]))::int AS wrong_language
         FROM notices n JOIN people p ON p.id = n.person_id WHERE n.type = 'rights_on_arrival'`,
    );
    expect(notices.missing).toBe(0);
    expect(notices.wrong_language).toBe(0);
    expect(notices.interpreted).toBeGreaterThan(0);
    expect(notices.own).toBeGreaterThan(0);
    // Each interpreter task names its notice, as the worker's do; its words are the reader's, not stored.
    const tasks = await one<{ n: number; unnamed: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE kind <> 'interpreter_notice' OR title IS NOT NULL OR NOT EXISTS (SELECT 1 FROM notices n WHERE n.id = (t.params->>'noticeId')::uuid))::int AS unnamed
         FROM tasks t WHERE source = 'interpreter'`,
    );
    expect(tasks.unnamed).toBe(0);
    expect(tasks.n).toBe(notices.interpreted + (await one<{ n: number }>(`SELECT count(*)::int AS n FROM notices WHERE interpreter_needed AND type <> 'rights_on_arrival'`)).n);
  });

  it('chooses each notice’s language as the application does, from the person’s languages (best first) and the reviewed ones', async () => {
    const { wrong, byChoice } = await languageChoices(db, templates);
    expect(wrong).toEqual([]);
    expect(byChoice.reviewed).toBeGreaterThan(0);
    expect(byChoice.fallback).toBeGreaterThan(0);
    const { stays } = await rightsNotified(db, now, environment.config.asylumClaimWindowDays);
    expect(stays.repeated).toBe(0);
  });

  it('writes each notice’s dates as the templates of its language write them', async () => {
    const { problems, checked, languages } = await noticeDates(db, templates, 40);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(100);
    expect([...languages].sort()).toEqual(Object.keys((await languageChoices(db, templates)).byLanguage).sort());
  });

  it('records each hand-over as it happened: in the notice’s language, with an interpreter present or by phone when it needs one', async () => {
    const counts = await handOvers(db);
    expect(counts).toMatchObject({ status: 0, handed_over: 0, pending: 0, people: { wrong: 0 } });
    expect(counts.present).toBeGreaterThan(counts.phone);
    expect(counts.phone).toBeGreaterThan(0);
    expect(counts.none).toBeGreaterThan(0);
    expect(counts.people.needing).toBeGreaterThan(0);
    expect(counts.people.reading).toBeGreaterThan(0);
  });

  it('opens the asylum window when the rights notice is handed over, and recalls it the day before it closes', async () => {
    const { stays, reminders } = await rightsNotified(db, now, environment.config.asylumClaimWindowDays);
    expect(stays).toMatchObject({ notified_otherwise: 0, not_carried: 0, window_otherwise: 0, reception_window: 0, left_waiting: 0 });
    expect(stays.windows).toBeGreaterThan(0);
    expect(stays.notified).toBeGreaterThan(stays.windows);
    expect(reminders).toMatchObject({ off_time: 0, missed: 0 });
    expect(reminders.reminders).toBeGreaterThan(0);
  });

  it('counts the notices needing an interpreter, and those that would still need one if every translation were reviewed', async () => {
    const counted = await interpreterCounts(db, templates);
    expect(summary.notices).toEqual({ total: counted.total, interpreterNeeded: counted.needing, interpreterNeededIfAllReviewed: counted.reading_none });
    expect(counted.reading_none).toBeLessThanOrEqual(counted.needing);
    expect(counted.needing).toBeLessThan(counted.total);
  });

  it('records people as the application does: searchable names, several nationalities and languages', async () => {
    const people = await db.query<{ given_names: string; family_name: string; aliases: string[]; search_text: string; search_skeleton: string }>(
      `SELECT given_names, family_name, aliases, search_text, search_skeleton FROM people ORDER BY id LIMIT 200`,
    );
    for (const person of people.rows) {
      const names = [person.given_names, person.family_name, ...person.aliases];
      expect({ text: person.search_text, skeleton: person.search_skeleton }).toEqual({ text: searchText(names), skeleton: searchSkeleton(names) });
    }
    const spread = await one<{ nationalities: number; languages: number; aliased: number }>(
      `SELECT count(DISTINCT nationalities[1])::int AS nationalities, (SELECT count(DISTINCT l) FROM people, unnest(languages) l)::int AS languages,
              count(*) FILTER (WHERE cardinality(aliases) > 0)::int AS aliased FROM people`,
    );
    expect(spread.nationalities).toBeGreaterThanOrEqual(10);
    expect(spread.languages).toBeGreaterThanOrEqual(12);
    expect(spread.aliased).toBeGreaterThan(0);
  });

  it('schedules welfare checks within each stay, more often once the level is heightened', async () => {
    const checks = await one<{ outside: number; standard: number; heightened: number }>(
      `SELECT count(*) FILTER (WHERE w.performed_at < s.checked_in_at OR w.performed_at > COALESCE(s.checked_out_at, $1))::int AS outside,
              (count(*) FILTER (WHERE s.welfare_level = 'standard')::float / NULLIF(count(DISTINCT s.id) FILTER (WHERE s.welfare_level = 'standard'), 0))::float AS standard,
              (count(*) FILTER (WHERE s.welfare_level = 'heightened')::float / NULLIF(count(DISTINCT s.id) FILTER (WHERE s.welfare_level = 'heightened'), 0))::float AS heightened
         FROM welfare_checks w JOIN stays s ON s.id = w.stay_id`,
      [now],
    );
    expect(checks.outside).toBe(0);
    expect(checks.heightened).toBeGreaterThan(checks.standard);
  });

  it('leaves old history as the nightly retention job would: no notice text once its period has passed', async () => {
    const periods = (environment.config as { retentionMonths?: RetentionPeriods }).retentionMonths;
    if (!periods) return;
    const notices = await one<{ kept: number; erased: number; recent_erased: number }>(
      `WITH gone AS (
         SELECT person_id, max(closed_at) AS closed_at FROM cases GROUP BY person_id
         HAVING bool_and(status = 'closed') AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.person_id = cases.person_id AND s.checked_out_at IS NULL))
       SELECT count(*) FILTER (WHERE n.html IS NOT NULL AND g.closed_at <= $1::timestamptz - make_interval(months => $2))::int AS kept,
              count(*) FILTER (WHERE n.html IS NULL)::int AS erased,
              count(*) FILTER (WHERE n.html IS NULL AND (g.closed_at IS NULL OR g.closed_at > $1::timestamptz - make_interval(months => $2)))::int AS recent_erased
         FROM notices n LEFT JOIN gone g ON g.person_id = n.person_id`,
      [now, Math.min(periods.notices, periods.identity)],
    );
    expect(notices).toEqual({ kept: 0, erased: notices.erased, recent_erased: 0 });
    expect(notices.erased).toBeGreaterThan(0);
  });

  it('creates the users it prints, with the password it prints', async () => {
    const admin = await one<{ password_hash: string; role: string }>(`SELECT password_hash, role FROM users WHERE email = 'admin@scale.example'`);
    expect(admin.role).toBe('admin');
    await expect(argon2.verify(admin.password_hash, SCALE_PASSWORD)).resolves.toBe(true);
  });

  it('fills budgets, spend and nightly occupancy', async () => {
    const tables = await one<{ n: number }>(`SELECT count(*)::int AS n FROM unnest(ARRAY['budgets', 'spend_entries', 'occupancy_snapshots', 'outcome_snapshots']) t WHERE to_regclass(t) IS NOT NULL`);
    expect(tables.n).toBe(4);
    const finance = await one<{ budgets: number; spend: number; snapshots: number; nights: number }>(
      `SELECT (SELECT count(*) FROM budgets)::int AS budgets, (SELECT count(*) FROM spend_entries)::int AS spend,
              (SELECT count(*) FROM occupancy_snapshots)::int AS snapshots,
              (SELECT count(DISTINCT day) FROM occupancy_snapshots)::int AS nights`,
    );
    expect(finance.budgets).toBeGreaterThan(0);
    expect(finance.spend).toBeGreaterThan(100);
    expect(finance.snapshots).toBe(finance.nights * 2);
    const tonight = await one<{ snapshot: number; counted: number }>(
      `SELECT (SELECT sum(occupied_bed_nights) FROM occupancy_snapshots WHERE day = ($1::timestamptz AT TIME ZONE 'Europe/Paris')::date - 1)::int AS snapshot,
              (SELECT count(*) FROM stays WHERE checked_in_at < (($1::timestamptz AT TIME ZONE 'Europe/Paris')::date)::timestamp AT TIME ZONE 'Europe/Paris'
                 AND COALESCE(checked_out_at, 'infinity') >= (($1::timestamptz AT TIME ZONE 'Europe/Paris')::date)::timestamp AT TIME ZONE 'Europe/Paris')::int AS counted`,
      [now],
    );
    expect(tonight.snapshot).toBe(tonight.counted);
  });

  it('counts each closed month of departures and referral outcomes as the nightly job would', async () => {
    // On 15 March, check-outs of January can no longer be recorded: January is the last month counted.
    const months = await db.query<{ centre_id: string; first: string; last: string; n: number }>(
      `SELECT centre_id, to_char(min(month), 'YYYY-MM') AS first, to_char(max(month), 'YYYY-MM') AS last, count(*)::int AS n
         FROM outcome_snapshots WHERE measure = 'departures' GROUP BY centre_id`,
    );
    expect(months.rows).toHaveLength(2);
    const [{ start }] = (await db.query<{ start: string }>(`SELECT to_char(min(day), 'YYYY-MM') AS start FROM occupancy_snapshots`)).rows;
    const monthsFrom = (month: string) => (2026 - Number(month.slice(0, 4))) * 12 + 1 - Number(month.slice(5)) + 1;
    for (const row of months.rows) expect(row).toMatchObject({ first: start, last: '2026-01', n: monthsFrom(start) });
    const june = await db.query<{ snapshot: number; counted: number; lengths: number }>(
      `SELECT (SELECT value::int FROM outcome_snapshots o WHERE o.centre_id = c.id AND o.month = '2025-06-01' AND o.measure = 'departures') AS snapshot,
              (SELECT count(*)::int FROM stays s WHERE s.centre_id = c.id AND to_char(s.checked_out_at AT TIME ZONE c.timezone, 'YYYY-MM') = '2025-06') AS counted,
              (SELECT sum(n::int)::int FROM outcome_snapshots o, jsonb_each_text(o.histogram) AS h(tenths, n) WHERE o.centre_id = c.id AND o.month = '2025-06-01' AND o.measure = 'lengths') AS lengths
         FROM centres c`,
    );
    for (const row of june.rows) {
      expect(row.counted).toBeGreaterThan(0);
      expect(row.snapshot).toBe(row.counted);
      expect(row.lengths).toBe(row.counted);
    }
  });
});
