import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import request from 'supertest';
import { createServerApp } from '../../apps/server/src/bootstrap.js';
import type { RetentionPeriods } from '../../apps/server/src/cli/seed-scale/derive.js';
import { SCALE_PASSWORD, seedScale } from '../../apps/server/src/cli/seed-scale/generate.js';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { type CapturedStatement, installSqlCapture, oneLine, planWithoutSeqScans, plannable, scannedTables, seqScans, type SqlCapture } from '../support/sql-capture.js';
import { testEnvironment, tokenFor, type TestEnvironment } from '../support/test-app.js';

// The hot paths, on generated data: every statement a request sends is planned again by
// PostgreSQL with sequential scans priced out of reach (EXPLAIN, same parameters); a Seq Scan
// that remains on a table that grows is one no index can serve. Each path is asked for a smaller
// and a larger answer, which must take the same number of statements: no query per row shown.

// Half a year of three centres from the scale generator: a few seconds to make, and enough rows
// (thousands of stays, people and cases, tens of thousands of welfare checks) for the planner
// to cost plans as it would on a real estate.
const YEARS = 0.5;
const CENTRES = 3;

// Tables whose size follows the estate (how many centres, beds and users; budgets: a row per
// centre, funding source and year; notice languages: a row per template folder), not the
// history: a sequential scan of a few hundred rows is the cheapest plan there, and stays so.
// Each must be small in the generated data (checked below), so the list cannot hide a table
// that grows. Every other table grows with the history or with use (audit events, sessions,
// outbox) and must be reached through an index, even where the generator leaves it small or empty.
const REFERENCE_TABLES = ['centres', 'units', 'beds', 'users', 'funding_sources', 'budgets', 'notice_languages', 'schema_migrations'];
const SMALL = 1_000;
// The generated tables at least this big: the ones the hot paths must not read in full.
const BIG = 5_000;

interface Captured {
  response: request.Response;
  statements: CapturedStatement[];
}

/** One hot path asked twice, with a smaller and a larger answer (`shown`: rows shown in each). */
interface Pair {
  smaller: Captured;
  larger: Captured;
  /** More requests of the path, for their plans only. */
  also?: Captured[];
  shown: [number, number];
}

