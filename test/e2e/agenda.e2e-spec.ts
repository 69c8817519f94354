import { createHash } from 'node:crypto';
import request from 'supertest';
import { StaysService } from '@escale/stays';
import { FixedClock } from '@escale/platform';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { DEFAULT_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Item {
  kind: string;
  dueAt: string;
  overdue: boolean;
  centreId: string;
  personId: string;
  stayId?: string;
  caseId?: string;
  referralId?: string;
  taskId?: string;
  medicalReportId?: string;
}

type User = { id: string; email: string; token: string };

describe('the agenda and the calendar feed', () => {
  const start = new Date('2026-11-20T21:40:00Z');
  const clock = new FixedClock(start);
  let t: TestApp;
  let removal: string;
  let reception: string;
  let elsewhere: string;
  let staff: User;
  let caseworker: User;
  let otherStaff: User;
  const people: { givenNames: string; familyName: string }[] = [];
  const seeded = {} as {
    held: { personId: string; stayId: string; caseId: string; authorisedUntil: string; asylumClaimWindowEndsAt: string; legalLimitAt: string };
    heldWithReferral: { personId: string; stayId: string; caseId: string };
    housed: { personId: string; stayId: string; caseId: string; legalLimitAt: string };
    other: { personId: string; stayId: string; caseId: string; taskId: string };
    report: { id: string; replyDueAt: string };
    referral: { id: string; nextDeadline: string };
    task: { id: string; dueAt: string };
    overdueTask: { id: string; dueAt: string };
    laterTask: { id: string; dueAt: string };
  };
  const TASK_TITLE = 'Call the lawyer of Mr Qqagendasecret';

  const as = (who: { token: string }) => ({ Authorization: `Bearer ${who.token}` });
  const agenda = (who: { token: string }, query = '') => request(t.http).get(`/api/v1/agenda${query}`).set(as(who));
  const iso = (ms: number) => new Date(ms).toISOString();
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  // The agenda's order: due time, then kind, then the record's id.
  const soonestFirst = (a: Item, b: Item) =>
    compare(a.dueAt, b.dueAt) || compare(a.kind, b.kind) || compare(a.taskId ?? a.medicalReportId ?? a.referralId ?? a.stayId ?? '', b.taskId ?? b.medicalReportId ?? b.referralId ?? b.stayId ?? '');

  async function checkIn(who: User, centreId: string, extra: Record<string, unknown> = {}) {
    const person = newPerson({ languages: ['fr'] });
    people.push({ givenNames: person.givenNames as string, familyName: person.familyName as string });
    const body = (await request(t.http).post(`/api/v1/centres/${centreId}/check-ins`).set(as(who)).send({ person, ...extra }).expect(201)).body;
    return { personId: body.person.id as string, stayId: body.stay.id as string, caseId: body.case.id as string, stay: body.stay };
  }

  async function createTask(who: User, caseId: string, dueAt: string, title = TASK_TITLE) {
    return (await request(t.http).post(`/api/v1/cases/${caseId}/tasks`).set(as(who)).send({ title, dueAt }).expect(201)).body.id as string;
  }

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { TOKEN_TTL_MINUTES: String(365 * 24 * 60), PUBLIC_URL: 'https://escale.example' } });
    removal = (await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 4 }] })).id;
    reception = (await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 4 }] })).id;
    elsewhere = (await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 4 }] })).id;
    staff = await userFor(t, 'staff', [removal, reception]);
    caseworker = await userFor(t, 'caseworker', [removal, reception]);
    otherStaff = await userFor(t, 'staff', [elsewhere]);
    const otherCaseworker = await userFor(t, 'caseworker', [elsewhere]);

    // A person held in the removal centre: holding authority, asylum window, legal limit (90 days), a medical report.
    const held = await checkIn(staff, removal);
    // The rights notice handed over on arrival opens the asylum window.
    const arrived = (await request(t.http).get(`/api/v1/stays/${held.stayId}`).set(as(staff)).expect(200)).body;
    await t.dataSource.transaction((manager) => t.app.get(StaysService).recordRightsNotified(manager, held.stayId, new Date(arrived.checkedInAt)));
    const heldStay = (await request(t.http).get(`/api/v1/stays/${held.stayId}`).set(as(staff)).expect(200)).body;
    seeded.held = { ...held, authorisedUntil: heldStay.authorisedUntil, asylumClaimWindowEndsAt: heldStay.asylumClaimWindowEndsAt, legalLimitAt: heldStay.legalLimitAt };
    const report = (await request(t.http).post(`/api/v1/stays/${held.stayId}/medical-reports`).set(as(staff)).send({ kind: 'other_concern', sentTo: 'Préfecture du Nord' }).expect(201)).body;
    seeded.report = { id: report.id, replyDueAt: report.replyDueAt };

    // Another person held, who has asked for asylum: no asylum window for them.
    const heldWithReferral = await checkIn(staff, removal);
    seeded.heldWithReferral = heldWithReferral;
    await request(t.http).post(`/api/v1/cases/${heldWithReferral.caseId}/referrals`).set(as(caseworker)).send({ kind: 'asylum' }).expect(201);

    // A person housed in the reception centre since yesterday (legal limit in 6 days), with an asylum referral moving and tasks.
    const housed = await checkIn(staff, reception, { checkedInAt: iso(start.getTime() - DAY) });
    seeded.housed = { ...housed, legalLimitAt: housed.stay.legalLimitAt };
    const referral = (await request(t.http).post(`/api/v1/cases/${housed.caseId}/referrals`).set(as(caseworker)).send({ kind: 'asylum' }).expect(201)).body;
    const submitted = (await request(t.http).post(`/api/v1/referrals/${referral.id}/transitions`).set(as(caseworker)).send({ to: 'submitted', version: referral.version }).expect(200)).body;
    seeded.referral = { id: referral.id, nextDeadline: submitted.nextDeadline };
    // The step raised its own task, due with the deadline: done, so that the tasks below are the only ones.
    await t.dataSource.query(`UPDATE tasks SET done_at = $2 WHERE case_id = $1`, [housed.caseId, start]);
    seeded.task = { id: await createTask(caseworker, housed.caseId, iso(start.getTime() + 3 * DAY)), dueAt: iso(start.getTime() + 3 * DAY) };
    seeded.overdueTask = { id: await createTask(caseworker, housed.caseId, iso(start.getTime() - 40 * DAY)), dueAt: iso(start.getTime() - 40 * DAY) };
    seeded.laterTask = { id: await createTask(caseworker, housed.caseId, iso(start.getTime() + 8 * DAY)), dueAt: iso(start.getTime() + 8 * DAY) };
    const done = await createTask(caseworker, housed.caseId, iso(start.getTime() + DAY));
    await request(t.http).post(`/api/v1/tasks/${done}/done`).set(as(caseworker)).expect(200);

    // Another centre's person, with a task due tomorrow.
    const other = await checkIn(otherStaff, elsewhere, { checkedInAt: iso(start.getTime() - DAY) });
    seeded.other = { ...other, taskId: await createTask(otherCaseworker, other.caseId, iso(start.getTime() + DAY)) };
  });
  afterAll(() => t?.close());
  beforeEach(() => clock.set(start));

  it('lists each kind of item with its due time, soonest first, in the default period (the next 7 days and everything overdue)', async () => {
    const response = await agenda(staff).expect(200);
    const items = response.body.items as Item[];
    const { held, heldWithReferral, housed, report, referral, task, overdueTask } = seeded;
    expect(items).toEqual([
      { kind: 'task', dueAt: overdueTask.dueAt, overdue: true, centreId: reception, personId: housed.personId, caseId: housed.caseId, taskId: overdueTask.id },
      { kind: 'medical_reply', dueAt: report.replyDueAt, overdue: false, centreId: removal, personId: held.personId, stayId: held.stayId, caseId: held.caseId, medicalReportId: report.id },
      ...[
        { kind: 'authority_expiry', dueAt: held.authorisedUntil, overdue: false, centreId: removal, personId: held.personId, stayId: held.stayId, caseId: held.caseId },
        { kind: 'authority_expiry', dueAt: held.authorisedUntil, overdue: false, centreId: removal, personId: heldWithReferral.personId, stayId: heldWithReferral.stayId, caseId: heldWithReferral.caseId },
        { kind: 'asylum_window', dueAt: held.asylumClaimWindowEndsAt, overdue: false, centreId: removal, personId: held.personId, stayId: held.stayId, caseId: held.caseId },
        { kind: 'legal_limit', dueAt: housed.legalLimitAt, overdue: false, centreId: reception, personId: housed.personId, stayId: housed.stayId, caseId: housed.caseId },
        { kind: 'referral_deadline', dueAt: referral.nextDeadline, overdue: false, centreId: reception, personId: housed.personId, caseId: housed.caseId, referralId: referral.id },
        { kind: 'task', dueAt: task.dueAt, overdue: false, centreId: reception, personId: housed.personId, caseId: housed.caseId, taskId: task.id },
      ].sort(soonestFirst),
    ]);
    // The clocks are where the rules put them, so the list above is not empty by accident.
    expect(held.authorisedUntil).not.toBeNull();
    expect(held.asylumClaimWindowEndsAt).not.toBeNull();
    expect(report.replyDueAt).toBe(iso(start.getTime() + 2 * DAY));
    expect(housed.legalLimitAt).toBe(iso(start.getTime() + 6 * DAY));
    expect(referral.nextDeadline).not.toBeNull();
    expect(items.map((item) => item.dueAt)).toEqual([...items.map((item) => item.dueAt)].sort());
    expect(response.body).toMatchObject({ total: items.length, limit: 50, offset: 0 });
    // Due in 8 days, and the 90-day limit of the removal stay: beyond the default week. A done task: never.
    expect(items.map((item) => item.taskId)).not.toContain(seeded.laterTask.id);
    expect(items.filter((item) => item.kind === 'legal_limit').map((item) => item.stayId)).toEqual([housed.stayId]);
    // Someone who asked for asylum has no window to claim it.
    expect(items.filter((item) => item.personId === seeded.heldWithReferral.personId).map((item) => item.kind)).not.toContain('asylum_window');
  });

  it('reads a period, a centre and kinds, a page at a time', async () => {
    const until9 = (await agenda(staff, `?to=${iso(start.getTime() + 9 * DAY)}`).expect(200)).body.items as Item[];
    expect(until9.at(-1)).toMatchObject({ kind: 'task', taskId: seeded.laterTask.id, dueAt: seeded.laterTask.dueAt });
    // A `from` leaves out what is older.
    const fromNow = (await agenda(staff, `?from=${start.toISOString()}`).expect(200)).body.items as Item[];
    expect(fromNow.map((item) => item.taskId)).not.toContain(seeded.overdueTask.id);
    expect(fromNow.length).toBe(7);
    // A day as `to` includes the whole day; as `from`, it starts it.
    const days = (await agenda(staff, `?from=2026-11-22&to=2026-11-22`).expect(200)).body.items as Item[];
    expect(days.map((item) => item.kind)).toEqual(['medical_reply']);
    const periodWith90 = (await agenda(staff, `?from=${iso(start.getTime() + 80 * DAY)}&to=${iso(start.getTime() + 91 * DAY)}`).expect(200)).body.items as Item[];
    expect(periodWith90.map((item) => [item.kind, item.stayId, item.dueAt]).sort()).toEqual(
      [['legal_limit', seeded.held.stayId, seeded.held.legalLimitAt], ['legal_limit', seeded.heldWithReferral.stayId, seeded.held.legalLimitAt]].sort(),
    );

    const inReception = (await agenda(staff, `?centreId=${reception}`).expect(200)).body.items as Item[];
    expect(inReception.length).toBe(4);
    expect(new Set(inReception.map((item) => item.centreId))).toEqual(new Set([reception]));

    const tasks = (await agenda(caseworker, '?kind=task').expect(200)).body;
    expect(tasks.items.map((item: Item) => item.taskId)).toEqual([seeded.overdueTask.id, seeded.task.id]);
    const some = (await agenda(caseworker, '?kind=medical_reply,authority_expiry').expect(200)).body.items as Item[];
    expect(some.map((item) => item.kind).sort()).toEqual(['authority_expiry', 'authority_expiry', 'medical_reply']);

    const first = (await agenda(staff, '?limit=2').expect(200)).body;
    const second = (await agenda(staff, '?limit=2&offset=2').expect(200)).body;
    const all = (await agenda(staff).expect(200)).body;
    expect(first).toMatchObject({ total: 8, limit: 2, offset: 0 });
    expect([...first.items, ...second.items]).toEqual(all.items.slice(0, 4));
    expect((await agenda(staff, '?offset=100').expect(200)).body).toEqual({ items: [], total: 8, limit: 50, offset: 100 });
  });

  it('marks as overdue what the clock has passed, and drops an asylum window once it has closed', async () => {
    clock.set(new Date(new Date(seeded.held.asylumClaimWindowEndsAt).getTime() + HOUR));
    const items = (await agenda(staff).expect(200)).body.items as Item[];
    expect(items.map((item) => item.kind)).not.toContain('asylum_window');
    const authority = items.find((item) => item.kind === 'authority_expiry')!;
    expect(authority.overdue).toBe(new Date(seeded.held.authorisedUntil).getTime() < clock.now().getTime());
    expect(items.find((item) => item.kind === 'medical_reply')).toMatchObject({ overdue: true });
    expect(items.filter((item) => item.overdue).length).toBeGreaterThanOrEqual(3);
  });

  it("never shows another centre's items, and answers 404 for another centre's id", async () => {
    for (const who of [staff, caseworker]) {
      const items = (await agenda(who, '?to=' + iso(start.getTime() + 60 * DAY)).expect(200)).body.items as Item[];
      expect(items.length).toBeGreaterThan(0);
      expect(items.filter((item) => item.centreId === elsewhere || item.personId === seeded.other.personId)).toEqual([]);
      const refused = await agenda(who, `?centreId=${elsewhere}`).expect(404);
      expect(refused.body.code).toBe('NOT_FOUND');
    }
    const theirs = (await agenda(otherStaff).expect(200)).body.items as Item[];
    expect(theirs.map((item) => item.taskId ?? item.kind)).toEqual([seeded.other.taskId, 'legal_limit']);
    expect(theirs.every((item) => item.centreId === elsewhere)).toBe(true);
  });

  it('is refused to funders, admins and auditors', async () => {
    for (const role of ['funder', 'admin', 'auditor'] as const) {
      const who = role === 'admin' ? { token: t.adminToken } : await userFor(t, role, []);
      const refused = await agenda(who).expect(403);
      expect(refused.body.code).toBe('FORBIDDEN');
      await request(t.http).post('/api/v1/agenda/feed').set(as(who)).expect(403);
    }
    await request(t.http).get('/api/v1/agenda').expect(401);
  });

  it('refuses bad input with the fields to correct, and reads nothing', async () => {
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'person.list'`);
    const cases: [string, string][] = [
      ['?from=yesterday', 'from'],
      ['?to=2026-13-01', 'to'],
      ['?from=2026-11-25T10:00', 'from'],
      [`?from=${iso(start.getTime() + 5 * DAY)}&to=${iso(start.getTime() + DAY)}`, 'to'],
      [`?from=${start.toISOString()}&to=${iso(start.getTime() + 93 * DAY)}`, 'to'],
      [`?to=${iso(start.getTime() + 100 * DAY)}`, 'to'],
      ['?kind=birthday', 'kind'],
      ['?kind=task,', 'kind'],
      ['?centreId=not-a-centre', 'centreId'],
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?offset=-1', 'offset'],
      ['?colour=red', 'colour'],
    ];
    for (const [query, field] of cases) {
      const refused = await agenda(staff, query);
      expect({ query, status: refused.status, code: refused.body.code, fields: Object.keys(refused.body.details?.fields ?? {}) }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED', fields: [field] });
    }
    const after = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'person.list'`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('records the people it shows as one audited read per centre, naming each of them', async () => {
    const caller = await userFor(t, 'caseworker', [removal, reception]);
    const items = (await agenda(caller).expect(200)).body.items as Item[];
    const events = await t.dataSource.query<{ action: string; entity_type: string; entity_id: string | null; centre_id: string; subject_ids: string[] }[]>(
      `SELECT action, entity_type, entity_id, centre_id, subject_ids::text[] AS subject_ids FROM audit_events WHERE actor_id = $1 AND action <> 'auth.login' ORDER BY centre_id`,
      [caller.id],
    );
    const shownIn = new Map<string, Set<string>>();
    for (const item of items) shownIn.set(item.centreId, (shownIn.get(item.centreId) ?? new Set()).add(item.personId));
    const expected = [...shownIn].map(([centre, people]) => ({ action: 'person.list', entity_type: 'person', entity_id: null, centre_id: centre, subject_ids: [...people].sort() }));
    expect(events.map((event) => ({ ...event, subject_ids: [...event.subject_ids].sort() }))).toEqual(expected.sort((a, b) => a.centre_id.localeCompare(b.centre_id)));
    expect([...new Set(events.flatMap((event) => event.subject_ids))].sort()).toEqual([seeded.held.personId, seeded.heldWithReferral.personId, seeded.housed.personId].sort());
  });

  describe('calendar feed', () => {
    const feedPath = (url: string) => {
      const parsed = new URL(url);
      expect(parsed.origin).toBe('https://escale.example');
      return `${parsed.pathname}${parsed.search}`;
    };
    const issue = async (who: User) => (await request(t.http).post('/api/v1/agenda/feed').set(as(who)).expect(201)).body.url as string;
    const read = (url: string) => request(t.http).get(feedPath(url));
    const events = (text: string) => text.split('BEGIN:VEVENT').slice(1);
    // iCalendar folds long lines: unfold before searching.
    const unfolded = (text: string) => text.replace(/\r\n[ \t]/g, '');

    it('gives what is due, where and when, with links, and nobody’s name', async () => {
      const url = await issue(staff);
      expect(url).toMatch(/^https:\/\/escale\.example\/api\/v1\/agenda\/calendar\.ics\?token=ecal_[A-Za-z0-9_-]{43}$/);
      const token = new URL(url).searchParams.get('token')!;
      const stored = await t.dataSource.query(`SELECT user_id, token_hash FROM calendar_feeds WHERE user_id = $1`, [staff.id]);
      expect(stored).toEqual([{ user_id: staff.id, token_hash: createHash('sha256').update(token).digest('hex') }]);
      const personListsBefore = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'person.list'`);
      const response = await read(url).expect(200);
      const personListsAfter = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'person.list'`);
      expect(personListsAfter[0].n).toBe(personListsBefore[0].n);
      expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-store');
      const text = unfolded(response.text);
      expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
      // The next 30 days and what is overdue: the week's items, the task in 8 days; not the 90-day limit.
      const api = (await agenda(staff, `?to=${iso(start.getTime() + 30 * DAY - 1)}`).expect(200)).body.items as Item[];
      expect(events(text).length).toBe(api.length);
      expect(api.map((item) => item.taskId)).toContain(seeded.laterTask.id);
      // The user has chosen no language: French, the default.
      expect(text).toContain('SUMMARY:Fin de l’autorisation de maintien');
      expect(text).toContain('SUMMARY:En retard\u202f: Tâche à faire');
      expect(text).toContain(`DTSTART:${seeded.held.authorisedUntil.replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`);
      expect(text).toMatch(/LOCATION:Centre (C[0-9A-F]{6}) \(\1\)\r\n/);
      expect(text).toContain(`URL;VALUE=URI:https://escale.example/cases/${seeded.housed.caseId}#tasks`);
      expect(text).toContain(`URL;VALUE=URI:https://escale.example/stays/${seeded.held.stayId}#holding`);
      // Nothing about a person: no name, no task title, no medical addressee.
      const lower = text.toLowerCase();
      for (const person of people) {
        expect(lower).not.toContain(person.familyName.toLowerCase());
        expect(lower).not.toContain(person.givenNames.toLowerCase());
      }
      expect(lower).not.toContain('qqagendasecret');
      expect(lower).not.toContain('préfecture');

      const reads = await t.dataSource.query(`SELECT actor_id, entity_type, entity_id, centre_id FROM audit_events WHERE action = 'agenda.feed_read'`);
      expect(reads).toEqual([{ actor_id: staff.id, entity_type: 'user', entity_id: staff.id, centre_id: null }]);
    });

    it('speaks the owner’s language and covers only their scope', async () => {
      await t.dataSource.query(`UPDATE users SET locale = 'en' WHERE id = $1`, [otherStaff.id]);
      const text = unfolded((await read(await issue(otherStaff)).expect(200)).text);
      expect(events(text).length).toBe(2);
      expect(text).toContain('SUMMARY:Task due');
      expect(text).toContain('SUMMARY:Legal limit of the stay');
      expect(text).toContain(seeded.other.caseId);
      for (const id of [seeded.held.stayId, seeded.housed.caseId, seeded.report.id, seeded.referral.id, seeded.task.id]) expect(text).not.toContain(id);

      const theirs = unfolded((await read(await issue(caseworker)).expect(200)).text);
      expect(theirs).toContain(seeded.referral.id);
      expect(theirs).not.toContain(seeded.other.caseId);
    });

    it('stops answering once rotated or revoked, for a disabled user, and for any token it does not know', async () => {
      const who = await userFor(t, 'staff', [removal]);
      const first = await issue(who);
      await read(first).expect(200);
      const second = await issue(who);
      expect(second).not.toBe(first);
      const gone = await read(first).expect(404);
      expect(gone.body.code).toBe('NOT_FOUND');
      await read(second).expect(200);

      await request(t.http).delete('/api/v1/agenda/feed').set(as(who)).expect(204);
      await read(second).expect(404);
      await request(t.http).delete('/api/v1/agenda/feed').set(as(who)).expect(404);
      expect(await t.dataSource.query(`SELECT 1 FROM calendar_feeds WHERE user_id = $1`, [who.id])).toEqual([]);
      const changes = await t.dataSource.query(`SELECT action FROM audit_events WHERE actor_id = $1 AND action LIKE 'agenda.feed%' ORDER BY at, action`, [who.id]);
      expect(changes.map((row: { action: string }) => row.action).sort()).toEqual(['agenda.feed_issue', 'agenda.feed_issue', 'agenda.feed_read', 'agenda.feed_read', 'agenda.feed_revoke']);

      const disabled = await userFor(t, 'caseworker', [reception]);
      const url = await issue(disabled);
      await read(url).expect(200);
      await request(t.http).patch(`/api/v1/users/${disabled.id}`).set(as({ token: t.adminToken })).send({ disabled: true }).expect(200);
      await read(url).expect(404);

      for (const path of ['/api/v1/agenda/calendar.ics', '/api/v1/agenda/calendar.ics?token=', `/api/v1/agenda/calendar.ics?token=ecal_${'A'.repeat(43)}`, '/api/v1/agenda/calendar.ics?token=nonsense']) {
        const refused = await request(t.http).get(path).expect(404);
        expect(refused.body.code).toBe('NOT_FOUND');
      }
    });
  });

  it('describes the agenda and the feed in the served OpenAPI document', async () => {
    const document = (await request(t.http).get('/api/docs-json').expect(200)).body;
    expect(Object.keys(document.paths['/api/v1/agenda'])).toEqual(['get']);
    expect(document.paths['/api/v1/agenda'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['from', 'to', 'centreId', 'kind', 'limit', 'offset']));
    expect(Object.keys(document.paths['/api/v1/agenda/feed']).sort()).toEqual(['delete', 'post']);
    expect(document.paths['/api/v1/agenda/calendar.ics'].get.responses['200'].content).toHaveProperty(['text/calendar']);
  });

  describe('the page', () => {
    async function signIn(email: string): Promise<string> {
      const form = await request(t.http).get('/login').set('Accept-Language', 'en').expect(200);
      const login = await request(t.http).post('/login').set('Cookie', sessionCookie(form)!).set('Accept-Language', 'en').type('form').send({ _csrf: csrfOf(form.text), email, password: DEFAULT_PASSWORD }).expect(303);
      return sessionCookie(login)!;
    }

    it('shows names, kinds and overdue marks to staff, filters with GET, and refuses another centre', async () => {
      const cookie = await signIn(staff.email);
      const page = await request(t.http).get('/agenda').set('Cookie', cookie).set('Accept-Language', 'en').expect(200);
      const housed = people[2];
      expect(page.text).toContain(`${housed.givenNames} ${housed.familyName.toUpperCase()}`);
      expect(page.text).toContain('Holding authority ends');
      expect(page.text.match(/data-overdue/g)?.length).toBe(1);
      expect(page.text).toContain(`href="/cases/${seeded.housed.caseId}#tasks"`);
      const tasks = await request(t.http).get('/agenda?kind=task&period=month').set('Cookie', cookie).set('Accept-Language', 'en').expect(200);
      expect(tasks.text.match(/data-agenda-item /g)?.length).toBe(3);
      const bad = await request(t.http).get('/agenda?kind=birthday&period=year').set('Cookie', cookie).set('Accept-Language', 'en').expect(400);
      expect(bad.text).toContain('Choose what is due from the list.');
      expect(bad.text).toContain('Choose a period from the list.');
      await request(t.http).get(`/agenda?centreId=${elsewhere}`).set('Cookie', cookie).set('Accept-Language', 'en').expect(404);
    });

    it('issues a feed address from the page, shown once, and revokes it', async () => {
      const who = await userFor(t, 'caseworker', [reception]);
      const cookie = await signIn(who.email);
      const page = await request(t.http).get('/agenda').set('Cookie', cookie).set('Accept-Language', 'en').expect(200);
      expect(page.text).toContain('data-feed-off');
      // Without its CSRF token the form is refused.
      await request(t.http).post('/agenda/feed').set('Cookie', cookie).type('form').send({}).expect(403);
      const issued = await request(t.http).post('/agenda/feed').set('Cookie', cookie).type('form').send({ _csrf: csrfOf(page.text) }).expect(200);
      // Handlebars writes = in an attribute as &#x3D;.
      const url = issued.text.match(/value="(https:\/\/escale\.example[^"]+)"/)?.[1].replace(/&#x3D;/g, '=');
      expect(url).toBeDefined();
      await request(t.http).get(new URL(url!).pathname + new URL(url!).search).expect(200);
      const after = await request(t.http).get('/agenda').set('Cookie', cookie).set('Accept-Language', 'en').expect(200);
      expect(after.text).toContain('data-feed-on');
      expect(after.text).not.toContain(new URL(url!).searchParams.get('token')!);
      const revoked = await request(t.http).post('/agenda/feed/revoke').set('Cookie', cookie).type('form').send({ _csrf: csrfOf(after.text) }).expect(303);
      expect(revoked.headers.location).toBe('/agenda?done=feed-revoked#calendar-feed');
      await request(t.http).get(new URL(url!).pathname + new URL(url!).search).expect(404);
    });
  });
});
