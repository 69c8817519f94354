import request from 'supertest';
import { createCentre, newPerson, userFor, type CentreFixture } from '../support/fixtures.js';
import { as, checkedIn, type CheckedIn } from '../support/stays-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Who may reach what: staff and caseworkers their own centres only (anything else is 404), funders
 * aggregates only, admins and auditors no person at all.
 */
describe('scoping of centres, people and stays', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let other: CentreFixture;
  let staff: { id: string; token: string };
  let held: CheckedIn;
  let propertyId: string;

  beforeAll(async () => {
    t = await startTestApp();
    centre = await createCentre(t, { units: [{ housing: 'men', beds: 4 }] });
    other = await createCentre(t, { units: [{ housing: 'men', beds: 4 }] });
    staff = await userFor(t, 'staff', [centre.id]);
    held = await checkedIn(t, staff, centre.id, { person: newPerson({ familyName: 'Sharifi', givenNames: 'Nasrin' }) });
    const deposit = await as(t, staff).post(`/api/v1/stays/${held.stay.id}/property`, { items: [{ kind: 'item', description: 'Téléphone' }] }).expect(201);
    propertyId = deposit.body.items[0].id;
  });
  afterAll(() => t.close());

  const reads = () => [
    ['search', `/api/v1/people?q=sharifi`],
    ['person', `/api/v1/people/${held.person.id}`],
    ['stay', `/api/v1/stays/${held.stay.id}`],
    ['stays of the centre', `/api/v1/stays?centreId=${centre.id}`],
    ['property', `/api/v1/stays/${held.stay.id}/property`],
    ['register', `/api/v1/centres/${centre.id}/register`],
  ];
  const writes = () =>
    [
      ['check-in', `/api/v1/centres/${centre.id}/check-ins`, { person: newPerson() }],
      ['check-out', `/api/v1/stays/${held.stay.id}/check-out`, { reason: 'other', returnedPropertyIds: [propertyId] }],
      ['transfer', `/api/v1/stays/${held.stay.id}/transfers`, { toCentreId: other.id }],
      ['property', `/api/v1/stays/${held.stay.id}/property`, { items: [{ kind: 'item', description: 'Sac' }] }],
    ] as const;

  /** The person is still where they were, with their property: a refused request changed nothing. */
  async function expectUntouched() {
    const [row] = await t.dataSource.query(`SELECT checked_out_at FROM stays WHERE id = $1`, [held.stay.id]);
    expect(row.checked_out_at).toBeNull();
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM stays WHERE person_id = $1`, [held.person.id]);
    expect(n).toBe(1);
    const [{ items }] = await t.dataSource.query(`SELECT count(*)::int AS items FROM property_items WHERE stay_id = $1 AND returned_at IS NULL`, [held.stay.id]);
    expect(items).toBe(1);
  }

  it('answers 401 without a token', async () => {
    for (const [, path] of reads()) await request(t.http).get(path).expect(401);
    for (const [, path, body] of writes()) await request(t.http).post(path).send(body).expect(401);
    await request(t.http).get(`/api/v1/centres/${centre.id}/occupancy`).expect(401);
    await expectUntouched();
  });

  // The register (CESEDA L744-2) is the one record of people that administrators and auditors read: inspectors check it.
  it.each(['funder', 'auditor', 'admin'] as const)('gives the %s role no person data anywhere but the register (403), and lets them change nothing', async (role) => {
    const user = role === 'admin' ? t.adminToken : (await userFor(t, role, [])).token;
    for (const [name, path] of reads()) {
      const response = await as(t, user).get(path);
      if (name === 'register' && role !== 'funder') {
        expect([name, response.status]).toEqual([name, 200]);
        continue;
      }
      expect([name, response.status, response.body.code]).toEqual([name, 403, 'FORBIDDEN']);
      expect(response.text).not.toContain('Sharifi');
    }
    for (const [name, path, body] of writes()) {
      const response = await as(t, user).post(path, body);
      expect([name, response.status]).toEqual([name, 403]);
    }
    await expectUntouched();
  });

  it('lets a funder read occupancy only, and never a person in it', async () => {
    const funder = await userFor(t, 'funder', []);
    const response = await as(t, funder).get(`/api/v1/centres/${centre.id}/occupancy`).expect(200);
    // Beds only: funders read counts of people from the published months, never live.
    expect(response.body).toMatchObject({ capacity: 4, occupied: null, available: null });
    expect(response.text).not.toContain(held.person.id);
    expect(response.text).not.toContain(held.stay.id);
    expect(response.text).not.toContain('Sharifi');
  });

  it('answers 404 to staff of another centre for every record of this one, and finds nothing in search', async () => {
    const outsider = await userFor(t, 'staff', [other.id]);
    for (const [name, path] of reads()) {
      const response = await as(t, outsider).get(path);
      if (name === 'search') expect(response.body).toMatchObject({ items: [], total: 0 });
      else expect([name, response.status, response.body.code]).toEqual([name, 404, 'NOT_FOUND']);
      expect(response.text).not.toContain('Sharifi');
    }
    for (const [name, path, body] of writes()) {
      const response = await as(t, outsider).post(path, body);
      expect([name, response.status, response.body.code]).toEqual([name, 404, 'NOT_FOUND']);
    }
    expect((await as(t, outsider).get(`/api/v1/centres/${centre.id}/occupancy`).expect(404)).body.code).toBe('NOT_FOUND');
    const all = await as(t, outsider).get('/api/v1/stays').expect(200);
    expect(all.body).toMatchObject({ items: [], total: 0 });
    await expectUntouched();
  });

  it('answers 404 to a caseworker of another centre', async () => {
    const caseworker = await userFor(t, 'caseworker', [other.id]);
    for (const [name, path] of reads()) {
      const response = await as(t, caseworker).get(path);
      if (name === 'search') expect(response.body).toMatchObject({ items: [], total: 0 });
      else if (name === 'register') expect(response.status).toBe(403);
      else expect([name, response.status]).toEqual([name, 404]);
    }
  });

  it('lets a caseworker of the centre read the person, stays and property but change nothing (403)', async () => {
    const caseworker = await userFor(t, 'caseworker', [centre.id]);
    for (const [name, path] of reads()) {
      const response = await as(t, caseworker).get(path);
      expect([name, response.status]).toEqual([name, name === 'register' ? 403 : 200]);
    }
    for (const [name, path, body] of writes()) {
      const response = await as(t, caseworker).post(path, body);
      expect([name, response.status]).toEqual([name, 403]);
    }
    await as(t, caseworker).patch(`/api/v1/beds/${held.stay.bedId}`, { inService: true }).expect(403);
    await expectUntouched();
  });

  it('shows each centre’s staff only the stays of their own centres after a transfer', async () => {
    const from = await createCentre(t, { units: [{ housing: 'men', beds: 1 }] });
    const to = await createCentre(t, { units: [{ housing: 'men', beds: 1 }] });
    const both = await userFor(t, 'staff', [from.id, to.id]);
    const fromStaff = await userFor(t, 'staff', [from.id]);
    const toStaff = await userFor(t, 'staff', [to.id]);
    const origin = await checkedIn(t, both, from.id);
    const moved = await as(t, both).post(`/api/v1/stays/${origin.stay.id}/transfers`, { toCentreId: to.id }).expect(201);
    const seenFrom = await as(t, fromStaff).get(`/api/v1/people/${origin.person.id}`).expect(200);
    expect(seenFrom.body.stays.map((stay: { id: string }) => stay.id)).toEqual([origin.stay.id]);
    const seenTo = await as(t, toStaff).get(`/api/v1/people/${origin.person.id}`).expect(200);
    expect(seenTo.body.stays.map((stay: { id: string }) => stay.id)).toEqual([moved.body.id]);
    await as(t, fromStaff).get(`/api/v1/stays/${moved.body.id}`).expect(404);
    await as(t, toStaff).get(`/api/v1/stays/${origin.stay.id}`).expect(404);
    const seenBoth = await as(t, both).get(`/api/v1/people/${origin.person.id}`).expect(200);
    expect(seenBoth.body.stays.map((stay: { id: string }) => stay.id).sort()).toEqual([origin.stay.id, moved.body.id].sort());
  });
});
