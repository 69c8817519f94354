import request from 'supertest';
import { FixedClock, translate } from '@escale/platform';
import { isoToLocalDateTime } from '../../apps/server/src/admin/time.js';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { as, checkedIn, DAY_MS, HOUR_MS } from '../support/stays-fixtures.js';
import { responseValidator, type ResponseValidator } from '../support/openapi.js';
import { DEFAULT_PASSWORD, startTestApp, tokenFor, type TestApp } from '../support/test-app.js';

type User = { id: string; email: string; token: string };

describe('the legal record: hearings, orders to leave France and legal contacts', () => {
  const start = new Date('2031-03-02T08:00:00Z');
  const clock = new FixedClock(start);
  const at = (ms: number) => new Date(start.getTime() + ms).toISOString();
  let t: TestApp;
  let validator: ResponseValidator;
  let removal: string;
  let reception: string;
  let staff: User;
  let caseworker: User;
  let otherStaff: User;
  let funder: User;

  const count = async (table: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  const agenda = async (who: User, kind: string, centreId: string) =>
    (await as(t, who).get(`/api/v1/agenda?kind=${kind}&centreId=${centreId}&from=${new Date(clock.now().getTime() - DAY_MS).toISOString()}&to=${new Date(clock.now().getTime() + 60 * DAY_MS).toISOString()}`).expect(200)).body
      .items as { kind: string; dueAt: string; stayId: string; personId: string }[];
  /** Moves the clock, and signs everyone in again (tokens expire with it). */
  async function moveTo(instant: Date) {
    clock.set(instant);
    for (const user of [staff, caseworker, otherStaff, funder]) user.token = await tokenFor(t.http, user.email, DEFAULT_PASSWORD);
  }

  beforeAll(async () => {
    t = await startTestApp({ clock });
    validator = await responseValidator(t.http);
    removal = (await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 4 }] })).id;
    reception = (await createCentre(t, { units: [{ housing: 'men', beds: 2 }] })).id;
    const elsewhere = (await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 2 }] })).id;
    staff = await userFor(t, 'staff', [removal, reception]);
    caseworker = await userFor(t, 'caseworker', [removal, reception]);
    otherStaff = await userFor(t, 'staff', [elsewhere]);
    funder = await userFor(t, 'funder', []);
  });
  afterAll(() => t.close());

  it('walks a removal stay through an adjournment, an extension granted and a refusal that releases the person', async () => {
    await moveTo(start);
    const held = await checkedIn(t, staff, removal, { person: newPerson() });
    const stayId = held.stay.id;
    expect(held.stay.authorisedUntil).toBe(at(4 * DAY_MS));

    // No hearing yet before the authority ends: the record says so.
    expect((await as(t, caseworker).get(`/api/v1/stays/${stayId}/hearings`).expect(200)).body).toMatchObject({ items: [], authorityEndsWithoutHearing: true });

    // Bad input changes nothing.
    const before = await count('hearings');
    const early = await as(t, staff).post(`/api/v1/stays/${stayId}/hearings`, { scheduledAt: at(-HOUR_MS), court: 'JLD de Lille', purpose: 'extension' }).expect(400);
    expect(early.body.code).toBe('VALIDATION_FAILED');
    expect((await as(t, staff).post(`/api/v1/stays/${stayId}/hearings`, { scheduledAt: at(DAY_MS), court: 'JLD', purpose: 'appeal' }).expect(400)).body.details.fields).toHaveProperty('purpose');
    await as(t, caseworker).post(`/api/v1/stays/${stayId}/hearings`, { scheduledAt: at(DAY_MS), court: 'JLD', purpose: 'extension' }).expect(403);
    expect((await as(t, otherStaff).post(`/api/v1/stays/${stayId}/hearings`, { scheduledAt: at(DAY_MS), court: 'JLD', purpose: 'extension' }).expect(404)).body.code).toBe('NOT_FOUND');
    const housed = await checkedIn(t, staff, reception, { person: newPerson() });
    expect((await as(t, staff).post(`/api/v1/stays/${housed.stay.id}/hearings`, { scheduledAt: at(DAY_MS), court: 'JLD', purpose: 'extension' }).expect(409)).body.code).toBe('REMOVAL_CENTRE_ONLY');
    expect(await count('hearings')).toBe(before);

    // A hearing before the authority ends: on the agenda, and the record no longer warns.
    const first = (await as(t, staff).post(`/api/v1/stays/${stayId}/hearings`, { scheduledAt: at(3 * DAY_MS), court: 'JLD de Lille', purpose: 'extension' }).expect(201)).body;
    expect(first).toMatchObject({ stayId, scheduledAt: at(3 * DAY_MS), court: 'JLD de Lille', purpose: 'extension', outcome: null });
    expect((await as(t, staff).get(`/api/v1/stays/${stayId}/hearings`).expect(200)).body.authorityEndsWithoutHearing).toBe(false);
    expect(await agenda(caseworker, 'hearing', removal)).toEqual([expect.objectContaining({ kind: 'hearing', dueAt: at(3 * DAY_MS), stayId, personId: held.person.id })]);

    // The judge adjourns: a decision in the future or before the check-in is refused, and nothing moves.
    await moveTo(new Date(start.getTime() + 3 * DAY_MS + HOUR_MS));
    const outcome = (body: object) => as(t, staff).post(`/api/v1/hearings/${first.id}/outcome`, body);
    expect((await outcome({ outcome: 'adjourned', decidedAt: at(3 * DAY_MS + 2 * HOUR_MS), adjournedTo: at(3 * DAY_MS + 20 * HOUR_MS) }).expect(400)).body.details.fields).toHaveProperty('decidedAt');
    expect((await outcome({ outcome: 'adjourned', decidedAt: at(-DAY_MS), adjournedTo: at(3 * DAY_MS + 20 * HOUR_MS) }).expect(400)).body.details.fields).toHaveProperty('decidedAt');
    expect((await outcome({ outcome: 'adjourned', decidedAt: at(3 * DAY_MS), days: 26, adjournedTo: at(3 * DAY_MS + 20 * HOUR_MS) }).expect(400)).body.details.fields).toHaveProperty('days');
    expect((await as(t, staff).get(`/api/v1/hearings/${first.id}`).expect(200)).body.outcome).toBeNull();
    const adjourned = (await outcome({ outcome: 'adjourned', decidedAt: at(3 * DAY_MS), adjournedTo: at(3 * DAY_MS + 20 * HOUR_MS) }).expect(200)).body;
    expect(adjourned.hearing).toMatchObject({ id: first.id, outcome: 'adjourned', decidedAt: at(3 * DAY_MS) });
    const second = adjourned.nextHearing;
    expect(second).toMatchObject({ scheduledAt: at(3 * DAY_MS + 20 * HOUR_MS), court: 'JLD de Lille', adjournedFromId: first.id, outcome: null });
    expect((await agenda(staff, 'hearing', removal)).map((item) => item.dueAt)).toEqual([second.scheduledAt]);

    // The resumed hearing grants the first extension: the authority moves as an extension's would, once.
    await moveTo(new Date(start.getTime() + 3 * DAY_MS + 22 * HOUR_MS));
    const granted = await as(t, staff).post(`/api/v1/hearings/${second.id}/outcome`, { outcome: 'extension_granted', decidedAt: at(3 * DAY_MS + 21 * HOUR_MS), days: 26 }).expect(200);
    expect(granted.body.stay.authorisedUntil).toBe(at(30 * DAY_MS));
    validator.check(granted);
    expect(granted.body.extension).toMatchObject({ sequence: 1, days: 26, decidedBy: 'JLD de Lille', authorisedUntil: at(30 * DAY_MS) });
    expect((await as(t, staff).get(`/api/v1/stays/${stayId}`).expect(200)).body.authorisedUntil).toBe(at(30 * DAY_MS));
    const [job] = await t.dataSource.query(`SELECT available_at FROM outbox_messages WHERE job_name = 'raise-authority-expired' AND payload->>'stayId' = $1 ORDER BY available_at DESC LIMIT 1`, [stayId]);
    expect(job.available_at.toISOString()).toBe(at(30 * DAY_MS));
    const twice = await as(t, staff).post(`/api/v1/hearings/${second.id}/outcome`, { outcome: 'extension_granted', decidedAt: at(3 * DAY_MS + 21 * HOUR_MS), days: 30 }).expect(409);
    expect(twice.body.code).toBe('ALREADY_RECORDED');
    expect(await t.dataSource.query(`SELECT days FROM stay_extensions WHERE stay_id = $1`, [stayId])).toEqual([{ days: 26 }]);
    expect(await agenda(staff, 'hearing', removal)).toEqual([]);
    expect((await as(t, staff).get(`/api/v1/stays/${stayId}/hearings`).expect(200)).body.authorityEndsWithoutHearing).toBe(true);

    // A third hearing, held after the authority ran out: no extension then (AUTHORITY_EXPIRED), the judge refuses and the person is released.
    const third = (await as(t, staff).post(`/api/v1/stays/${stayId}/hearings`, { scheduledAt: at(29 * DAY_MS), court: 'JLD de Lille', purpose: 'extension' }).expect(201)).body;
    await moveTo(new Date(start.getTime() + 30 * DAY_MS + 2 * HOUR_MS));
    const expired = await as(t, staff).post(`/api/v1/hearings/${third.id}/outcome`, { outcome: 'extension_granted', decidedAt: at(30 * DAY_MS + HOUR_MS), days: 30 }).expect(409);
    expect(expired.body.code).toBe('AUTHORITY_EXPIRED');
    expect((await as(t, staff).get(`/api/v1/hearings/${third.id}`).expect(200)).body.outcome).toBeNull();
    const refused = await as(t, staff).post(`/api/v1/hearings/${third.id}/outcome`, { outcome: 'refused', decidedAt: at(30 * DAY_MS + HOUR_MS), decidedBy: 'JLD de Lille, Mme Martin' }).expect(200);
    expect(refused.body.stay).toMatchObject({ checkedOutAt: at(30 * DAY_MS + 2 * HOUR_MS), exitReason: 'released_by_court' });
    validator.check(refused);
    expect(refused.body.refusal).toMatchObject({ decidedBy: 'JLD de Lille, Mme Martin', releasedAt: at(30 * DAY_MS + 2 * HOUR_MS) });
    expect(refused.body.hearing).toMatchObject({ outcome: 'refused', extensionRefusalId: refused.body.refusal.id });
    expect((await t.dataSource.query(`SELECT occupied FROM beds WHERE id = $1`, [held.stay.bedId]))[0].occupied).toBe(false);

    // Closed: nothing more is scheduled, and its hearings are off the agenda.
    expect((await as(t, staff).post(`/api/v1/stays/${stayId}/hearings`, { scheduledAt: at(31 * DAY_MS), court: 'JLD', purpose: 'other' }).expect(409)).body.code).toBe('STAY_CLOSED');
    expect(await agenda(staff, 'hearing', removal)).toEqual([]);
    const history = (await as(t, caseworker).get(`/api/v1/stays/${stayId}/hearings`).expect(200)).body;
    expect(history.items.map((item: { outcome: string }) => item.outcome)).toEqual(['adjourned', 'extension_granted', 'refused']);
    expect(history.authorityEndsWithoutHearing).toBe(false);
    validator.check(await as(t, caseworker).get(`/api/v1/stays/${stayId}/hearings`).expect(200));
    const actions = await t.dataSource.query(`SELECT action FROM audit_events WHERE entity_id = $1 AND action LIKE 'hearing.%'`, [stayId]);
    expect(actions.map((row: { action: string }) => row.action)).toEqual(expect.arrayContaining(['hearing.schedule', 'hearing.outcome', 'hearing.list', 'hearing.read']));
  });

  it('counts the appeal deadline of an order to leave France from its notification, and keeps it on the agenda until an appeal is lodged', async () => {
    await moveTo(new Date(start.getTime() + 40 * DAY_MS));
    const held = await checkedIn(t, staff, removal, { person: newPerson() });
    const stayId = held.stay.id;
    const now = clock.now().getTime();
    const iso = (ms: number) => new Date(now + ms).toISOString();

    const before = await count('removal_orders');
    expect((await as(t, staff).post(`/api/v1/stays/${stayId}/removal-orders`, { kind: 'without_departure_period', notifiedAt: iso(HOUR_MS) }).expect(400)).body.details.fields).toHaveProperty('notifiedAt');
    expect((await as(t, staff).post(`/api/v1/stays/${stayId}/removal-orders`, { kind: 'without_departure_period', notifiedAt: iso(-HOUR_MS) }).expect(400)).body.details.fields).toHaveProperty('notifiedAt');
    expect((await as(t, staff).post(`/api/v1/stays/${stayId}/removal-orders`, { kind: 'soon', notifiedAt: iso(0) }).expect(400)).body.details.fields).toHaveProperty('kind');
    await as(t, caseworker).post(`/api/v1/stays/${stayId}/removal-orders`, { kind: 'without_departure_period', notifiedAt: iso(0) }).expect(403);
    await as(t, otherStaff).post(`/api/v1/stays/${stayId}/removal-orders`, { kind: 'without_departure_period', notifiedAt: iso(0) }).expect(404);
    expect(await count('removal_orders')).toBe(before);

    await moveTo(new Date(now + 2 * HOUR_MS));
    const order = (await as(t, staff).post(`/api/v1/stays/${stayId}/removal-orders`, { kind: 'without_departure_period', notifiedAt: iso(HOUR_MS), issuedBy: 'Préfecture du Nord' }).expect(201)).body;
    expect(order).toMatchObject({ kind: 'without_departure_period', notifiedAt: iso(HOUR_MS), appealDeadlineAt: iso(49 * HOUR_MS), appealOpen: true, appeal: null });
    const patient = (await as(t, staff).post(`/api/v1/stays/${stayId}/removal-orders`, { kind: 'with_departure_period', notifiedAt: iso(HOUR_MS) }).expect(201)).body;
    expect(patient.appealDeadlineAt).toBe(iso(HOUR_MS + 30 * DAY_MS));
    expect((await agenda(caseworker, 'appeal_deadline', removal)).filter((item) => item.stayId === stayId).map((item) => item.dueAt)).toEqual([iso(49 * HOUR_MS), iso(HOUR_MS + 30 * DAY_MS)]);

    // A decision before any appeal is out of order; another centre cannot reach the order.
    expect((await as(t, staff).post(`/api/v1/removal-orders/${order.id}/decision`, { decidedAt: iso(2 * HOUR_MS), outcome: 'annulled' }).expect(409)).body.code).toBe('ILLEGAL_TRANSITION');
    await as(t, otherStaff).post(`/api/v1/removal-orders/${order.id}/appeal`, { lodgedAt: iso(2 * HOUR_MS), court: 'TA de Lille' }).expect(404);
    await as(t, otherStaff).get(`/api/v1/removal-orders/${order.id}`).expect(404);
    await as(t, caseworker).post(`/api/v1/removal-orders/${order.id}/appeal`, { lodgedAt: iso(2 * HOUR_MS), court: 'TA de Lille' }).expect(403);

    await moveTo(new Date(now + 20 * HOUR_MS));
    const appealed = (await as(t, staff).post(`/api/v1/removal-orders/${order.id}/appeal`, { lodgedAt: iso(19 * HOUR_MS), court: 'Tribunal administratif de Lille' }).expect(200)).body;
    expect(appealed).toMatchObject({ appealOpen: false, appeal: { lodgedAt: iso(19 * HOUR_MS), court: 'Tribunal administratif de Lille', inTime: true } });
    expect((await as(t, staff).post(`/api/v1/removal-orders/${order.id}/appeal`, { lodgedAt: iso(19 * HOUR_MS), court: 'TA' }).expect(409)).body.code).toBe('ALREADY_RECORDED');
    expect((await agenda(staff, 'appeal_deadline', removal)).filter((item) => item.stayId === stayId).map((item) => item.dueAt)).toEqual([iso(HOUR_MS + 30 * DAY_MS)]);

    expect((await as(t, staff).post(`/api/v1/removal-orders/${order.id}/decision`, { decidedAt: iso(18 * HOUR_MS), outcome: 'annulled' }).expect(400)).body.details.fields).toHaveProperty('decidedAt');
    const decided = (await as(t, staff).post(`/api/v1/removal-orders/${order.id}/decision`, { decidedAt: iso(20 * HOUR_MS), outcome: 'annulled' }).expect(200)).body;
    expect(decided.decision).toEqual({ decidedAt: iso(20 * HOUR_MS), outcome: 'annulled' });
    expect((await as(t, staff).post(`/api/v1/removal-orders/${order.id}/decision`, { decidedAt: iso(20 * HOUR_MS), outcome: 'upheld' }).expect(409)).body.code).toBe('ALREADY_RECORDED');

    const listed = (await as(t, caseworker).get(`/api/v1/stays/${stayId}/removal-orders`).expect(200)).body;
    expect(listed.items.map((item: { id: string }) => item.id)).toEqual([order.id, patient.id]);
    validator.check(await as(t, caseworker).get(`/api/v1/stays/${stayId}/removal-orders`).expect(200));
    await as(t, funder).get(`/api/v1/stays/${stayId}/removal-orders`).expect(403);

    // Once the deadline has passed without an appeal, there is nothing left to do on the agenda.
    await moveTo(new Date(now + HOUR_MS + 30 * DAY_MS + 1));
    expect((await agenda(staff, 'appeal_deadline', removal)).filter((item) => item.stayId === stayId)).toEqual([]);
  });

  it('shows legal contacts to the centre holding the person, not to another centre nor to funders, and ends them rather than deleting them', async () => {
    const held = await checkedIn(t, staff, reception, { person: newPerson() });
    const personId = held.person.id;
    const path = `/api/v1/people/${personId}/legal-contacts`;

    const before = await count('legal_contacts');
    expect((await as(t, staff).post(path, { kind: 'lawyer', name: 'Maître Dubois', email: 'not-an-email' }).expect(400)).body.details.fields).toHaveProperty('email');
    expect((await as(t, staff).post(path, { kind: 'notary', name: 'Maître Dubois' }).expect(400)).body.details.fields).toHaveProperty('kind');
    await as(t, otherStaff).post(path, { kind: 'lawyer', name: 'Maître Dubois' }).expect(404);
    await as(t, funder).post(path, { kind: 'lawyer', name: 'Maître Dubois' }).expect(403);
    expect(await count('legal_contacts')).toBe(before);

    const lawyer = (await as(t, staff).post(path, { kind: 'lawyer', name: 'Maître Claire Dubois', organisation: 'Barreau de Lille', phone: '+33 3 20 00 00 00', notes: 'Speaks Dari' }).expect(201)).body;
    const consul = (await as(t, caseworker).post(path, { kind: 'consular', name: 'Consular section', organisation: 'Embassy of Afghanistan', email: 'consular@embassy.example' }).expect(201)).body;
    expect(lawyer).toMatchObject({ personId, kind: 'lawyer', name: 'Maître Claire Dubois', endedAt: null, recordedBy: staff.id });
    validator.check(await as(t, caseworker).get(path).expect(200));

    expect((await as(t, caseworker).get(path).expect(200)).body.items.map((item: { id: string }) => item.id).sort()).toEqual([lawyer.id, consul.id].sort());
    expect((await as(t, otherStaff).get(path).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await as(t, funder).get(path).expect(403)).body.code).toBe('FORBIDDEN');
    await as(t, otherStaff).post(`/api/v1/legal-contacts/${lawyer.id}/end`, {}).expect(404);

    const ended = (await as(t, staff).post(`/api/v1/legal-contacts/${lawyer.id}/end`, { reason: 'Replaced by another lawyer' }).expect(200)).body;
    expect(ended).toMatchObject({ id: lawyer.id, endedAt: clock.now().toISOString(), endReason: 'Replaced by another lawyer' });
    expect((await as(t, staff).post(`/api/v1/legal-contacts/${lawyer.id}/end`, {}).expect(409)).body.code).toBe('ALREADY_RECORDED');
    expect((await as(t, staff).get(path).expect(200)).body.items.map((item: { id: string }) => item.id)).toEqual([consul.id]);
    expect((await as(t, staff).get(`${path}?includeEnded=true`).expect(200)).body.items.map((item: { id: string }) => item.id)).toEqual([consul.id, lawyer.id]);

    const audit = await t.dataSource.query(`SELECT action FROM audit_events WHERE entity_id = $1 AND action LIKE 'legal_contact.%'`, [personId]);
    expect(audit.map((row: { action: string }) => row.action)).toEqual(expect.arrayContaining(['legal_contact.create', 'legal_contact.list', 'legal_contact.end']));
  });

  it('asks for a confirmation on the page before a refusal releases the person, and speaks French', async () => {
    await moveTo(new Date(start.getTime() + 80 * DAY_MS));
    const held = await checkedIn(t, staff, removal, { person: newPerson({ givenNames: 'Samir', familyName: 'Haddad' }) });
    const hearing = (await as(t, staff).post(`/api/v1/stays/${held.stay.id}/hearings`, { scheduledAt: clock.now().toISOString(), court: 'JLD de Lille', purpose: 'extension' }).expect(201)).body;
    const login = await request(t.http).get('/login').set('Accept-Language', 'fr').expect(200);
    const signedIn = await request(t.http).post('/login').set('Cookie', sessionCookie(login)!).type('form').send({ _csrf: csrfOf(login.text), email: staff.email, password: DEFAULT_PASSWORD }).expect(303);
    const cookie = sessionCookie(signedIn)!;
    const path = `/stays/${held.stay.id}/legal`;
    const shown = await request(t.http).get(path).set('Cookie', cookie).set('Accept-Language', 'fr').expect(200);
    expect(shown.text).toContain(translate('fr', 'legal.title', { name: 'Samir Haddad' }));
    expect(shown.text).toContain(translate('fr', 'legal.recordOutcome'));
    const csrf = csrfOf(shown.text);
    const decidedAt = isoToLocalDateTime(clock.now().toISOString());

    // A decision in the future: the form again, with its error summary, and nothing recorded.
    const future = await request(t.http).post(`${path}/hearings/${hearing.id}/outcome`).set('Cookie', cookie).set('Accept-Language', 'fr').type('form')
      .send({ _csrf: csrf, outcome: 'refused', decidedAt: isoToLocalDateTime(new Date(clock.now().getTime() + DAY_MS).toISOString()) }).expect(400);
    expect(future.text).toContain('id="legal-error"');
    expect(future.text).toContain(`id="outcome-${hearing.id}-decidedAt-error"`);
    expect(future.text).not.toContain('data-consequence');

    const asked = await request(t.http).post(`${path}/hearings/${hearing.id}/outcome`).set('Cookie', cookie).set('Accept-Language', 'fr').type('form').send({ _csrf: csrf, outcome: 'refused', decidedAt }).expect(200);
    expect(asked.text).toContain('data-consequence');
    expect(asked.text).toContain('La personne sera libérée le');
    expect((await as(t, staff).get(`/api/v1/stays/${held.stay.id}`).expect(200)).body.checkedOutAt).toBeNull();

    const confirmed = await request(t.http).post(`${path}/hearings/${hearing.id}/outcome`).set('Cookie', cookie).type('form').send({ _csrf: csrf, outcome: 'refused', decidedAt, confirm: 'yes' }).expect(303);
    expect(confirmed.headers.location).toBe(`${path}?done=released#hearings`);
    expect((await as(t, staff).get(`/api/v1/stays/${held.stay.id}`).expect(200)).body).toMatchObject({ exitReason: 'released_by_court' });
  });
});
