import request from 'supertest';
import { createCentre, newPerson, type CentreFixture } from '../support/fixtures.js';
import { as, checkedIn, type CheckedIn } from '../support/stays-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

interface Event {
  action: string;
  entityType: string;
  entityId: string | null;
  centreId: string | null;
  outcome: string;
  /** Only for a list event: every record it showed. */
  subjectIds?: string[];
}

describe('reads of a person’s data are audited, in a centre', () => {
  let t: TestApp;
  let calais: CentreFixture;
  let dunkirk: CentreFixture;
  let staff: { id: string; token: string };
  let caseworker: { id: string; token: string };
  let dunkirkCaseworker: { id: string; token: string };
  let bothStaff: { id: string; token: string };
  let held: CheckedIn;
  let referralId: string;

  /** The events an actor left since a moment, oldest first; a list event with the records it showed. */
  const eventsOf = async (actorId: string, since: Date): Promise<Event[]> =>
    (
      await t.dataSource.query<(Event & { subjectIds: string[] })[]>(
        `SELECT action, entity_type AS "entityType", entity_id AS "entityId", centre_id AS "centreId", outcome, subject_ids::text[] AS "subjectIds"
           FROM audit_events WHERE actor_id = $1 AND at >= $2 ORDER BY at, action, entity_id`,
        [actorId, since],
      )
    ).map(({ subjectIds, ...event }) => (subjectIds.length > 0 ? { ...event, subjectIds } : event));

  beforeAll(async () => {
    t = await startTestApp();
    calais = await createCentre(t, { units: [{ housing: 'mixed', beds: 10 }, { housing: 'families', beds: 4 }] });
    dunkirk = await createCentre(t, { units: [{ housing: 'mixed', beds: 10 }] });
    staff = await t.userWithToken('staff', [calais.id]);
    caseworker = await t.userWithToken('caseworker', [calais.id]);
    dunkirkCaseworker = await t.userWithToken('caseworker', [dunkirk.id]);
    bothStaff = await t.userWithToken('staff', [calais.id, dunkirk.id]);
    held = await checkedIn(t, staff, calais.id, { person: newPerson({ familyName: 'Zzauditreads' }) });
    referralId = (await as(t, caseworker).post(`/api/v1/cases/${held.case.id}/referrals`, { kind: 'asylum' }).expect(201)).body.id;
    await as(t, caseworker).post(`/api/v1/referrals/${referralId}/transitions`, { to: 'submitted', version: 1 }).expect(200);
  });
  afterAll(() => t.close());

  describe('referral and document lists', () => {
    it('records a list of referrals as one read naming every person shown, in the referral’s centre', async () => {
      const other = await checkedIn(t, staff, calais.id);
      await as(t, caseworker).post(`/api/v1/cases/${other.case.id}/referrals`, { kind: 'asylum' }).expect(201);
      const since = new Date();
      const page = await as(t, caseworker).get('/api/v1/referrals').expect(200);
      expect(page.body.items.length).toBe(2);
      const events = await eventsOf(caseworker.id, since);
      expect(events).toEqual([{ action: 'referral.list', entityType: 'person', entityId: null, centreId: calais.id, outcome: 'success', subjectIds: expect.any(Array) }]);
      expect([...events[0].subjectIds!].sort()).toEqual([held.person.id, other.person.id].sort());
      // A filter that shows nobody records nobody.
      const none = new Date();
      await as(t, caseworker).get('/api/v1/referrals?status=lodged').expect(200);
      expect(await eventsOf(caseworker.id, none)).toEqual([]);
    });

    it('records the referrals of a case as a read of its person, for staff as for caseworkers', async () => {
      for (const reader of [caseworker, staff]) {
        const since = new Date();
        const response = await as(t, reader).get(`/api/v1/cases/${held.case.id}/referrals`).expect(200);
        expect(response.body.items.map((item: { id: string }) => item.id)).toEqual([referralId]);
        expect(await eventsOf(reader.id, since)).toEqual([{ action: 'referral.list', entityType: 'person', entityId: held.person.id, centreId: calais.id, outcome: 'success' }]);
      }
    });

    it('records the list of a referral’s documents as one read of its person', async () => {
      await as(t, caseworker).get(`/api/v1/referrals/${referralId}/documents`).expect(200);
      const uploaded = await t.dataSource.query(`SELECT count(*)::int AS n FROM referral_documents`);
      expect(uploaded[0].n).toBe(0);
      await request(t.http).post(`/api/v1/referrals/${referralId}/documents`).set('Authorization', `Bearer ${caseworker.token}`).attach('file', PDF, 'attestation.pdf').expect(201);
      const since = new Date();
      const listed = await as(t, caseworker).get(`/api/v1/referrals/${referralId}/documents`).expect(200);
      expect(listed.body.items).toHaveLength(1);
      expect(await eventsOf(caseworker.id, since)).toEqual([{ action: 'document.list', entityType: 'person', entityId: held.person.id, centreId: calais.id, outcome: 'success' }]);
    });

    it('answers another centre’s referral lists 404, recording the refusal and no read', async () => {
      const since = new Date();
      await as(t, dunkirkCaseworker).get(`/api/v1/referrals/${referralId}/documents`).expect(404);
      await as(t, dunkirkCaseworker).get(`/api/v1/cases/${held.case.id}/referrals`).expect(404);
      const listed = await as(t, dunkirkCaseworker).get('/api/v1/referrals').expect(200);
      expect(listed.body.items).toEqual([]);
      const events = await eventsOf(dunkirkCaseworker.id, since);
      expect(events.filter((event) => event.outcome === 'success')).toEqual([]);
      expect(events.map((event) => event.outcome)).toEqual(['denied', 'denied']);
      // Bad input changes nothing and reads nothing.
      const bad = await as(t, caseworker).get('/api/v1/referrals?status=nonsense').expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('reads of a person', () => {
    it('record the centre of the person’s stay', async () => {
      const since = new Date();
      await as(t, staff).get(`/api/v1/people/${held.person.id}`).expect(200);
      expect(await eventsOf(staff.id, since)).toEqual([{ action: 'person.read', entityType: 'person', entityId: held.person.id, centreId: calais.id, outcome: 'success' }]);
    });

    it('record the centre of the person’s current stay among the reader’s centres, or of the last one there', async () => {
      const moving = await checkedIn(t, staff, calais.id);
      await as(t, bothStaff).post(`/api/v1/stays/${moving.stay.id}/transfers`, { toCentreId: dunkirk.id }).expect(201);
      // The transfer read the person through the stay it moved, in Calais.
      const transferEvents = await t.dataSource.query(`SELECT centre_id FROM audit_events WHERE actor_id = $1 AND action = 'person.read' AND entity_id = $2`, [bothStaff.id, moving.person.id]);
      expect(transferEvents).toEqual([{ centre_id: calais.id }]);

      let since = new Date();
      await as(t, bothStaff).get(`/api/v1/people/${moving.person.id}`).expect(200);
      expect(await eventsOf(bothStaff.id, since)).toEqual([expect.objectContaining({ action: 'person.read', entityId: moving.person.id, centreId: dunkirk.id })]);
      since = new Date();
      await as(t, staff).get(`/api/v1/people/${moving.person.id}`).expect(200);
      expect(await eventsOf(staff.id, since)).toEqual([expect.objectContaining({ action: 'person.read', entityId: moving.person.id, centreId: calais.id })]);
    });

    it('record the centre in searches too', async () => {
      const since = new Date();
      const found = await as(t, staff).get('/api/v1/people?q=Zzauditreads').expect(200);
      expect(found.body.items.map((item: { id: string }) => item.id)).toEqual([held.person.id]);
      expect(await eventsOf(staff.id, since)).toEqual([{ action: 'person.search', entityType: 'person', entityId: null, centreId: calais.id, outcome: 'success', subjectIds: [held.person.id] }]);
    });

    it('record a check-in of someone already known in the centre they are checked into', async () => {
      await as(t, staff).post(`/api/v1/stays/${held.stay.id}/check-out`, { reason: 'released_by_court' }).expect(200);
      const since = new Date();
      await as(t, bothStaff).post(`/api/v1/centres/${dunkirk.id}/check-ins`, { personId: held.person.id }).expect(201);
      expect((await eventsOf(bothStaff.id, since)).filter((event) => event.action === 'person.read')).toEqual([expect.objectContaining({ entityId: held.person.id, centreId: dunkirk.id })]);
    });
  });

  describe('alerts', () => {
    it('record every stay an alert list names in one event, for staff and admins alike', async () => {
      const disputed = await checkedIn(t, staff, calais.id, { person: newPerson({ ageDisputed: true }) });
      for (const reader of [staff, { id: (await as(t, t.adminToken).get('/api/v1/me').expect(200)).body.id as string, token: t.adminToken }]) {
        const since = new Date();
        const alerts = await as(t, reader).get('/api/v1/alerts').expect(200);
        expect(alerts.body.items.map((alert: { stayId: string }) => alert.stayId)).toContain(disputed.stay.id);
        const lists = (await eventsOf(reader.id, since)).filter((event) => event.action === 'alert.list' && event.centreId === calais.id);
        expect(lists).toEqual([{ action: 'alert.list', entityType: 'stay', entityId: null, centreId: calais.id, outcome: 'success', subjectIds: expect.arrayContaining([disputed.stay.id]) }]);
      }
    });
  });

  describe('a caseworker’s work lists', () => {
    it('record the cases the dashboard names', async () => {
      await as(t, caseworker).patch(`/api/v1/cases/${held.case.id}`, { caseworkerId: caseworker.id, version: (await as(t, caseworker).get(`/api/v1/cases/${held.case.id}`)).body.version }).expect(200);
      const since = new Date();
      const dashboard = await as(t, caseworker).get('/api/v1/dashboard').expect(200);
      expect(dashboard.body.myCases.map((c: { id: string }) => c.id)).toContain(held.case.id);
      const events = await eventsOf(caseworker.id, since);
      expect(events).toEqual([{ action: 'case.list', entityType: 'case', entityId: null, centreId: calais.id, outcome: 'success', subjectIds: expect.arrayContaining([held.case.id]) }]);
      expect(new Set(events[0].subjectIds).size).toBe(events[0].subjectIds!.length);
    });
  });
});