describe('query plans and statement counts of the hot paths, on generated data', () => {
  let environment: TestEnvironment;
  let app: NestExpressApplication;
  let http: ReturnType<NestExpressApplication['getHttpServer']>;
  let db: pg.Client;
  let capture: SqlCapture;
  /** Rows per table after the generator's ANALYZE. */
  const rows = new Map<string, number>();
  const tokens: Record<'staff' | 'funder' | 'auditor', string> = { staff: '', funder: '', auditor: '' };
  const cookies: Record<'staff' | 'caseworker', string> = { staff: '', caseworker: '' };

  const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0] as T;

  async function pageSession(email: string): Promise<string> {
    const form = await request(http).get('/login').set('Accept-Language', 'en').expect(200);
    const login = await request(http).post('/login').set('Cookie', sessionCookie(form)!).type('form').send({ _csrf: csrfOf(form.text), email, password: SCALE_PASSWORD }).expect(303);
    return sessionCookie(login)!;
  }

  /**
   * One request and the statements it sent. A read is asked once before, uncounted, so that
   * what the server loads once and keeps (a first-use cost) is not taken for per-request work.
   */
  async function captured(send: () => request.Test, status = 200, warm = true): Promise<Captured> {
    if (warm) await send().expect(status);
    let response!: request.Response;
    const { statements } = await capture.during(async () => {
      response = await send();
    });
    expect(response.status).toBe(status);
    return { response, statements };
  }

  const page = (path: string, who: keyof typeof cookies) => () => request(http).get(path).set('Cookie', cookies[who]).set('Accept-Language', 'en');
  const api = (path: string, who: keyof typeof tokens) => () => request(http).get(path).set('Authorization', `Bearer ${tokens[who]}`);

  /** The Seq Scans left, with sequential scans disabled, on tables other than the reference tables; and every table the plans read. */
  async function unindexedScans(label: string, statements: CapturedStatement[]): Promise<{ problems: string[]; tables: Set<string> }> {
    const problems: string[] = [];
    const tables = new Set<string>();
    for (const statement of statements) {
      const plan = await planWithoutSeqScans(db, statement);
      for (const table of scannedTables(plan)) tables.add(table);
      for (const scan of seqScans(plan)) {
        if (REFERENCE_TABLES.includes(scan.table)) continue;
        problems.push(
          `${label}: Seq Scan on ${scan.table} (${(rows.get(scan.table) ?? 0).toLocaleString('en-GB')} rows)` +
            `${scan.filter ? ` filtering ${scan.filter}` : ''}\n    in: ${oneLine(statement.text)}`,
        );
      }
    }
    return { problems, tables };
  }

  /** A request's statements, one a line, a statement repeated in a row shown once with its count. */
  const listing = (statements: CapturedStatement[]) => {
    const lines: string[] = [];
    for (let i = 0; i < statements.length; ) {
      let j = i + 1;
      while (j < statements.length && statements[j].text === statements[i].text) j += 1;
      lines.push(`  ${j - i > 1 ? `${i + 1}-${j}` : i + 1}. ${oneLine(statements[i].text, 160)}${j - i > 1 ? ` (×${j - i})` : ''}`);
      i = j;
    }
    return lines.join('\n');
  };

  /** Fails, listing both requests' statements, when two answers of one path took different numbers of statements. */
  function sameCount(label: string, smaller: CapturedStatement[], larger: CapturedStatement[]) {
    if (smaller.length !== larger.length) {
      throw new Error(`${label}: ${smaller.length} statements for the smaller answer, ${larger.length} for the larger\n-- smaller:\n${listing(smaller)}\n-- larger:\n${listing(larger)}`);
    }
  }

  beforeAll(async () => {
    environment = await testEnvironment();
    await seedScale({
      databaseUrl: environment.config.databaseUrl,
      years: YEARS,
      centres: CENTRES,
      seed: 11,
      rules: {
        extensionSequenceDays: environment.config.extensionSequenceDays,
        removalMaxDays: environment.config.removalMaxDays,
        asylumClaimWindowDays: environment.config.asylumClaimWindowDays,
      },
      retention: (environment.config as { retentionMonths?: RetentionPeriods }).retentionMonths,
    });
    db = new pg.Client({ connectionString: environment.config.databaseUrl, application_name: 'escale-query-plans' });
    await db.connect();
    // The generator updates rows it inserted in the same transaction, then builds the indexes.
    // While any older transaction runs anywhere on the server (another test file, a long
    // seed:scale), PostgreSQL keeps such indexes from snapshots that old (pg_index.indcheckxmin)
    // and the planner falls back to sequential scans that say nothing about the queries.
    // Rewriting those tables drops the update links, and rebuilding their indexes (unique and
    // exclusion ones too, which the rewrite leaves as they were) makes them usable at once: the
    // state the database reaches by itself once the older transactions end.
    const held = await db.query<{ name: string }>(`SELECT DISTINCT indrelid::regclass::text AS name FROM pg_index WHERE indcheckxmin ORDER BY 1`);
    for (const { name } of held.rows) {
      await db.query(`VACUUM (FULL, ANALYZE) ${name}`);
      await db.query(`REINDEX TABLE ${name}`);
    }
    for (const row of (
      await db.query<{ name: string; rows: number }>(
        `SELECT c.relname AS name, greatest(c.reltuples, 0)::int AS rows FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`,
      )
    ).rows) {
      rows.set(row.name, row.rows);
    }
    capture = installSqlCapture();
    capture.ignore(db);

    app = await createServerApp(environment.config);
    await app.init();
    http = app.getHttpServer();
    tokens.staff = await tokenFor(http, 'staff@scale.example', SCALE_PASSWORD);
    tokens.funder = await tokenFor(http, 'funder@scale.example', SCALE_PASSWORD);
    tokens.auditor = await tokenFor(http, 'auditor@scale.example', SCALE_PASSWORD);
    cookies.staff = await pageSession('staff@scale.example');
    cookies.caseworker = await pageSession('caseworker@scale.example');
  }, 180_000);

  afterAll(async () => {
    capture?.uninstall();
    await db?.end();
    await app?.close();
    await environment?.close();
  });

  it('generates the big tables the hot paths read, keeps the reference tables small, and leaves every index to the planner', async () => {
    const big = [...rows].filter(([, count]) => count >= BIG).map(([name]) => name);
    expect(big).toEqual(expect.arrayContaining(['stays', 'people', 'person_centres', 'cases', 'case_status_changes', 'welfare_checks', 'notices', 'tasks']));
    expect(big.filter((table) => REFERENCE_TABLES.includes(table))).toEqual([]);
    expect(REFERENCE_TABLES.map((table) => [table, rows.has(table)])).toEqual(REFERENCE_TABLES.map((table) => [table, true]));
    expect(REFERENCE_TABLES.filter((table) => rows.get(table)! >= SMALL)).toEqual([]);
    const held = await db.query(`SELECT indexrelid::regclass::text AS index FROM pg_index WHERE indcheckxmin OR NOT indisvalid`);
    expect(held.rows).toEqual([]);
  });

  it('finds a sequential scan where no index can serve a statement, and none where one can', async () => {
    const [stay] = (await db.query<{ person_id: string }>(`SELECT person_id FROM stays LIMIT 1`)).rows;
    const unindexed = await planWithoutSeqScans(db, { text: 'SELECT id FROM stays WHERE destination = $1', values: ['Lyon'] });
    expect(seqScans(unindexed)).toEqual([{ table: 'stays', filter: expect.stringContaining('destination') }]);
    const indexed = await planWithoutSeqScans(db, { text: 'SELECT id FROM stays WHERE person_id = $1', values: [stay.person_id] });
    expect(seqScans(indexed)).toEqual([]);
    expect(scannedTables(indexed)).toEqual(['stays']);
  });

  /**
   * A hot path, asked twice with answers of different sizes. Its statements must reach every
   * table outside the reference tables through an index, and be as many for the larger answer
   * as for the smaller: a query per row shown would make them grow.
   */
  function hotPath(title: string, options: { shows: string; reads: string[]; bound: number }, ask: () => Promise<Pair>) {
    describe(title, () => {
      let pair: Pair;
      beforeAll(async () => {
        pair = await ask();
      }, 60_000);

      it(`reaches ${options.reads.join(', ')} and every other table that grows through indexes`, async () => {
        const all = [pair.smaller, pair.larger, ...(pair.also ?? [])].flatMap((request) => request.statements);
        const distinct = [...new Map(all.filter((s) => plannable(s.text)).map((s) => [s.text + JSON.stringify(s.values), s])).values()];
        const { problems, tables } = await unindexedScans(title, distinct);
        if (problems.length > 0) throw new Error(`${problems.length} sequential scan(s) no index can replace:\n\n${problems.join('\n\n')}`);
        // The plans looked at are those of the path's own queries, not of nothing.
        expect(options.reads.filter((table) => !tables.has(table))).toEqual([]);
      });

      it(`sends as many statements for more ${options.shows} as for fewer, and at most ${options.bound}`, () => {
        expect(pair.shown[1]).toBeGreaterThan(pair.shown[0]);
        sameCount(`${title}: ${pair.shown[0]} and ${pair.shown[1]} ${options.shows}`, pair.smaller.statements, pair.larger.statements);
        expect(pair.larger.statements.length).toBeLessThanOrEqual(options.bound);
      });
    });
  }

  /** The centres by how many people are in them now, fewest first. */
  const centresByOccupants = async () =>
    (
      await db.query<{ id: string; kind: string; open: number }>(
        `SELECT c.id, c.kind, (SELECT count(*) FROM stays s WHERE s.centre_id = c.id AND s.checked_out_at IS NULL)::int AS open FROM centres c ORDER BY open, c.code`,
      )
    ).rows;
  const occurrences = (text: string, marker: string) => text.split(marker).length - 1;

  hotPath('centre board page', { shows: 'occupied beds', reads: ['stays', 'people'], bound: 15 }, async () => {
    const centres = await centresByOccupants();
    const [fewest, fullest] = [centres[0], centres[centres.length - 1]];
    const smaller = await captured(page(`/centres/${fewest.id}/board`, 'staff'));
    const larger = await captured(page(`/centres/${fullest.id}/board`, 'staff'));
    const occupied = (r: Captured) => occurrences(r.response.text, 'data-state="occupied"');
    return { smaller, larger, shown: [occupied(smaller), occupied(larger)] };
  });

  hotPath('welfare board page', { shows: 'people to check', reads: ['stays', 'people', 'welfare_checks'], bound: 15 }, async () => {
    const centres = await centresByOccupants();
    const [fewest, fullest] = [centres[0], centres[centres.length - 1]];
    const smaller = await captured(page(`/centres/${fewest.id}/welfare`, 'staff'));
    const larger = await captured(page(`/centres/${fullest.id}/welfare`, 'staff'));
    const listed = (r: Captured) => occurrences(r.response.text, 'data-stay="');
    return { smaller, larger, shown: [listed(smaller), listed(larger)] };
  });

  hotPath('person search', { shows: 'people found', reads: ['people', 'person_centres'], bound: 8 }, async () => {
    // A family name the generator gives hundreds of people, and another spelling of it.
    const { n } = await one<{ n: number }>(`SELECT count(*)::int AS n FROM people WHERE family_name = 'Hosseini'`);
    expect(n).toBeGreaterThanOrEqual(20);
    const search = (q: string, limit: number) => captured(api(`/api/v1/people?q=${encodeURIComponent(q)}&limit=${limit}`, 'staff'));
    const smaller = await search('Husseini', 5);
    const larger = await search('Husseini', 20);
    const also = [await search('Hosseini', 20), await search('Mohammad Ahmady', 20)];
    expect(larger.response.body.items.map((item: { familyName: string }) => item.familyName)).toContain('Hosseini');
    return { smaller, larger, also, shown: [smaller.response.body.items.length, larger.response.body.items.length] };
  });

  hotPath('case page', { shows: 'history entries, tasks and referral steps', reads: ['cases', 'case_status_changes', 'tasks', 'referrals', 'stays'], bound: 30 }, async () => {
    // Cases with an asylum referral, the one with the least to show and the one with the most.
    const cases = (
      await db.query<{ id: string; shown: number }>(
        `SELECT k.id, ((SELECT count(*) FROM case_status_changes c WHERE c.case_id = k.id) + (SELECT count(*) FROM tasks t WHERE t.case_id = k.id)
                      + (SELECT count(*) FROM referral_transitions t JOIN referrals r ON r.id = t.referral_id WHERE r.case_id = k.id))::int AS shown
           FROM cases k WHERE EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = k.id) ORDER BY shown, k.id`,
      )
    ).rows;
    const [least, most] = [cases[0], cases[cases.length - 1]];
    const smaller = await captured(page(`/cases/${least.id}`, 'caseworker'));
    const larger = await captured(page(`/cases/${most.id}`, 'caseworker'));
    return { smaller, larger, shown: [least.shown, most.shown] };
  });

  hotPath('agenda', { shows: 'items due', reads: ['stays', 'referrals', 'cases', 'tasks', 'medical_reports', 'people'], bound: 8 }, async () => {
    // The default period (everything overdue and the next week) and the longest period after now, a few items and a page of them.
    const far = new Date(Date.now() + 90 * 86_400_000).toISOString();
    const smaller = await captured(api('/api/v1/agenda?limit=3', 'staff'));
    const larger = await captured(api(`/api/v1/agenda?limit=100&to=${far}`, 'staff'));
    const also = [await captured(page('/agenda?period=month', 'staff')), await captured(page('/agenda?period=month', 'caseworker'))];
    return { smaller, larger, also, shown: [smaller.response.body.items.length, larger.response.body.items.length] };
  });

  hotPath('reading a person', { shows: 'stays', reads: ['people', 'stays'], bound: 12 }, async () => {
    const [once, often] = (
      await db.query<{ id: string }>(
        `(SELECT person_id AS id FROM stays GROUP BY person_id HAVING count(*) = 1 ORDER BY person_id LIMIT 1)
         UNION ALL (SELECT person_id FROM stays GROUP BY person_id ORDER BY count(*) DESC, person_id LIMIT 1)`,
      )
    ).rows;
    const smaller = await captured(api(`/api/v1/people/${once.id}`, 'staff'));
    const larger = await captured(api(`/api/v1/people/${often.id}`, 'staff'));
    return { smaller, larger, shown: [smaller.response.body.stays.length, larger.response.body.stays.length] };
  });

  /** The whole generated history, and its last two months and a bit, as Paris dates. */
  const periods = () =>
    one<{ first: string; recent: string; last: string }>(
      `SELECT to_char(min(checked_in_at) AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS first,
              to_char(date_trunc('month', (now() AT TIME ZONE 'Europe/Paris')::date - 1) - interval '2 months', 'YYYY-MM-DD') AS recent,
              to_char((now() AT TIME ZONE 'Europe/Paris')::date - 1, 'YYYY-MM-DD') AS last
         FROM stays`,
    );
  const months = (from: string, to: string) => (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;

  for (const [kind, reads] of [
    ['occupancy', ['stays', 'occupancy_snapshots', 'occupancy_months']],
    ['spend', ['spend_entries', 'stays', 'occupancy_months', 'people_served_days', 'stay_visits']],
    ['outcomes', ['stays', 'referral_transitions', 'outcome_snapshots', 'interpreter_use_months']],
  ] as const) {
    hotPath(`${kind} report over the generated history`, { shows: 'months', reads: [...reads], bound: 20 }, async () => {
      const { first, recent, last } = await periods();
      // The exact figures an auditor reads are counted from the stays and snapshots; a funder's are the published tables, read by key.
      const report = (from: string) => captured(api(`/api/v1/reports/${kind}?from=${from}&to=${last}&granularity=month`, 'auditor'));
      const smaller = await report(recent);
      const larger = await report(first);
      if (kind !== 'outcomes') expect(larger.response.body.items.length).toBeGreaterThan(smaller.response.body.items.length);
      const covered = (r: Captured) => months(r.response.body.from, r.response.body.to);
      return { smaller, larger, shown: [covered(smaller), covered(larger)] };
    });
  }

  hotPath('check-in', { shows: 'possible duplicates', reads: ['people', 'stays', 'beds', 'person_centres'], bound: 30 }, async () => {
    // The reception centre with the most free beds for men.
    const centre = await one<{ id: string }>(
      `SELECT b.centre_id AS id FROM beds b JOIN units u ON u.id = b.unit_id JOIN centres c ON c.id = b.centre_id
        WHERE c.kind = 'reception' AND b.in_service AND NOT b.occupied AND u.housing IN ('men', 'mixed')
        GROUP BY b.centre_id ORDER BY count(*) DESC LIMIT 1`,
    );
    // Someone named as only one person is, and someone named as many people are: a new arrival
    // with either name is offered the people already recorded under it as possible duplicates.
    // Men, as the beds chosen are; the generated people change with the day the data is made, so
    // the new arrival takes the nationality most common under the name rather than a fixed one.
    const [rare, common] = (
      await db.query<{ given_names: string; family_name: string; nationality: string }>(
        `(SELECT given_names, family_name, trim(nationalities[1]) AS nationality FROM people
           WHERE sex = 'male' AND family_name IN (SELECT family_name FROM people GROUP BY 1 HAVING count(*) = 1) ORDER BY id LIMIT 1)
         UNION ALL (SELECT given_names, family_name, mode() WITHIN GROUP (ORDER BY trim(nationalities[1])) AS nationality
                      FROM people WHERE sex = 'male' GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 1)`,
      )
    ).rows;
    const arrival = (names?: { given_names: string; family_name: string; nationality: string }) => ({
      person: {
        ...(names ? { givenNames: names.given_names, familyName: names.family_name } : { givenNames: 'Aram', familyName: 'Qxolotlbrenner' }),
        dateOfBirth: '1993-04-17',
        dobEstimated: false,
        sex: 'male',
        nationalities: [names?.nationality ?? 'IRQ'],
        languages: ['ckb'],
      },
    });
    const checkIn = (body: object) => () => request(http).post(`/api/v1/centres/${centre.id}/check-ins`).set('Authorization', `Bearer ${tokens.staff}`).send(body);
    // A check-in cannot be asked twice; a first one, not counted, warms the path instead.
    await checkIn(arrival())().expect(201);
    const smaller = await captured(checkIn(arrival(rare)), 201, false);
    const larger = await captured(checkIn(arrival(common)), 201, false);
    expect(smaller.response.body.possibleDuplicates.length).toBeGreaterThanOrEqual(1);
    // Whether a check-out was recorded on a free bed after the arrival is one probe of an index a
    // bed, not a read of every stay the bed ever had (hundreds after a few years).
    const allocation = larger.statements.find((statement) => /SKIP LOCKED/.test(statement.text));
    expect(allocation).toBeDefined();
    expect(JSON.stringify(await planWithoutSeqScans(db, allocation!))).toContain('stays_bed_checked_out_idx');
    return { smaller, larger, shown: [smaller.response.body.possibleDuplicates.length, larger.response.body.possibleDuplicates.length] };
  });

  describe('a boat through the arrivals endpoint', () => {
    const UNIQUE_NAMES = ['Wybrzezkowa', 'Fjellhaugen', 'Tzintzuntzan', 'Oquendoberri', 'Quikpuvvik', 'Gwrtheyrnion'];
    let boatsSent = 0;
    const boat = async (size: number) => {
      const centre = await one<{ id: string }>(
        `SELECT b.centre_id AS id FROM beds b JOIN units u ON u.id = b.unit_id JOIN centres c ON c.id = b.centre_id
          WHERE c.kind = 'reception' AND b.in_service AND NOT b.occupied AND u.housing IN ('men', 'mixed')
            AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND s.checked_out_at > now())
          GROUP BY b.centre_id ORDER BY count(*) DESC LIMIT 1`,
      );
      const auth = { Authorization: `Bearer ${tokens.staff}` };
      const interception = await request(http)
        .post('/api/v1/interceptions')
        .set(auth)
        .send({ occurredAt: new Date(Date.now() - 3_600_000).toISOString(), location: 'Gravelines', agency: 'Préfecture maritime', groupSize: size })
        .expect(201);
      // Names nobody else has, each far from the others, so that no boat finds duplicates and each person costs the same.
      const people = Array.from({ length: size }, (_, i) => ({
        ref: `p${i}`,
        person: { givenNames: 'Karwan', familyName: UNIQUE_NAMES[boatsSent++], dateOfBirth: `19${70 + boatsSent}-06-02`, dobEstimated: false, sex: 'male', nationalities: ['IRQ'], languages: ['ckb'] },
      }));
      return captured(() => request(http).post(`/api/v1/interceptions/${interception.body.id}/arrivals`).set(auth).send({ centreId: centre.id, people }), 200, false);
    };

    it('sends the same statements for each person, whatever the size of the boat, and reaches what grows through indexes', async () => {
      const boats = [await boat(1), await boat(2), await boat(3)];
      for (const [i, sent] of boats.entries()) expect(sent.response.body.results.map((result: { status: string }) => result.status)).toEqual(Array(i + 1).fill('checked_in'));
      // Per person: a transaction of its own and a duplicate search beside it; the reads of the duplicates shown are recorded once for the boat.
      const [one, two, three] = boats.map((sent) => sent.statements.length);
      expect(three - two).toBe(two - one);
      expect(two - one).toBeLessThanOrEqual(24);
      const distinct = [...new Map(boats.flatMap((sent) => sent.statements).filter((s) => plannable(s.text)).map((s) => [s.text + JSON.stringify(s.values), s])).values()];
      const { problems, tables } = await unindexedScans('arrivals', distinct);
      if (problems.length > 0) throw new Error(`${problems.length} sequential scan(s) no index can replace:\n\n${problems.join('\n\n')}`);
      expect(['people', 'stays', 'beds', 'person_centres'].filter((table) => !tables.has(table))).toEqual([]);
    }, 60_000);
  });

  // Last, once the boards above have written list events: "who saw this person" is one indexed query.
  it('finds the list events that named a record through the index on subject_ids, in the audit viewer and the subject-access export', async () => {
    const { id } = await one<{ id: string }>(`SELECT subject_ids[1]::text AS id FROM audit_events WHERE action = 'person.list' AND cardinality(subject_ids) > 0 LIMIT 1`);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const named = await planWithoutSeqScans(db, { text: 'SELECT id FROM audit_events WHERE subject_ids @> ARRAY[$1::uuid]', values: [id] });
    expect(seqScans(named)).toEqual([]);
    expect(JSON.stringify(named)).toContain('audit_events_subjects_idx');
    const exported = await planWithoutSeqScans(db, { text: 'SELECT count(*) FROM audit_events WHERE entity_id = ANY($1) OR subject_ids && $1::uuid[]', values: [[id]] });
    expect(seqScans(exported)).toEqual([]);
    expect(JSON.stringify(exported)).toContain('audit_events_subjects_idx');
    const viewer = await captured(api(`/api/v1/audit?entityId=${id}&limit=50`, 'auditor'));
    expect(viewer.response.body.items).toContainEqual(expect.objectContaining({ action: 'person.list', entityId: null }));
    const { problems, tables } = await unindexedScans('audit viewer by record', viewer.statements.filter((statement) => plannable(statement.text)));
    expect(problems).toEqual([]);
    expect(tables.has('audit_events')).toBe(true);
  });
});
