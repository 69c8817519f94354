import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { AuditService } from '@escale/audit';
import { FixedClock, JobName, QueueName, type Role } from '@escale/platform';
import { createCentre, newPerson, type CentreFixture } from '../support/fixtures.js';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { as, checkedIn, type CheckedIn } from '../support/stays-fixtures.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEFAULT_PASSWORD, eventually, startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

const run = promisify(execFile);

/** `npm run audit:verify` against a test database: its exit code and what it printed. */
async function verifyCommand(databaseUrl: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['dist/apps/server/src/cli/verify-audit.js'], { env: { ...process.env, DATABASE_URL: databaseUrl, NODE_OPTIONS: '' } });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** Runs SQL with the audit trail's triggers off, as a superuser who tampers with the trail would. */
async function tamper(t: TestApp, sql: string, params: unknown[] = []): Promise<void> {
  await t.dataSource.transaction(async (manager) => {
    await manager.query(`ALTER TABLE audit_events DISABLE TRIGGER USER`);
    await manager.query(sql, params);
    await manager.query(`ALTER TABLE audit_events ENABLE TRIGGER USER`);
  });
}

const countEvents = async (t: TestApp) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events`))[0].n as number;

/** The event at a position of the chain, every column, its time to the microsecond. */
async function eventAt(t: TestApp, seq: number) {
  const [row] = await t.dataSource.query(
    `SELECT e.id, e.at::text AS at, e.actor_id, e.action, e.entity_type, e.entity_id, e.centre_id, e.outcome, e.origin, e.request_id
     FROM audit_chain c JOIN audit_events e ON e.id = c.event_id WHERE c.seq = $1`,
    [seq],
  );
  return row as Record<string, string | null>;
}

describe('the audit trail: hash chain, denials, viewer', () => {
  let t: TestApp;
  let audit: AuditService;
  let calais: CentreFixture;
  let dunkirk: CentreFixture;
  const users = new Map<string, { id: string; email: string; token: string }>();
  let dunkirkStay: CheckedIn;

  beforeAll(async () => {
    t = await startTestApp();
    audit = t.app.get(AuditService);
    calais = await createCentre(t, { units: [{ housing: 'mixed', beds: 40 }] });
    dunkirk = await createCentre(t, { units: [{ housing: 'mixed', beds: 4 }] });
    users.set('staff', await t.userWithToken('staff', [calais.id]));
    users.set('caseworker', await t.userWithToken('caseworker', [calais.id]));
    users.set('funder', await t.userWithToken('funder'));
    users.set('auditor', await t.userWithToken('auditor'));
    users.set('dunkirkStaff', await t.userWithToken('staff', [dunkirk.id]));
    users.set('dunkirkCaseworker', await t.userWithToken('caseworker', [dunkirk.id]));
    dunkirkStay = await checkedIn(t, users.get('dunkirkStaff')!.token, dunkirk.id, { person: newPerson({ familyName: 'Zzcanaryfamily' }) });
  });
  afterAll(() => t.close());

  describe('the hash chain', () => {
    it('stays one valid chain while many requests write at once: every event in it once, in one line', async () => {
      const staff = users.get('staff')!.token;
      const caseworker = users.get('caseworker')!.token;
      const checkIns = await Promise.all(Array.from({ length: 16 }, () => checkedIn(t, staff, calais.id)));
      // Reads, writes, denials and lists, all at once.
      const responses = await Promise.all([
        ...checkIns.map((stay) => as(t, staff).get(`/api/v1/people/${stay.person.id}`)),
        ...checkIns.map((stay) => as(t, caseworker).get(`/api/v1/cases/${stay.case.id}`)),
        ...checkIns.slice(0, 8).map((stay) => as(t, staff).post(`/api/v1/stays/${stay.stay.id}/welfare-checks`, { outcome: 'seen_well' })),
        ...checkIns.slice(0, 8).map(() => as(t, users.get('dunkirkStaff')!).get(`/api/v1/stays/${checkIns[0].stay.id}`)),
        ...Array.from({ length: 8 }, () => as(t, staff).get(`/api/v1/stays?centreId=${calais.id}&open=true`)),
        ...Array.from({ length: 8 }, () => checkedIn(t, staff, calais.id).then(() => ({ status: 201 }))),
      ]);
      expect(responses.filter((response) => response.status >= 500)).toEqual([]);

      const result = await audit.verifyChain();
      const total = await countEvents(t);
      expect(result).toEqual({ ok: true, checked: total, start: { seq: 0, hash: '0'.repeat(64) }, head: { seq: total, hash: expect.stringMatching(/^[0-9a-f]{64}$/) }, pending: 0 });
      const [links] = await t.dataSource.query(`SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS events, min(seq)::int AS first, max(seq)::int AS last FROM audit_chain`);
      expect(links).toEqual({ n: total, events: total, first: 1, last: total });

      const command = await verifyCommand(t.config.databaseUrl);
      expect(command).toEqual({ code: 0, output: expect.stringContaining(`Audit trail OK: ${total} event(s) verified from the start.`) });
    });

    it('finds an event edited behind the trigger’s back, at that event, and is whole again once it is put back', async () => {
      const total = await countEvents(t);
      const seq = Math.floor(total / 2);
      const original = await eventAt(t, seq);
      await tamper(t, `UPDATE audit_events SET action = 'person.list' WHERE id = $1`, [original.id]);
      try {
        expect(await audit.verifyChain()).toEqual({
          ok: false,
          checked: seq - 1,
          start: { seq: 0, hash: '0'.repeat(64) },
          broken: { seq, eventId: original.id, reason: 'event_changed' },
        });
        const command = await verifyCommand(t.config.databaseUrl);
        expect(command.code).toBe(1);
        expect(command.output).toContain(`Audit trail BROKEN at event ${seq}, id ${original.id}`);
      } finally {
        await tamper(t, `UPDATE audit_events SET action = $2 WHERE id = $1`, [original.id, original.action]);
      }
      expect((await audit.verifyChain()).ok).toBe(true);
    });

    it('finds a time moved by a microsecond', async () => {
      const original = await eventAt(t, 3);
      await tamper(t, `UPDATE audit_events SET at = at + interval '1 microsecond' WHERE id = $1`, [original.id]);
      try {
        expect(await audit.verifyChain()).toMatchObject({ ok: false, broken: { seq: 3, reason: 'event_changed' } });
      } finally {
        await tamper(t, `UPDATE audit_events SET at = $2::timestamptz WHERE id = $1`, [original.id, original.at]);
      }
      expect((await audit.verifyChain()).ok).toBe(true);
    });

    it('hashes the records a list event names: dropping one, or naming one where none was, breaks the chain at that event', async () => {
      const [list] = await t.dataSource.query(
        `SELECT c.seq::int AS seq, e.id, e.subject_ids::text[] AS subjects FROM audit_chain c JOIN audit_events e ON e.id = c.event_id
          WHERE cardinality(e.subject_ids) > 1 ORDER BY c.seq LIMIT 1`,
      );
      expect(list).toEqual({ seq: expect.any(Number), id: expect.any(String), subjects: expect.any(Array) });
      await tamper(t, `UPDATE audit_events SET subject_ids = subject_ids[2:] WHERE id = $1`, [list.id]);
      try {
        expect(await audit.verifyChain()).toMatchObject({ ok: false, broken: { seq: list.seq, eventId: list.id, reason: 'event_changed' } });
        const command = await verifyCommand(t.config.databaseUrl);
        expect(command.code).toBe(1);
        expect(command.output).toContain(`Audit trail BROKEN at event ${list.seq}, id ${list.id}`);
      } finally {
        await tamper(t, `UPDATE audit_events SET subject_ids = $2::uuid[] WHERE id = $1`, [list.id, list.subjects]);
      }
      expect((await audit.verifyChain()).ok).toBe(true);

      const single = await eventAt(t, 4);
      await tamper(t, `UPDATE audit_events SET subject_ids = ARRAY[$2::uuid] WHERE id = $1`, [single.id, dunkirkStay.person.id]);
      try {
        expect(await audit.verifyChain()).toMatchObject({ ok: false, broken: { seq: 4, eventId: single.id, reason: 'event_changed' } });
      } finally {
        await tamper(t, `UPDATE audit_events SET subject_ids = '{}' WHERE id = $1`, [single.id]);
      }
      expect((await audit.verifyChain()).ok).toBe(true);
    });

    it('finds a deleted event, at its place in the chain', async () => {
      const seq = 5;
      const original = await eventAt(t, seq);
      await tamper(t, `DELETE FROM audit_events WHERE id = $1`, [original.id]);
      try {
        expect(await audit.verifyChain()).toMatchObject({ ok: false, checked: seq - 1, broken: { seq, eventId: original.id, reason: 'event_missing' } });
        const command = await verifyCommand(t.config.databaseUrl);
        expect(command.code).toBe(1);
        expect(command.output).toContain(`Audit trail BROKEN at event ${seq}, id ${original.id}: the event was removed`);
      } finally {
        const columns = Object.keys(original);
        await tamper(
          t,
          `INSERT INTO audit_events (${columns.join(', ')}) VALUES (${columns.map((column, index) => (column === 'at' ? `$${index + 1}::timestamptz` : `$${index + 1}`)).join(', ')})`,
          columns.map((column) => original[column]),
        );
      }
      expect((await audit.verifyChain()).ok).toBe(true);
    });

    it('never makes a transaction wait for the chain: a commit that finds it taken leaves its events to the next seal', async () => {
      const holder = t.dataSource.createQueryRunner();
      await holder.connect();
      const staff = users.get('dunkirkStaff')!;
      try {
        await holder.startTransaction();
        await holder.query(`SELECT pg_advisory_xact_lock(hashtext('escale.audit_chain'))`);
        const started = Date.now();
        await as(t, staff).get(`/api/v1/people/${dunkirkStay.person.id}`).expect(200);
        expect(Date.now() - started).toBeLessThan(5_000);
        const [queued] = await t.dataSource.query(
          `SELECT e.id, (SELECT count(*)::int FROM audit_chain c WHERE c.event_id = e.id) AS links FROM audit_pending p JOIN audit_events e ON e.id = p.event_id
           WHERE e.actor_id = $1 AND e.action = 'person.read'`,
          [staff.id],
        );
        expect(queued).toEqual({ id: expect.any(String), links: 0 });
        await holder.commitTransaction();
        await as(t, staff).get(`/api/v1/stays/${dunkirkStay.stay.id}`).expect(200);
        expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_pending`)).toEqual([{ n: 0 }]);
        expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_chain WHERE event_id = $1`, [queued.id])).toEqual([{ n: 1 }]);
      } finally {
        if (holder.isTransactionActive) await holder.rollbackTransaction();
        await holder.release();
      }
      expect((await audit.verifyChain()).ok).toBe(true);
    });

    it('seals what is left queued when asked (as the maintenance job does), in the order it was written', async () => {
      const holder = t.dataSource.createQueryRunner();
      await holder.connect();
      try {
        await holder.startTransaction();
        await holder.query(`SELECT pg_advisory_xact_lock(hashtext('escale.audit_chain'))`);
        await as(t, users.get('auditor')!).get('/api/v1/audit?limit=1').expect(200);
        await as(t, users.get('auditor')!).get('/api/v1/audit?limit=2').expect(200);
        expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_pending`)).toEqual([{ n: 2 }]);
      } finally {
        await holder.commitTransaction();
        await holder.release();
      }
      const before = (await t.dataSource.query(`SELECT max(seq)::int AS last FROM audit_chain`))[0].last as number;
      expect(await audit.sealPending()).toBe(2);
      const sealed = await t.dataSource.query(`SELECT c.seq::int AS seq FROM audit_chain c JOIN audit_events e ON e.id = c.event_id WHERE c.seq > $1 ORDER BY e.at, e.id`, [before]);
      expect(sealed).toEqual([{ seq: before + 1 }, { seq: before + 2 }]);
      expect(await audit.sealPending()).toBe(0);
      expect((await audit.verifyChain()).ok).toBe(true);
    });

    it('finds an event written with the chain’s triggers turned off', async () => {
      const [{ id }] = await t.dataSource.transaction(async (manager) => {
        await manager.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_queue`);
        await manager.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_seal`);
        const rows = await manager.query(`INSERT INTO audit_events (at, action, entity_type, outcome) VALUES (now(), 'person.read', 'person', 'success') RETURNING id`);
        await manager.query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_seal`);
        await manager.query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_queue`);
        return rows;
      });
      try {
        expect(await audit.verifyChain()).toMatchObject({ ok: false, broken: { seq: null, eventId: id, reason: 'event_unchained' } });
      } finally {
        await tamper(t, `DELETE FROM audit_events WHERE id = $1`, [id]);
      }
      expect((await audit.verifyChain()).ok).toBe(true);
    });

    it('keeps the chain and the checkpoints append-only, even for their owner', async () => {
      for (const sql of [`UPDATE audit_chain SET hash = repeat('0', 64)`, `DELETE FROM audit_chain`, `TRUNCATE audit_chain`, `TRUNCATE audit_checkpoints`]) {
        await expect(t.dataSource.query(sql)).rejects.toThrow(/append-only/);
      }
      // The purge's switch alone deletes nothing that no checkpoint covers.
      await expect(
        t.dataSource.transaction(async (manager) => {
          await manager.query(`SET LOCAL escale.audit_purge = on`);
          await manager.query(`DELETE FROM audit_events`);
        }),
      ).rejects.toThrow(/append-only/);
      // Nor may the purge remove anything younger than six months.
      await expect(t.dataSource.query(`SELECT audit_purge(3, 100)`)).rejects.toThrow(/at least 6 months/);
    });

    it('refuses to change the trail by privilege too: PUBLIC may not update, delete or truncate it', async () => {
      const rows = await t.dataSource.query(
        `SELECT table_name, privilege_type FROM information_schema.role_table_grants
         WHERE grantee = 'PUBLIC' AND table_name IN ('audit_events', 'audit_chain', 'audit_checkpoints', 'audit_pending')`,
      );
      expect(rows).toEqual([]);
      const [functions] = await t.dataSource.query(
        `SELECT has_function_privilege('public', 'audit_purge(integer, integer)', 'EXECUTE') AS purge, has_function_privilege('public', 'audit_seal(boolean, integer)', 'EXECUTE') AS seal`,
      );
      expect(functions).toEqual({ purge: false, seal: false });
    });
  });

  describe('denials', () => {
    const deniedRows = (actorId: string) =>
      t.dataSource.query(
        `SELECT e.action, e.entity_type, e.entity_id, e.centre_id, e.outcome FROM audit_events e JOIN audit_chain c ON c.event_id = e.id
         WHERE e.actor_id = $1 AND e.outcome = 'denied' ORDER BY c.seq`,
        [actorId],
      );

    it('records another centre’s person, stay, case and referral answered 404, with the record but nothing of it', async () => {
      const dunkirkCaseworker = users.get('dunkirkCaseworker')!;
      const referral = await as(t, dunkirkCaseworker).post(`/api/v1/cases/${dunkirkStay.case.id}/referrals`, { kind: 'asylum' }).expect(201);
      const staff = await t.userWithToken('staff', [calais.id]);
      const caseworker = await t.userWithToken('caseworker', [calais.id]);
      await as(t, staff).get(`/api/v1/people/${dunkirkStay.person.id}`).expect(404);
      await as(t, staff).get(`/api/v1/stays/${dunkirkStay.stay.id}`).expect(404);
      await as(t, staff).post(`/api/v1/stays/${dunkirkStay.stay.id}/welfare-checks`, { outcome: 'seen_well' }).expect(404);
      await as(t, caseworker).get(`/api/v1/cases/${dunkirkStay.case.id}`).expect(404);
      await as(t, caseworker).get(`/api/v1/referrals/${referral.body.id}`).expect(404);
      await as(t, caseworker).get(`/api/v1/referrals/${referral.body.id}/documents`).expect(404);
      const denied = (entityType: string, entityId: string) => ({ action: 'access.denied', entity_type: entityType, entity_id: entityId, centre_id: null, outcome: 'denied' });
      expect(await deniedRows(staff.id)).toEqual([denied('person', dunkirkStay.person.id), denied('stay', dunkirkStay.stay.id), denied('stay', dunkirkStay.stay.id)]);
      expect(await deniedRows(caseworker.id)).toEqual([denied('case', dunkirkStay.case.id), denied('referral', referral.body.id), denied('referral', referral.body.id)]);
      const raw = JSON.stringify(await t.dataSource.query(`SELECT * FROM audit_events WHERE actor_id = ANY($1::uuid[])`, [[staff.id, caseworker.id]]));
      expect(raw).not.toMatch(/Zzcanaryfamily|seen_well/);
    });

    it('records a role refused (403) on a record route and on any other route, but not a 404 elsewhere', async () => {
      const funder = await t.userWithToken('funder');
      await as(t, funder).get(`/api/v1/people/${dunkirkStay.person.id}`).expect(403);
      await as(t, funder).get('/api/v1/users').expect(403);
      await as(t, funder).get(`/api/v1/centres/${dunkirk.id}/occupancy`).expect(200);
      const staff = await t.userWithToken('staff', [calais.id]);
      await as(t, staff).get(`/api/v1/centres/${dunkirk.id}`).expect(404);
      expect(await deniedRows(funder.id)).toEqual([
        { action: 'access.denied', entity_type: 'person', entity_id: dunkirkStay.person.id, centre_id: null, outcome: 'denied' },
        { action: 'access.denied', entity_type: 'route', entity_id: null, centre_id: null, outcome: 'denied' },
      ]);
      expect(await deniedRows(staff.id)).toEqual([]);
    });

    it('records the outcome of what succeeds too, and shows it through the API', async () => {
      const staff = users.get('dunkirkStaff')!;
      await as(t, staff).get(`/api/v1/people/${dunkirkStay.person.id}`).expect(200);
      const events = await request(t.http).get(`/api/v1/audit?entityId=${dunkirkStay.person.id}&outcome=denied`).set('Authorization', `Bearer ${t.adminToken}`).expect(200);
      expect(events.body.items.length).toBeGreaterThan(0);
      expect(events.body.items.every((event: { outcome: string }) => event.outcome === 'denied')).toBe(true);
      const read = await request(t.http).get(`/api/v1/audit?entityId=${dunkirkStay.person.id}&actorId=${staff.id}&action=person.read`).set('Authorization', `Bearer ${t.adminToken}`).expect(200);
      expect(read.body.items[0]).toMatchObject({ action: 'person.read', entityType: 'person', entityId: dunkirkStay.person.id, outcome: 'success' });
    });
  });

  describe('the viewer and its CSV', () => {
    const sessions = new Map<Role, string>();

    /** A page session, in a language: the session keeps the language it logged in with. */
    async function logIn(email: string, password = DEFAULT_PASSWORD, locale = 'en'): Promise<string> {
      const page = await request(t.http).get('/login').set('Accept-Language', locale);
      const response = await request(t.http)
        .post('/login')
        .set('Cookie', sessionCookie(page)!)
        .set('Accept-Language', locale)
        .type('form')
        .send({ _csrf: csrfOf(page.text), email, password })
        .expect(303);
      return sessionCookie(response)!;
    }
    const page = (role: Role, path: string) => request(t.http).get(path).set('Cookie', sessions.get(role)!);
    /** An attribute's value as the browser reads it. */
    const unescaped = (html: string) => html.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');

    beforeAll(async () => {
      sessions.set('admin', await logIn(ADMIN_EMAIL, ADMIN_PASSWORD));
      for (const role of ['staff', 'caseworker', 'funder', 'auditor'] as const) sessions.set(role, await logIn(users.get(role)!.email));
    });

    it.each(['staff', 'caseworker', 'funder'] as const)('refuses the viewer, the CSV and the API to %s (403)', async (role) => {
      await page(role, '/audit').expect(403);
      await page(role, '/audit.csv').expect(403);
      await request(t.http).get('/api/v1/audit').set('Authorization', `Bearer ${users.get(role)!.token}`).expect(403);
      expect((await page(role, '/')).text).not.toContain('href="/audit"');
    });

    it('records a page’s refusal as it does the API’s', async () => {
      await page('staff', `/people/${dunkirkStay.person.id}`).expect(404);
      const rows = await t.dataSource.query(
        `SELECT e.entity_type, e.entity_id, e.outcome FROM audit_events e JOIN audit_chain c ON c.event_id = e.id WHERE e.actor_id = $1 AND e.action = 'access.denied' ORDER BY c.seq DESC LIMIT 1`,
        [users.get('staff')!.id],
      );
      expect(rows).toEqual([{ entity_type: 'person', entity_id: dunkirkStay.person.id, outcome: 'denied' }]);
    });

    it('sends a visitor who is not signed in to the login page', async () => {
      for (const path of ['/audit', '/audit.csv']) expect((await request(t.http).get(path).expect(303)).headers.location).toBe('/login');
    });

    it.each(['admin', 'auditor'] as const)('shows a %s the events, filtered, a page at a time, and links to it from the menu', async (role) => {
      const home = await page(role, '/').expect(200);
      expect(home.text).toContain('href="/audit"');
      const staff = users.get('dunkirkStaff')!;
      const filtered = await page(role, `/audit?actor=${encodeURIComponent(staff.email)}&entityType=person&outcome=success&limit=50`).expect(200);
      expect(filtered.text).toContain('<h1>Audit trail</h1>');
      const rows = filtered.text.match(/data-audit-event/g) ?? [];
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE actor_id = $1 AND entity_type = 'person' AND outcome = 'success'`, [staff.id]);
      expect(rows.length).toBe(Math.min(n, 50));
      expect(filtered.text).not.toMatch(/data-outcome="(denied|failure)"/);
      expect(unescaped(filtered.text)).toContain(`href="/audit.csv?actor=${encodeURIComponent(staff.email)}&entityType=person&outcome=success"`);

      const paged = await page(role, '/audit?limit=50&offset=50').expect(200);
      expect(paged.text).toContain('rel="prev"');
      // Reading the trail is itself in the trail.
      const [{ reads }] = await t.dataSource.query(`SELECT count(*)::int AS reads FROM audit_events WHERE action = 'audit.read' AND actor_id = (SELECT id FROM users WHERE email = $1)`, [role === 'admin' ? ADMIN_EMAIL : users.get(role)!.email]);
      expect(reads).toBeGreaterThanOrEqual(2);
    });

    it('says what is wrong with a filter, on the form, in the page’s language', async () => {
      const response = await page('auditor', '/audit?actor=nobody%40escale.test&entityId=not-an-id&from=2026-13-01').expect(400);
      expect(response.text).toContain('role="alert"');
      for (const id of ['audit-actor', 'audit-entity-id', 'audit-from']) expect(response.text).toContain(`id="${id}-error"`);
      const french = await request(t.http)
        .get('/audit?entityId=not-an-id')
        .set('Cookie', await logIn(users.get('auditor')!.email, DEFAULT_PASSWORD, 'fr'))
        .expect(400);
      expect(french.text).toContain('Saisissez un identifiant de dossier (un UUID).');
    });

    it('exports the same events as CSV, every one the filter matches, with formulas defused', async () => {
      const staff = users.get('staff')!;
      const formula = '=HYPERLINK("http://evil.test")';
      await t.dataSource.query(`INSERT INTO audit_events (at, actor_id, action, entity_type, outcome, origin) VALUES (now(), $1, 'person.read', 'person', 'success', $2)`, [staff.id, formula]);
      const response = await page('auditor', `/audit.csv?actor=${staff.id}`).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="?audit-events\.csv"?$/);
      const lines = response.text.trim().split('\n');
      expect(lines[0]).toBe('seq,id,at,actorId,action,entityType,entityId,centreId,outcome,origin,requestId,subjectIds');
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE actor_id = $1`, [staff.id]);
      expect(lines.length - 1).toBe(n);
      expect(lines.slice(1).every((line) => line.includes(staff.id))).toBe(true);
      expect(response.text).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
      expect(response.text).not.toMatch(/(^|,)=HYPERLINK/m);
      const [{ exports }] = await t.dataSource.query(`SELECT count(*)::int AS exports FROM audit_events WHERE action = 'audit.export'`);
      expect(exports).toBe(1);
    });

    it('exports a header alone when nothing matches, and refuses a malformed filter', async () => {
      const empty = await page('admin', '/audit.csv?action=nothing.matches').expect(200);
      expect(empty.text).toBe('seq,id,at,actorId,action,entityType,entityId,centreId,outcome,origin,requestId,subjectIds\n');
      await page('admin', '/audit.csv?centreId=not-a-centre').expect(400);
    });

    it('finds a person seen only on the centre board: one event naming everyone shown, in the viewer, its CSV, the API and the subject-access export', async () => {
      const staff = users.get('staff')!;
      const shown = await checkedIn(t, staff.token, calais.id, { person: newPerson({ familyName: 'Zzboardonly' }) });
      const since = new Date();
      const board = await page('staff', `/centres/${calais.id}/board`).expect(200);
      expect(board.text).toContain(`href="/stays/${shown.stay.id}"`);
      const events = await t.dataSource.query(
        `SELECT e.entity_id, e.centre_id, e.subject_ids::text[] AS subjects FROM audit_events e WHERE e.actor_id = $1 AND e.action = 'person.list' AND e.at >= $2`,
        [staff.id, since],
      );
      expect(events).toEqual([{ entity_id: null, centre_id: calais.id, subjects: expect.arrayContaining([shown.person.id]) }]);
      const [{ people }] = await t.dataSource.query(`SELECT count(DISTINCT person_id)::int AS people FROM stays WHERE centre_id = $1 AND checked_out_at IS NULL AND bed_id IS NOT NULL`, [calais.id]);
      expect(events[0].subjects).toHaveLength(people);

      const filter = `entityId=${shown.person.id}&action=person.list&actor=${staff.id}`;
      const api = await request(t.http).get(`/api/v1/audit?${filter.replace('actor=', 'actorId=')}`).set('Authorization', `Bearer ${t.adminToken}`).expect(200);
      expect(api.body.items).toEqual([expect.objectContaining({ action: 'person.list', entityId: null, centreId: calais.id, subjectIds: expect.arrayContaining([shown.person.id]) })]);
      const viewer = await page('auditor', `/audit?${filter}`).expect(200);
      expect(viewer.text.match(/data-audit-event/g)).toHaveLength(1);
      expect(viewer.text).toContain(`<span data-listed>${people} shown in a list</span>`);
      const csv = await page('auditor', `/audit.csv?${filter}`).expect(200);
      const lines = csv.text.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(shown.person.id);
      const exported = await request(t.http).get(`/api/v1/people/${shown.person.id}/export`).set('Authorization', `Bearer ${t.adminToken}`).expect(200);
      expect(exported.body.auditEvents.items).toContainEqual(expect.objectContaining({ action: 'person.list', entityId: null, actorId: staff.id }));
    });
  });
});

