import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import request from 'supertest';
import { FixedClock, JobName, QueueName } from '@escale/platform';
import { DATA_CLASSIFICATION, personalDataLeft, RetentionService, type RetentionRunView, type SubjectAccessExport } from '@escale/privacy';
import { createCentre, newPerson } from '../support/fixtures.js';
import { as, asAdmin, checkedIn, DAY_MS, HOUR_MS, household } from '../support/stays-fixtures.js';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { responseValidator, type ResponseValidator } from '../support/openapi.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEFAULT_PASSWORD, eventually, startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

const NOW = new Date('2031-06-15T12:00:00Z');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A word of letters only, unique to one person, written into every free text about them. */
const token = () => `Zq${[...randomBytes(8)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('')}`;

interface Life {
  token: string;
  personId: string;
  stayId: string;
  caseId: string;
}

type Who = { token: string };

describe('retention of personal data, legal holds and subject access', () => {
  const clock = new FixedClock(new Date('2025-01-01T09:00:00Z'));
  let t: TestApp;
  let reception: string;
  let removal: string;
  let staff: Who & { id: string };
  let caseworker: Who & { id: string };
  let otherStaff: Who;
  let funder: Who;
  let auditor: Who;
  let worker: INestApplicationContext | undefined;
  let validator: ResponseValidator;
  const lives: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'X', Life> = {} as never;
  const unlinked: { old: string; recent: string } = { old: '', recent: '' };

  const put = (who: Who | string, path: string, body: unknown) =>
    request(t.http).put(path).set('Authorization', `Bearer ${typeof who === 'string' ? who : who.token}`).send(body as object);
  const exportOf = async (personId: string): Promise<SubjectAccessExport> => validator.checked(await asAdmin(t).get(`/api/v1/people/${personId}/export`).expect(200)).body;
  /** The export without what changes each time it is read: when, and its own audit trail. */
  const heldData = async (personId: string) => {
    const { exportedAt: _exportedAt, auditEvents: _auditEvents, ...rest } = await exportOf(personId);
    return rest;
  };
  const retention = () => t.app.get(RetentionService);

  /**
   * A person's whole episode through the API, each step at its own time: check-in (in a household
   * with a name when asked), welfare, health, property, a case note and task, an asylum referral
   * decided with a document, then check-out and the case closed when given.
   */
  async function lifeOf(options: { checkIn: Date; checkOut?: Date; close?: Date; centreId?: string; household?: boolean }): Promise<Life> {
    const mark = token();
    clock.set(options.checkIn);
    const householdId = options.household ? await household(t, staff, `Famille ${mark}`) : undefined;
    const made = await checkedIn(t, staff, options.centreId ?? reception, {
      person: newPerson({ familyName: `Fam${mark}`, givenNames: `Giv${mark}`, aliases: [`Ali${mark}`] }),
      ...(householdId ? { householdId } : {}),
    });
    const life = { token: mark, personId: made.person.id, stayId: made.stay.id, caseId: made.case.id };
    clock.set(new Date(options.checkIn.getTime() + HOUR_MS));
    await as(t, staff).post(`/api/v1/stays/${life.stayId}/welfare-checks`, { outcome: 'concern_raised', notes: `Check ${mark}` }).expect(201);
    await as(t, staff).post(`/api/v1/people/${life.personId}/vulnerabilities`, { type: 'mental_health', notes: `Vulnerable ${mark}` }).expect(201);
    await put(staff, `/api/v1/stays/${life.stayId}/welfare-level`, { level: 'constant', reason: `Level ${mark}` }).expect(200);
    const report = await as(t, staff).post(`/api/v1/stays/${life.stayId}/medical-reports`, { kind: 'other_concern', sentTo: 'Préfecture du Nord' }).expect(201);
    await as(t, staff).post(`/api/v1/medical-reports/${report.body.id}/reply`, { replySummary: `Reply ${mark}` }).expect(201);
    await as(t, staff).post(`/api/v1/stays/${life.stayId}/property`, { items: [{ kind: 'item', description: `Phone ${mark}` }, { kind: 'cash', description: 'Cash', amountCents: 2000, currency: 'EUR' }] }).expect(201);
    await as(t, caseworker).post(`/api/v1/cases/${life.caseId}/notes`, { text: `Note ${mark}` }).expect(201);
    await as(t, caseworker).post(`/api/v1/people/${life.personId}/legal-contacts`, { kind: 'lawyer', name: `Maître ${mark}`, phone: '+33 3 20 00 00 00', notes: `Lawyer ${mark}` }).expect(201);
    await as(t, caseworker).post(`/api/v1/cases/${life.caseId}/tasks`, { title: `Call the lawyer of ${mark}`, dueAt: new Date(options.checkIn.getTime() + DAY_MS).toISOString() }).expect(201);
    const referral = await as(t, caseworker).post(`/api/v1/cases/${life.caseId}/referrals`, { kind: 'asylum' }).expect(201);
    let version = referral.body.version as number;
    version = (await as(t, caseworker).post(`/api/v1/referrals/${referral.body.id}/transitions`, { to: 'submitted', version, note: `Submitted ${mark}` }).expect(200)).body.version;
    await request(t.http).post(`/api/v1/referrals/${referral.body.id}/documents`).set('Authorization', `Bearer ${caseworker.token}`).attach('file', PDF, `${mark}-passport.pdf`).expect(201);
    for (const to of ['registered', 'lodged', 'decided_granted']) {
      version = (await as(t, caseworker).post(`/api/v1/referrals/${referral.body.id}/transitions`, { to, version }).expect(200)).body.version;
    }
    if (options.checkOut) {
      clock.set(options.checkOut);
      await as(t, staff).post(`/api/v1/stays/${life.stayId}/check-out`, { reason: 'released_by_court', destination: `Address ${mark}` }).expect(200);
    }
    if (options.close) {
      clock.set(options.close);
      const current = await as(t, caseworker).get(`/api/v1/cases/${life.caseId}`).expect(200);
      await as(t, caseworker).patch(`/api/v1/cases/${life.caseId}`, { status: 'closed', version: current.body.version, note: `Closed ${mark}` }).expect(200);
    }
    return life;
  }

  /** Where a word appears in the database: every table, every column, as text. */
  async function tablesHolding(word: string): Promise<string[]> {
    const tables = await t.dataSource.query<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const found: string[] = [];
    for (const { table_name: table } of tables) {
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM "${table}" row WHERE row::text ILIKE $1`, [`%${word}%`]);
      if (n > 0) found.push(table);
    }
    return found;
  }

  /** Everything the test's queues hold in Redis, as one text. */
  async function redisText(): Promise<string> {
    const redis = new Redis(t.config.redisUrl, { maxRetriesPerRequest: 1 });
    try {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', `${t.config.queuePrefix}:*`, 'COUNT', 500);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      const parts: string[] = [];
      for (const key of keys) {
        const type = await redis.type(key);
        if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
        else if (type === 'string') parts.push((await redis.get(key)) ?? '');
        else if (type === 'list') parts.push(...(await redis.lrange(key, 0, -1)));
        else if (type === 'set') parts.push(...(await redis.smembers(key)));
        else if (type === 'zset') parts.push(...(await redis.zrange(key, 0, -1)));
        else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
      }
      expect(keys.length).toBeGreaterThan(0);
      return parts.join('\n');
    } finally {
      redis.disconnect();
    }
  }

  /**
   * What is left of an anonymised person: no identifier, contact, health or free text in any
   * table about them, and only generalised quasi-identifiers.
   */
  async function expectAnonymous(life: Life): Promise<void> {
    for (const table of Object.keys(DATA_CLASSIFICATION)) {
      const sql = personalDataLeft(table);
      if (!sql) continue;
      const [{ n }] = await t.dataSource.query(sql, [life.personId]);
      expect({ table, left: n }).toEqual({ table, left: 0 });
    }
    const [person] = await t.dataSource.query(`SELECT to_char(date_of_birth, 'MM-DD') AS day, extract(year FROM date_of_birth)::int % 5 AS band, dob_estimated, cardinality(languages) AS languages FROM people WHERE id = $1`, [life.personId]);
    expect(person).toEqual({ day: '01-01', band: 0, dob_estimated: true, languages: 1 });
    // Every time about them is a day: what is left of the time of day is under a second (their order only).
    const times = await t.dataSource.query(
      `SELECT 'stays' AS tbl, s.checked_in_at AS at, c.timezone FROM stays s JOIN centres c ON c.id = s.centre_id WHERE s.person_id = $1
       UNION ALL SELECT 'stays', s.checked_out_at, c.timezone FROM stays s JOIN centres c ON c.id = s.centre_id WHERE s.person_id = $1
       UNION ALL SELECT 'stays', s.created_at, c.timezone FROM stays s JOIN centres c ON c.id = s.centre_id WHERE s.person_id = $1
       UNION ALL SELECT 'case_status_changes', h.at, c.timezone FROM case_status_changes h JOIN cases k ON k.id = h.case_id JOIN centres c ON c.id = k.centre_id WHERE k.person_id = $1
       UNION ALL SELECT 'case_status_changes', h.recorded_at, c.timezone FROM case_status_changes h JOIN cases k ON k.id = h.case_id JOIN centres c ON c.id = k.centre_id WHERE k.person_id = $1
       UNION ALL SELECT 'referral_transitions', r.at, c.timezone FROM referral_transitions r JOIN referrals f ON f.id = r.referral_id JOIN cases k ON k.id = f.case_id JOIN centres c ON c.id = f.centre_id WHERE k.person_id = $1
       UNION ALL SELECT 'notices', n.created_at, c.timezone FROM notices n JOIN centres c ON c.id = n.centre_id WHERE n.person_id = $1
       UNION ALL SELECT 'property_items', i.deposited_at, c.timezone FROM property_items i JOIN stays s ON s.id = i.stay_id JOIN centres c ON c.id = s.centre_id WHERE s.person_id = $1`,
      [life.personId],
    );
    expect(times.length).toBeGreaterThan(8);
    // The last microsecond of a check-in's day, or the first ones of any other day.
    const sub = await t.dataSource.query(
      `SELECT tbl, extract(epoch FROM at - date_trunc('day', at, timezone)) AS seconds FROM (VALUES ${times.map((_: unknown, i: number) => `($${3 * i + 1}, $${3 * i + 2}::timestamptz, $${3 * i + 3})`).join(', ')}) AS v(tbl, at, timezone)`,
      times.flatMap((row: { tbl: string; at: Date; timezone: string }) => [row.tbl, row.at, row.timezone]),
    );
    for (const { tbl, seconds } of sub) expect({ tbl, generalised: Number(seconds) < 1 || Number(seconds) > 86_400 - 3_600 - 1 }).toEqual({ tbl, generalised: true });
  }

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { TOKEN_TTL_MINUTES: String(10 * 365 * 24 * 60), RETENTION_BATCH_SIZE: '2' } });
    validator = await responseValidator(t.http);
    reception = (await createCentre(t, { kind: 'reception', units: [{ housing: 'families', beds: 2 }, { housing: 'families', beds: 2 }, { housing: 'men', beds: 20 }] })).id;
    removal = (await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 4 }] })).id;
    const other = (await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 2 }] })).id;
    staff = await t.userWithToken('staff', [reception, removal]);
    caseworker = await t.userWithToken('caseworker', [reception, removal]);
    otherStaff = await t.userWithToken('staff', [other]);
    funder = await t.userWithToken('funder');
    auditor = await t.userWithToken('auditor');

    // Households recorded and never housed together: one 6½ years ago, one a year ago.
    clock.set(new Date('2025-01-05T10:00:00Z'));
    unlinked.old = await household(t, staff, `Famille ${token()}`);
    await t.dataSource.query(`UPDATE households SET created_at = $2 WHERE id = $1`, [unlinked.old, clock.now()]);
    clock.set(new Date('2030-06-01T10:00:00Z'));
    unlinked.recent = await household(t, staff, `Famille ${token()}`);

    // Closed 6½ years before NOW: every period has passed.
    const longAgo = { checkIn: new Date('2025-01-10T20:00:00Z'), checkOut: new Date('2025-01-12T09:00:00Z'), close: new Date('2025-01-13T10:00:00Z') };
    lives.A = await lifeOf({ ...longAgo, household: true });
    lives.B = await lifeOf(longAgo);
    lives.F = await lifeOf({ ...longAgo, household: true });
    // Still in the centre since 2025, their case open.
    lives.C = await lifeOf({ checkIn: new Date('2025-02-01T22:00:00Z') });
    // Closed 31 months before: documents, notices and health are due, identity is not.
    lives.E = await lifeOf({ checkIn: new Date('2028-10-20T21:00:00Z'), checkOut: new Date('2028-10-25T09:00:00Z'), close: new Date('2028-11-02T10:00:00Z') });
    // Closed 14 months before: documents and notices are due, health and identity are not.
    lives.D = await lifeOf({ checkIn: new Date('2030-03-20T21:00:00Z'), checkOut: new Date('2030-03-25T09:00:00Z'), close: new Date('2030-04-01T10:00:00Z') });
    // Held now in a removal centre, with a judge's extension: the subject of the export.
    lives.X = await lifeOf({ checkIn: new Date(NOW.getTime() - 3 * DAY_MS), centreId: removal });
    clock.set(new Date(NOW.getTime() - 2 * DAY_MS));
    await as(t, staff).post(`/api/v1/stays/${lives.X.stayId}/extensions`, { decidedAt: clock.now().toISOString(), days: 26, decidedBy: 'JLD de Lille' }).expect(201);
    await as(t, staff).post(`/api/v1/stays/${lives.X.stayId}/hearings`, { scheduledAt: new Date(NOW.getTime() + DAY_MS).toISOString(), court: 'JLD de Lille', purpose: 'extension' }).expect(201);
    await as(t, staff).post(`/api/v1/stays/${lives.X.stayId}/removal-orders`, { kind: 'without_departure_period', notifiedAt: clock.now().toISOString(), issuedBy: 'Préfecture du Nord' }).expect(201);
    clock.set(NOW);

    // The worker renders the notices (they name the person) through the queues.
    worker = await startTestWorker(t.config, { clock, schedules: false });
    await eventually(async () => {
      const [{ waiting }] = await t.dataSource.query(`SELECT count(*)::int AS waiting FROM outbox_messages WHERE available_at <= $1 AND completed_at IS NULL AND failed_at IS NULL`, [NOW]);
      return waiting === 0;
    }, 60_000);
    const rendered = await t.dataSource.query(`SELECT person_id FROM notices WHERE html IS NOT NULL AND person_id IS NOT NULL`);
    expect(new Set(rendered.map((row: { person_id: string }) => row.person_id)).size).toBe(7);
  }, 240_000);

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  describe('legal hold', () => {
    it('is placed and released by administrators only, with a reason, and audited', async () => {
      const path = `/api/v1/people/${lives.B.personId}/legal-hold`;
      for (const who of [staff, caseworker, funder, auditor]) await put(who, path, { hold: true, reason: 'Court claim' }).expect(403);
      await request(t.http).put(path).send({ hold: true, reason: 'Court claim' }).expect(401);
      const missing = await put(t.adminToken, path, { hold: true }).expect(400);
      expect(missing.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: { reason: expect.any(Array) } } });
      await put(t.adminToken, path, { hold: 'yes', reason: 'Court claim' }).expect(400);
      await put(t.adminToken, path, { hold: true, reason: 'Court claim', until: '2040-01-01' }).expect(400);
      await put(t.adminToken, `/api/v1/people/00000000-0000-4000-8000-000000000000/legal-hold`, { hold: true, reason: 'Court claim' }).expect(404);

      const placed = await put(t.adminToken, path, { hold: true, reason: 'Claim before the administrative court' }).expect(200);
      expect(placed.body).toMatchObject({ personId: lives.B.personId, hold: true, reason: 'Claim before the administrative court', at: NOW.toISOString(), anonymisedAt: null });
      // Held on F too, then released: only the last word counts.
      await put(t.adminToken, `/api/v1/people/${lives.F.personId}/legal-hold`, { hold: true, reason: 'Pending review' }).expect(200);
      const released = await put(t.adminToken, `/api/v1/people/${lives.F.personId}/legal-hold`, { hold: false }).expect(200);
      expect(released.body).toMatchObject({ hold: false, reason: null, by: null, at: null });

      const audit = await asAdmin(t).get(`/api/v1/audit?entityId=${lives.F.personId}&limit=500`).expect(200);
      const actions = audit.body.items.map((event: { action: string }) => event.action);
      expect(actions).toEqual(expect.arrayContaining(['person.legal_hold', 'person.legal_hold_release']));
    });
  });

  describe('the nightly run', () => {
    const before: Record<string, Awaited<ReturnType<typeof heldData>>> = {};
    let reportsBefore: unknown[];
    let first: RetentionRunView;
    let second: RetentionRunView;

    const reports = async () => [
      (await asAdmin(t).get(`/api/v1/reports/occupancy?centreId=${reception}&from=2025-01-01&to=2031-06-14&granularity=month`).expect(200)).body,
      // The days of the anonymised stays, night by night, and the months of their departures.
      (await asAdmin(t).get(`/api/v1/reports/occupancy?from=2025-01-01&to=2025-02-28&granularity=day`).expect(200)).body,
      (await asAdmin(t).get(`/api/v1/reports/outcomes?from=2025-01-01&to=2025-01-31`).expect(200)).body,
      (await asAdmin(t).get(`/api/v1/reports/outcomes?from=2025-01-01&to=2025-01-31&centreId=${reception}`).expect(200)).body,
      (await asAdmin(t).get(`/api/v1/reports/spend?from=2025-01-01&to=2025-12-31&groupBy=fundingSource`).expect(200)).body,
      (await asAdmin(t).get(`/api/v1/reports/spend?from=2025-01-01&to=2025-01-31&centreId=${reception}`).expect(200)).body,
      (await as(t, funder).get(`/api/v1/reports/outcomes?from=2025-01-01&to=2025-12-31`).expect(200)).body,
      (await as(t, funder).get(`/api/v1/reports/occupancy?from=2025-01-01&to=2031-06-14&granularity=month`).expect(200)).body,
      (await asAdmin(t).get(`/api/v1/reports/outcomes?from=2025-01-01&to=2031-06-14`).expect(200)).body,
    ];

    beforeAll(async () => {
      for (const [name, life] of Object.entries(lives)) before[name] = await heldData(life.personId);
      reportsBefore = await reports();
    }, 60_000);

    it('leaves no name in the queues: job data holds ids only', async () => {
      const text = (await redisText()).toLowerCase();
      for (const life of Object.values(lives)) expect(text).not.toContain(life.token.toLowerCase());
      const payloads = await t.dataSource.query(`SELECT payload::text AS payload FROM outbox_messages`);
      for (const { payload } of payloads) expect(Object.keys(JSON.parse(payload)).every((key) => ['type', 'stayId', 'referralId', 'alertId', 'userId', 'month'].includes(key))).toBe(true);
    });

    it('erases what is due by category, skipping a person whose row another transaction holds', async () => {
      // A check-in of F under way holds F's row (its new stay's foreign key) until it commits.
      const checkIn = new pg.Client({ connectionString: t.config.databaseUrl });
      await checkIn.connect();
      try {
        await checkIn.query('BEGIN');
        await checkIn.query(`SELECT id FROM people WHERE id = $1 FOR KEY SHARE`, [lives.F.personId]);
        first = await retention().runRetention();
        await checkIn.query('ROLLBACK');
      } finally {
        await checkIn.end();
      }

      const a = before.A;
      const documents = (data: typeof a) => data.referrals.reduce((sum, referral) => sum + referral.documents.length, 0);
      const notices = (data: typeof a) => data.notices.filter((notice) => notice.html).length;
      const sumOf = (kinds: string[]) => kinds.reduce((sum, kind) => sum + (first.details[kind] ?? 0), 0);
      const kindsOf = (suffixes: string[]) => Object.keys(first.details).filter((kind) => suffixes.some((suffix) => kind.endsWith(suffix)));

      expect(first.status).toBe('completed');
      expect(first.periods).toEqual({ documents: 12, notices: 12, health: 24, identity: 60 });
      expect(first.people).toBe(3);
      expect(first.counts.documents).toEqual({ people: 3, records: documents(before.A) + documents(before.D) + documents(before.E) });
      expect(first.counts.notices).toEqual({ people: 3, records: notices(before.A) + notices(before.D) + notices(before.E) });
      expect(first.counts.health.people).toBe(2);
      expect(first.counts.identity.people).toBe(1);
      // Every record counted is in the details, by table and step.
      expect(first.counts.health.records).toBe(sumOf([...kindsOf(['.health']), 'vulnerabilities.deleted', 'welfare_checks.deleted', 'welfare_level_changes.deleted', 'medical_reports.deleted', 'age_assessments.deleted', 'tasks.deleted']));
      expect(first.counts.identity.records).toBe(sumOf([...kindsOf(['.identity', '.generalised', '.unlinked_erased']), 'case_notes.deleted', 'person_aliases.deleted', 'person_identifiers.deleted', 'person_changes.deleted', 'legal_contacts.deleted', 'people.anonymised']));
      // A and E: their health records are gone whole (the recipient of a doctor's report with it).
      expect(first.details).toMatchObject({ 'medical_reports.deleted': 2, 'vulnerabilities.deleted': 2, 'welfare_checks.deleted': 2, 'people.anonymised': 1, 'case_notes.deleted': 1, 'households.unlinked_erased': 1 });
      expect(first.details['welfare_level_changes.deleted']).toBeGreaterThanOrEqual(2);
      expect(first.details['stays.health']).toBe(2);
      expect(first.details['stays.generalised']).toBe(1);
      expect(documents(before.A)).toBe(1);
      expect(notices(before.A)).toBeGreaterThanOrEqual(2);

      // The household never housed is erased after the identity period; the recent one is kept.
      const labels = await t.dataSource.query(`SELECT id, label FROM households WHERE id = ANY($1)`, [[unlinked.old, unlinked.recent]]);
      expect(labels.find((row: { id: string }) => row.id === unlinked.old).label).toBeNull();
      expect(labels.find((row: { id: string }) => row.id === unlinked.recent).label).toMatch(/^Famille /);

      // A: anonymised, what the reports count kept.
      const after = await heldData(lives.A.personId);
      expect(after.person).toMatchObject({ familyName: expect.stringMatching(/^ANON-[0-9A-F]{8}$/), givenNames: '', aliases: [], dateOfBirth: '1995-01-01', anonymisedAt: NOW.toISOString() });
      expect(after.person.sex).toBe(a.person.sex);
      expect(after.person.nationalities).toEqual(a.person.nationalities.slice(0, 1));
      expect(after.stays).toHaveLength(1);
      expect(after.stays[0]).toMatchObject({ id: a.stays[0].id, exitReason: 'released_by_court', destination: null });
      expect(after.referrals.map((referral) => [referral.status, referral.history.map((step) => step.to), referral.documents])).toEqual(a.referrals.map((referral) => [referral.status, referral.history.map((step) => step.to), []]));
      expect(after.cases.map((found) => [found.status, found.history.map((step) => [step.to, step.note]), found.notes])).toEqual(a.cases.map((found) => [found.status, found.history.map((step) => [step.to, null]), []]));
      await expectAnonymous(lives.A);
      expect(after.property.map((item) => [item.kind, item.description, item.amountCents]).sort()).toEqual([['cash', '', 2000], ['item', '', null]]);
      // Health facts go whole: no vulnerability, welfare check or level, doctor's report (nor whom it was sent to), age assessment or task is left.
      expect(a.vulnerabilities.length && a.welfareChecks.length && a.medicalReports.length && a.welfareLevels.length).toBeTruthy();
      expect([after.vulnerabilities, after.welfareChecks, after.medicalReports, after.welfareLevels, after.cases[0].tasks]).toEqual([[], [], [], [], []]);
      expect(after.stays[0]).toMatchObject({ welfareLevel: 'standard' });
      expect(after.notices.map((notice) => [notice.type, notice.status, notice.html])).toEqual(a.notices.map((notice) => [notice.type, notice.status, null]));
      expect(after.households.map((found) => found.label)).toEqual([null]);
      // Nowhere in the database, the audit trail included (it never held a value).
      expect(await tablesHolding(lives.A.token)).toEqual([]);

      // E (31 months): health gone, identity kept. D (14 months): documents and notices only.
      const e = await heldData(lives.E.personId);
      expect(e.person).toEqual(before.E.person);
      // Their tasks said what they were for (a vulnerability, a welfare concern): gone with the health records.
      expect(e.cases.map(({ tasks, ...found }) => found)).toEqual(before.E.cases.map(({ tasks, ...found }) => found));
      expect(e.cases[0].tasks).toEqual([]);
      expect([e.vulnerabilities, e.welfareChecks, e.medicalReports]).toEqual([[], [], []]);
      expect(e.stays.map((stay) => [stay.checkedInAt, stay.checkedOutAt])).toEqual(before.E.stays.map((stay) => [stay.checkedInAt, stay.checkedOutAt]));
      expect(e.referrals[0].documents).toEqual([]);
      expect(e.notices.every((notice) => notice.html === null)).toBe(true);
      const d = await heldData(lives.D.personId);
      expect({ ...d, referrals: undefined, notices: undefined }).toEqual({ ...before.D, referrals: undefined, notices: undefined });
      expect(d.referrals[0].documents).toEqual([]);
      expect(d.notices.map((notice) => notice.html)).toEqual(before.D.notices.map(() => null));

      // Under legal hold, with an open stay, held by a check-in, or held now: untouched.
      for (const name of ['B', 'C', 'F', 'X'] as const) expect(await heldData(lives[name].personId)).toEqual(before[name]);
      expect(await tablesHolding(lives.B.token)).toEqual(expect.arrayContaining(['people', 'case_notes', 'notices', 'vulnerabilities', 'referral_documents']));
    }, 60_000);

    it('handles the person skipped once the row is free, and then finds nothing more to do', async () => {
      clock.advance(60_000);
      second = await retention().runRetention();
      expect(second).toMatchObject({ status: 'completed', people: 1 });
      const identityKinds = Object.keys(second.details).filter((kind) => /\.(identity|generalised)$/.test(kind) || ['case_notes.deleted', 'person_aliases.deleted', 'person_identifiers.deleted', 'person_changes.deleted', 'legal_contacts.deleted', 'people.anonymised'].includes(kind));
      expect(second.counts.identity).toEqual({ people: 1, records: identityKinds.reduce((sum, kind) => sum + second.details[kind], 0) });
      expect(second.details).toMatchObject({ 'people.anonymised': 1, 'stays.generalised': 1, 'households.identity': 1, 'medical_reports.deleted': 1 });
      // The household never housed was the first run's.
      expect(second.details['households.unlinked_erased']).toBeUndefined();
      await expectAnonymous(lives.F);
      expect(second.counts.documents.people).toBe(1);
      expect(await tablesHolding(lives.F.token)).toEqual([]);

      const snapshot = async () => Promise.all(Object.values(lives).map((life) => heldData(life.personId)));
      const settled = await snapshot();
      clock.advance(60_000);
      const third = await retention().runRetention();
      expect(third).toMatchObject({ status: 'completed', people: 0, details: {} });
      for (const category of ['documents', 'notices', 'health', 'identity'] as const) expect(third.counts[category]).toEqual({ people: 0, records: 0 });
      expect(await snapshot()).toEqual(settled);
    }, 60_000);

    it('keeps the funders’ reports exactly as they were', async () => {
      expect(await reports()).toEqual(reportsBefore);
    });

    it('audits each person handled, tied to its run, with no field value', async () => {
      const audit = await asAdmin(t).get('/api/v1/audit?action=retention.identity&limit=500').expect(200);
      expect(audit.body.items.map((event: { entityId: string }) => event.entityId).sort()).toEqual([lives.A.personId, lives.F.personId].sort());
      expect(audit.body.items.every((event: { actorId: string | null; entityType: string }) => event.actorId === null && event.entityType === 'person')).toBe(true);
      const [row] = await t.dataSource.query(`SELECT request_id, origin FROM audit_events WHERE action = 'retention.identity' AND entity_id = $1`, [lives.A.personId]);
      expect(row).toEqual({ request_id: `retention:${first.id}`, origin: 'system' });
      // The run record holds counts, never a person's id.
      const [run] = await t.dataSource.query(`SELECT row_to_json(r)::text AS text FROM retention_runs r WHERE id = $1`, [first.id]);
      for (const life of Object.values(lives)) expect(run.text).not.toContain(life.personId);
    });

    it('shows the runs to administrators and auditors, and to no one else', async () => {
      const runs = await as(t, auditor).get('/api/v1/retention/runs?limit=2').expect(200);
      expect(runs.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
      expect(runs.body.items[1]).toMatchObject({ id: second.id, people: 1 });
      expect((await asAdmin(t).get('/api/v1/retention/runs?offset=2').expect(200)).body.items[0]).toMatchObject({ id: first.id, counts: first.counts, details: first.details });
      for (const who of [staff, caseworker, funder]) await as(t, who).get('/api/v1/retention/runs').expect(403);
      await request(t.http).get('/api/v1/retention/runs').expect(401);
      await asAdmin(t).get('/api/v1/retention/runs?limit=0').expect(400);
    });

    it('runs from the maintenance queue on its nightly schedule, with an empty payload', async () => {
      const scheduled = await startTestWorker(t.config, { clock, relay: false });
      try {
        const queue = scheduled.get<Queue>(getQueueToken(QueueName.Maintenance), { strict: false });
        const schedulers = await queue.getJobSchedulers();
        expect(schedulers).toContainEqual(expect.objectContaining({ key: 'personal-data-retention', pattern: '45 2 * * *', tz: 'Europe/Paris' }));
        clock.advance(60_000);
        const job = await queue.add(JobName.ApplyRetention, {});
        const finished = await eventually(async () => {
          const state = await job.getState();
          if (state === 'failed') throw new Error('the retention job failed');
          return state === 'completed' ? { result: (await queue.getJob(job.id!))?.returnvalue } : undefined;
        }, 30_000);
        // Its result is a count: nothing personal is kept in Redis with the job.
        expect(finished?.result).toBe(0);
        expect((await queue.getJob(job.id!))?.data).toEqual({});
        const [{ runs }] = await t.dataSource.query(`SELECT count(*)::int AS runs FROM retention_runs WHERE status = 'completed'`);
        expect(runs).toBe(4);
      } finally {
        await scheduled.close();
      }
    }, 60_000);
  });

  describe('subject access export', () => {
    it('gives an administrator everything held about the person, documents as metadata, and audits it', async () => {
      const response = validator.checked(await asAdmin(t).get(`/api/v1/people/${lives.X.personId}/export`).expect(200));
      const data = response.body as SubjectAccessExport;
      expect(data.person).toMatchObject({ id: lives.X.personId, familyName: `Fam${lives.X.token}`, givenNames: `Giv${lives.X.token}`, aliases: [`Ali${lives.X.token}`], dateOfBirth: '1995-03-14', anonymisedAt: null, legalHold: { hold: false } });
      expect(data.centres.map((centre) => centre.id)).toEqual([removal]);
      expect(data.stays).toEqual([expect.objectContaining({ id: lives.X.stayId, caseId: lives.X.caseId, centreId: removal, bedLabel: expect.any(String), checkedOutAt: null, welfareLevel: 'constant' })]);
      expect(data.extensions).toEqual([expect.objectContaining({ stayId: lives.X.stayId, sequenceIndex: 0, days: 26, decidedBy: 'JLD de Lille' })]);
      expect(data.legalRecord.hearings).toEqual([expect.objectContaining({ stayId: lives.X.stayId, court: 'JLD de Lille', purpose: 'extension', outcome: null })]);
      expect(data.legalRecord.removalOrders).toEqual([expect.objectContaining({ stayId: lives.X.stayId, kind: 'without_departure_period', appealDeadlineAt: new Date(NOW.getTime() - 2 * DAY_MS + 48 * HOUR_MS).toISOString() })]);
      expect(data.legalRecord.contacts).toEqual([expect.objectContaining({ kind: 'lawyer', name: `Maître ${lives.X.token}`, notes: `Lawyer ${lives.X.token}`, endedAt: null })]);
      expect(data.property.map((item) => item.description).sort()).toEqual(['Cash', `Phone ${lives.X.token}`]);
      expect(data.welfareChecks).toEqual([expect.objectContaining({ outcome: 'concern_raised', notes: `Check ${lives.X.token}` })]);
      expect(data.welfareLevels.map((level) => level.toLevel)).toContain('constant');
      expect(data.welfareLevels).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ toLevel: 'heightened', vulnerabilityType: 'mental_health', reason: 'Relevé pour une vulnérabilité signalée\u202f: Santé mentale' }),
          expect.objectContaining({ toLevel: 'constant', vulnerabilityType: null, reason: `Level ${lives.X.token}` }),
        ]),
      );
      expect(data.medicalReports).toEqual([expect.objectContaining({ kind: 'other_concern', replySummary: `Reply ${lives.X.token}` })]);
      expect(data.vulnerabilities).toEqual([expect.objectContaining({ type: 'mental_health', notes: `Vulnerable ${lives.X.token}` })]);
      expect(data.cases).toEqual([expect.objectContaining({ id: lives.X.caseId, status: 'open', notes: [expect.objectContaining({ text: `Note ${lives.X.token}` })] })]);
      // Tasks as stored (kind and params), their titles in French, the export's language.
      expect(data.cases[0].tasks).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ source: 'manual', kind: 'manual', params: {}, title: `Call the lawyer of ${lives.X.token}` }),
          expect.objectContaining({ source: 'vulnerability', kind: 'vulnerability_review', params: { vulnerabilityType: 'mental_health' }, title: 'Examiner une vulnérabilité signalée\u202f: Santé mentale' }),
          expect.objectContaining({ source: 'welfare_concern', kind: 'welfare_concern', params: {}, title: 'Donner suite à une inquiétude signalée lors d’un contrôle de bien-être' }),
        ]),
      );
      expect(data.referrals).toHaveLength(1);
      expect(data.referrals[0].history.map((step) => step.to)).toEqual(['draft', 'submitted', 'registered', 'lodged', 'decided_granted']);
      expect(data.referrals[0].documents).toEqual([{ id: expect.any(String), fileName: `${lives.X.token}-passport.pdf`, contentType: 'application/pdf', sizeBytes: PDF.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), uploadedAt: expect.any(String) }]);
      expect(JSON.stringify(data)).not.toContain('%PDF');
      expect(data.notices.find((notice) => notice.type === 'rights_on_arrival')?.html).toContain(`Giv${lives.X.token}`);
      const actions = data.auditEvents.items.map((event) => event.action);
      expect(actions).toEqual(expect.arrayContaining(['person.create', 'stay.create', 'case.create', 'referral.create', 'document.upload', 'person.export']));
      expect(data.auditEvents.items.find((event) => event.action === 'stay.create')).toMatchObject({ actorId: staff.id, actorRole: 'staff' });

      const audit = await asAdmin(t).get(`/api/v1/audit?entityId=${lives.X.personId}&action=person.export&limit=500`).expect(200);
      expect(audit.body.items.length).toBeGreaterThanOrEqual(1);
      expect(audit.body.items[0]).toMatchObject({ action: 'person.export', entityType: 'person', outcome: 'success' });
    });

    it('is an administrator’s duty: 403 for every other role, whichever centre; 404 for no one', async () => {
      const path = `/api/v1/people/${lives.X.personId}/export`;
      const before = (await asAdmin(t).get(`/api/v1/audit?action=person.export&limit=500`).expect(200)).body.total;
      for (const who of [staff, caseworker, otherStaff, funder, auditor]) {
        const refused = await as(t, who).get(path).expect(403);
        expect(JSON.stringify(refused.body)).not.toContain(lives.X.token);
      }
      await request(t.http).get(path).expect(401);
      await asAdmin(t).get('/api/v1/people/00000000-0000-4000-8000-000000000000/export').expect(404);
      await asAdmin(t).get('/api/v1/people/not-an-id/export').expect(404);
      expect((await asAdmin(t).get(`/api/v1/audit?action=person.export&limit=500`).expect(200)).body.total).toBe(before);
      const denied = await asAdmin(t).get(`/api/v1/audit?entityId=${lives.X.personId}&action=access.denied&limit=500`).expect(200);
      expect(denied.body.total).toBeGreaterThanOrEqual(5);
    });

    it('exports what is left of an anonymised person', async () => {
      const data = await exportOf(lives.A.personId);
      expect(data.person.anonymisedAt).toBe(NOW.toISOString());
      expect(data.stays).toHaveLength(1);
      expect(JSON.stringify(data).toLowerCase()).not.toContain(lives.A.token.toLowerCase());
    });
  });

  describe('pages', () => {
    const sessions = new Map<string, string>();
    /** A page session; the language is chosen at login, from the browser's. */
    async function logIn(email: string, password = DEFAULT_PASSWORD, language = 'en'): Promise<string> {
      const page = await request(t.http).get('/login').set('Accept-Language', language);
      const response = await request(t.http).post('/login').set('Cookie', sessionCookie(page)!).set('Accept-Language', language).type('form').send({ _csrf: csrfOf(page.text), email, password }).expect(303);
      return sessionCookie(response)!;
    }
    const page = (role: string, path: string) => request(t.http).get(path).set('Cookie', sessions.get(role)!);

    beforeAll(async () => {
      sessions.set('admin', await logIn(ADMIN_EMAIL, ADMIN_PASSWORD));
      sessions.set('admin-fr', await logIn(ADMIN_EMAIL, ADMIN_PASSWORD, 'fr'));
      for (const [role, centres] of [['staff', [reception]], ['caseworker', [reception]], ['funder', []], ['auditor', []]] as const) {
        sessions.set(role, await logIn((await t.userWithToken(role, [...centres])).email));
      }
    });

    it('shows the periods, the holds and the runs to administrators, in English and French', async () => {
      const english = await page('admin', '/retention').expect(200);
      expect(english.text).toContain('Retention of personal data');
      expect(english.text).toContain('data-hold-count="1"');
      expect(english.text).toContain(`href="/people/${lives.B.personId}/export"`);
      expect(english.text).toContain('Claim before the administrative court');
      expect(english.text.match(/data-run="/g)).toHaveLength(4);
      expect(english.text).toContain('data-months="60"');
      const french = await page('admin-fr', '/retention').expect(200);
      expect(french.text).toContain('Conservation des données personnelles');
      expect(french.text).toContain('Personnes sous gel juridique\u202f: 1');
    });

    it('shows the audit trail of a subject access export in words, not codes', async () => {
      const french = await page('admin-fr', `/people/${lives.B.personId}/export`).expect(200);
      expect(french.text).toContain('<td>Personne enregistrée</td><td>Personne</td>');
      expect(french.text).not.toContain('<td>person.create</td>');
    });

    it('gives auditors the count of holds and the runs, never a name', async () => {
      const response = await page('auditor', '/retention').expect(200);
      expect(response.text).toContain('data-hold-count="1"');
      expect(response.text.match(/data-run="/g)).toHaveLength(4);
      expect(response.text.toLowerCase()).not.toContain(lives.B.token.toLowerCase());
      expect(response.text).not.toContain('name="q"');
      for (const role of ['staff', 'caseworker', 'funder']) await page(role, '/retention').expect(403);
      expect((await request(t.http).get('/retention').expect(303)).headers.location).toBe('/login');
    });

    it('finds a person by name for an administrator, the name posted, never in an address, and audits each one found', async () => {
      const form = await page('admin', '/retention').expect(200);
      const search = (q: string, csrf = csrfOf(form.text)) =>
        request(t.http).post('/retention/search').set('Cookie', sessions.get('admin')!).type('form').send({ _csrf: csrf, q });
      expect(form.text).toContain('action="/retention/search#search-title"');
      const found = await search(`Fam${lives.X.token}`).expect(200);
      expect(found.text).toContain(`href="/people/${lives.X.personId}/export"`);
      const audit = await asAdmin(t).get(`/api/v1/audit?entityId=${lives.X.personId}&action=person.search&limit=500`).expect(200);
      expect(audit.body.total).toBeGreaterThanOrEqual(1);
      const anonymised = await search(`Fam${lives.A.token}`).expect(200);
      expect(anonymised.text).not.toContain(`/people/${lives.A.personId}/export`);
      expect((await search('a').expect(400)).text).toContain('Type at least 2 letters.');
      await search(`Fam${lives.X.token}`, 'not-the-token').expect(403);
      const auditorForm = await page('auditor', '/retention').expect(200);
      await request(t.http).post('/retention/search').set('Cookie', sessions.get('auditor')!).type('form').send({ _csrf: csrfOf(auditorForm.text), q: 'Fam' }).expect(403);
    });

    it('prints the export, offers it as a file, and places and releases a hold from it', async () => {
      const path = `/people/${lives.X.personId}/export`;
      const shown = await page('admin', path).expect(200);
      expect(shown.text).toContain(`Everything held about Giv${lives.X.token} Fam${lives.X.token}`);
      expect(shown.text).toContain('/assets/retention.css');
      expect(shown.text).toContain('JLD de Lille');
      expect(shown.text).toContain(`${lives.X.token}-passport.pdf`);
      // The notices' own titles sit below the page's sections: one h1.
      expect(shown.text.match(/<h1[\s>]/g)).toHaveLength(1);
      expect((await page('admin-fr', path).expect(200)).text).toContain(`Tout ce qui est conservé sur Giv${lives.X.token}`);
      for (const role of ['staff', 'caseworker', 'funder', 'auditor']) await page(role, path).expect(403);
      const file = await page('admin', `${path}.json`).expect(200);
      expect(file.headers['content-disposition']).toContain('attachment');
      expect(JSON.parse(file.text).person.id).toBe(lives.X.personId);

      const csrf = csrfOf(shown.text);
      const post = (body: Record<string, string>) => request(t.http).post(`/people/${lives.X.personId}/legal-hold`).set('Cookie', sessions.get('admin')!).set('Accept-Language', 'en').type('form').send(body);
      const refused = await post({ _csrf: csrf, hold: '1', reason: '' }).expect(400);
      expect(refused.text).toContain('Give the reason, in 3 to 500 characters.');
      await post({ hold: '1', reason: 'No token' }).expect(403);
      const placed = await post({ _csrf: csrf, hold: '1', reason: 'Appeal before the court' }).expect(303);
      expect(placed.headers.location).toBe(`${path}?done=hold-placed#legal-hold`);
      expect((await page('admin', path).expect(200)).text).toContain('data-legal-hold="on"');
      await post({ _csrf: csrf, hold: '0' }).expect(303);
      expect((await page('admin', path).expect(200)).text).toContain('data-legal-hold="off"');
    });
  });
});