describe('retention of the audit trail', () => {
  // The trail starts two years ago: the first events are past any retention.
  const clock = new FixedClock(new Date(Date.now() - 2 * 365 * 86_400_000));
  let t: TestApp;
  let worker: INestApplicationContext | undefined;
  let oldEvents: number;

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { AUDIT_RETENTION_MONTHS: '12', TOKEN_TTL_MINUTES: String(3 * 365 * 24 * 60) } });
    for (let i = 0; i < 5; i++) await t.userWithToken('staff');
    oldEvents = await countEvents(t);
    clock.set(new Date());
    for (let i = 0; i < 3; i++) await t.userWithToken('caseworker');
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
  });

  it('will not remove events past a break in the chain: the evidence stays', async () => {
    const audit = t.app.get(AuditService);
    const original = await eventAt(t, 2);
    await tamper(t, `UPDATE audit_events SET outcome = 'failure' WHERE id = $1`, [original.id]);
    try {
      await expect(audit.purgeExpired(12)).rejects.toThrow(/broken at event 2/);
      expect(await countEvents(t)).toBeGreaterThan(oldEvents);
      expect(await t.dataSource.query(`SELECT * FROM audit_checkpoints`)).toEqual([]);
    } finally {
      await tamper(t, `UPDATE audit_events SET outcome = $2 WHERE id = $1`, [original.id, original.outcome]);
    }
  });

  it('removes what is older than AUDIT_RETENTION_MONTHS in the maintenance job, and the rest of the chain still verifies from its checkpoint', async () => {
    const audit = t.app.get(AuditService);
    const before = await countEvents(t);
    const lastOld = await t.dataSource.query(`SELECT seq::int AS seq, hash FROM audit_chain WHERE seq = $1`, [oldEvents]);
    worker = await startTestWorker(t.config, { relay: false });
    const queue = worker.get<Queue>(getQueueToken(QueueName.Maintenance));
    await queue.add(JobName.PurgeAuditEvents, {});
    const [checkpoint] = await eventually(async () => {
      const rows = await t.dataSource.query(`SELECT seq::int AS seq, hash, removed, kept_months FROM audit_checkpoints`);
      return rows.length ? rows : null;
    });
    expect(checkpoint).toEqual({ ...lastOld[0], removed: oldEvents, kept_months: 12 });
    expect(await countEvents(t)).toBe(before - oldEvents);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE at < now() - interval '12 months'`))[0].n).toBe(0);

    const result = await audit.verifyChain();
    // The worker may have anchored the chain meanwhile (`anchors`): its anchors are checked in the next describe.
    expect(result).toMatchObject({ ok: true, checked: before - oldEvents, start: lastOld[0], head: { seq: before, hash: expect.any(String) }, pending: 0 });
    expect((await verifyCommand(t.config.databaseUrl)).output).toContain(`Audit trail OK: ${before - oldEvents} event(s) verified from the retention checkpoint after event ${oldEvents}.`);

    // New events chain on; a second purge has nothing to do.
    await t.userWithToken('auditor');
    expect(await audit.purgeExpired(12)).toBe(0);
    expect((await audit.verifyChain()).ok).toBe(true);
  });

  it('still finds a deleted event after a purge', async () => {
    const audit = t.app.get(AuditService);
    const [{ seq }] = await t.dataSource.query(`SELECT max(seq)::int - 1 AS seq FROM audit_chain`);
    const original = await eventAt(t, seq);
    await tamper(t, `DELETE FROM audit_events WHERE id = $1`, [original.id]);
    expect(await audit.verifyChain()).toMatchObject({ ok: false, broken: { seq, eventId: original.id, reason: 'event_missing' } });
  });
});
