import { randomBytes, randomUUID } from 'node:crypto';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { as, asAdmin, checkIn, checkedIn, occupancy } from '../support/stays-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const code = () => `T${randomBytes(3).toString('hex').toUpperCase()}`;
const centreBody = (overrides: Record<string, unknown> = {}) => ({ code: code(), name: 'CRA de Test', kind: 'removal', maxStayDays: 90, timezone: 'Europe/Paris', ...overrides });

describe('centres, units and beds', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('creating', () => {
    it('lets an admin create a centre, a unit and beds, and reads them back', async () => {
      const body = centreBody({ kind: 'reception', maxStayDays: 7 });
      const centre = await asAdmin(t).post('/api/v1/centres', body).expect(201);
      expect(centre.body).toMatchObject({ id: expect.any(String), code: body.code, name: body.name, kind: 'reception', maxStayDays: 7, timezone: 'Europe/Paris' });
      const unit = await asAdmin(t).post(`/api/v1/centres/${centre.body.id}/units`, { name: 'Aile A', housing: 'women' }).expect(201);
      expect(unit.body).toMatchObject({ id: expect.any(String), centreId: centre.body.id, name: 'Aile A', housing: 'women' });
      const beds = await asAdmin(t).post(`/api/v1/units/${unit.body.id}/beds`, { labels: ['A1', 'A2', 'A3'] }).expect(201);
      expect(beds.body.items.map((bed: { label: string }) => bed.label)).toEqual(['A1', 'A2', 'A3']);
      expect(beds.body.items.every((bed: { inService: boolean; unitId: string }) => bed.inService && bed.unitId === unit.body.id)).toBe(true);
      const read = await asAdmin(t).get(`/api/v1/centres/${centre.body.id}`).expect(200);
      expect(read.body).toMatchObject({ id: centre.body.id, code: body.code });
      expect(await occupancy(t, t.adminToken, centre.body.id)).toMatchObject({ capacity: 3, occupied: 0, available: 3 });
    });

    it('refuses a second centre with the same code: 409 CODE_TAKEN, and creates nothing', async () => {
      const body = centreBody();
      await asAdmin(t).post('/api/v1/centres', body).expect(201);
      const response = await asAdmin(t).post('/api/v1/centres', { ...body, name: 'Another name' }).expect(409);
      expect(response.body).toMatchObject({ statusCode: 409, code: 'CODE_TAKEN' });
      const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM centres WHERE code = $1`, [body.code]);
      expect(row.n).toBe(1);
    });

    it('refuses an unknown kind with 400 VALIDATION_FAILED naming kind', async () => {
      const response = await asAdmin(t).post('/api/v1/centres', centreBody({ kind: 'prison' })).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(response.body.details.fields)).toEqual(['kind']);
    });

    it('refuses an unknown housing with 400 VALIDATION_FAILED naming housing', async () => {
      const centre = await createCentre(t, { units: [] });
      const response = await asAdmin(t).post(`/api/v1/centres/${centre.id}/units`, { name: 'Aile X', housing: 'dormitory' }).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(response.body.details.fields)).toEqual(['housing']);
      const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM units WHERE centre_id = $1`, [centre.id]);
      expect(row.n).toBe(0);
    });

    it('refuses staff creating centres, units or beds (403)', async () => {
      const centre = await createCentre(t, { units: [{ housing: 'men', beds: 1 }] });
      const staff = await userFor(t, 'staff', [centre.id]);
      expect((await as(t, staff).post('/api/v1/centres', centreBody()).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await as(t, staff).post(`/api/v1/centres/${centre.id}/units`, { name: 'Aile S', housing: 'men' }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await as(t, staff).post(`/api/v1/units/${centre.units[0].id}/beds`, { labels: ['S1'] }).expect(403)).body.code).toBe('FORBIDDEN');
      const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM beds WHERE centre_id = $1`, [centre.id]);
      expect(row.n).toBe(1);
    });
  });

  describe('beds in and out of service', () => {
    it('refuses to take an occupied bed out of service: 409 BED_OCCUPIED, and nothing changes', async () => {
      const centre = await createCentre(t, { units: [{ housing: 'men', beds: 2 }] });
      const staff = await userFor(t, 'staff', [centre.id]);
      const { stay } = await checkedIn(t, staff, centre.id);
      const before = await occupancy(t, staff, centre.id);
      for (const who of [staff.token, t.adminToken]) {
        const response = await as(t, who).patch(`/api/v1/beds/${stay.bedId}`, { inService: false }).expect(409);
        expect(response.body).toMatchObject({ statusCode: 409, code: 'BED_OCCUPIED' });
      }
      const [bed] = await t.dataSource.query(`SELECT in_service, occupied FROM beds WHERE id = $1`, [stay.bedId]);
      expect(bed).toEqual({ in_service: true, occupied: true });
      expect(await occupancy(t, staff, centre.id)).toEqual(before);
      const [audit] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'bed.update' AND entity_id = $1`, [stay.bedId]);
      expect(audit.n).toBe(0);
    });

    it('lets staff take a free bed out of service; a check-in to it then answers 409 BED_OUT_OF_SERVICE and allocation skips it', async () => {
      const centre = await createCentre(t, { units: [{ housing: 'men', beds: 1 }] });
      const staff = await userFor(t, 'staff', [centre.id]);
      const bedId = centre.units[0].bedIds[0];
      const patched = await as(t, staff).patch(`/api/v1/beds/${bedId}`, { inService: false }).expect(200);
      expect(patched.body).toMatchObject({ id: bedId, inService: false });
      const named = await checkIn(t, staff, centre.id, { person: newPerson(), bedId }).expect(409);
      expect(named.body.code).toBe('BED_OUT_OF_SERVICE');
      const allocated = await checkIn(t, staff, centre.id, { person: newPerson() }).expect(409);
      expect(allocated.body.code).toBe('NO_BED_AVAILABLE');
      expect(await occupancy(t, staff, centre.id)).toMatchObject({ capacity: 0, occupied: 0, available: 0 });
      // back in service, the bed takes people again
      await as(t, staff).patch(`/api/v1/beds/${bedId}`, { inService: true }).expect(200);
      const { stay } = await checkedIn(t, staff, centre.id, { person: newPerson(), bedId });
      expect(stay.bedId).toBe(bedId);
    });

    it('answers 404 for a bed of another centre, and 403 to a caseworker', async () => {
      const centre = await createCentre(t, { units: [{ housing: 'men', beds: 1 }] });
      const elsewhere = await createCentre(t, { units: [{ housing: 'men', beds: 1 }] });
      const otherStaff = await userFor(t, 'staff', [elsewhere.id]);
      const caseworker = await userFor(t, 'caseworker', [centre.id]);
      const bedId = centre.units[0].bedIds[0];
      expect((await as(t, otherStaff).patch(`/api/v1/beds/${bedId}`, { inService: false }).expect(404)).body.code).toBe('NOT_FOUND');
      await as(t, caseworker).patch(`/api/v1/beds/${bedId}`, { inService: false }).expect(403);
      expect((await as(t, t.adminToken).patch(`/api/v1/beds/${randomUUID()}`, { inService: false }).expect(404)).body.code).toBe('NOT_FOUND');
      const [bed] = await t.dataSource.query(`SELECT in_service FROM beds WHERE id = $1`, [bedId]);
      expect(bed.in_service).toBe(true);
    });

    it('refuses a non-boolean inService with 400', async () => {
      const centre = await createCentre(t, { units: [{ housing: 'men', beds: 1 }] });
      const response = await asAdmin(t).patch(`/api/v1/beds/${centre.units[0].bedIds[0]}`, { inService: 'false' }).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(response.body.details.fields)).toEqual(['inService']);
    });
  });

  describe('settings', () => {
    const settingsOf = async (id: string) =>
      (await t.dataSource.query(`SELECT max_stay_days, initial_authorisation_days, welfare_standard_minutes, welfare_heightened_minutes, welfare_constant_minutes, first_welfare_check_minutes FROM centres WHERE id = $1`, [id]))[0];

    it('lets an admin change a centre’s limits and welfare intervals, keeping the values before and after beside the audit event', async () => {
      const centre = await createCentre(t, { kind: 'removal', maxStayDays: 90, units: [] });
      const response = await asAdmin(t).patch(`/api/v1/centres/${centre.id}`, { maxStayDays: 60, welfareHeightenedMinutes: 120, firstWelfareCheckMinutes: 30 }).expect(200);
      expect(response.body).toMatchObject({ id: centre.id, maxStayDays: 60, welfareStandardMinutes: 1440, welfareHeightenedMinutes: 120, welfareConstantMinutes: 15, firstWelfareCheckMinutes: 30 });
      expect((await asAdmin(t).get(`/api/v1/centres/${centre.id}`).expect(200)).body).toMatchObject({ maxStayDays: 60, welfareHeightenedMinutes: 120 });
      const [change] = await t.dataSource.query(
        `SELECT c.changes, c.changed_by, e.action, e.entity_id FROM centre_setting_changes c JOIN audit_events e ON e.id = c.audit_event_id WHERE c.centre_id = $1`,
        [centre.id],
      );
      expect(change).toMatchObject({
        action: 'centre.settings_changed',
        entity_id: centre.id,
        changes: { maxStayDays: { before: 90, after: 60 }, welfareHeightenedMinutes: { before: 240, after: 120 }, firstWelfareCheckMinutes: { before: 60, after: 30 } },
      });
      // the same values again: nothing recorded
      await asAdmin(t).patch(`/api/v1/centres/${centre.id}`, { maxStayDays: 60 }).expect(200);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM centre_setting_changes WHERE centre_id = $1`, [centre.id]);
      expect(n).toBe(1);
    });

    it('refuses intervals that do not shorten as the level rises with 400 naming the field, not a 500, and changes nothing', async () => {
      const centre = await createCentre(t, { units: [] });
      const before = await settingsOf(centre.id);
      const constant = await asAdmin(t).patch(`/api/v1/centres/${centre.id}`, { welfareConstantMinutes: 300 }).expect(400);
      expect(constant.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: { welfareConstantMinutes: [expect.stringMatching(/constant ≤ heightened ≤ standard/)] } } });
      const heightened = await asAdmin(t).patch(`/api/v1/centres/${centre.id}`, { welfareHeightenedMinutes: 2000 }).expect(400);
      expect(Object.keys(heightened.body.details.fields)).toEqual(['welfareHeightenedMinutes']);
      const range = await asAdmin(t).patch(`/api/v1/centres/${centre.id}`, { maxStayDays: 0, firstWelfareCheckMinutes: 2000, code: 'X' }).expect(400);
      expect(range.body.code).toBe('VALIDATION_FAILED');
      expect(await settingsOf(centre.id)).toEqual(before);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'centre.settings_changed' AND entity_id = $1`, [centre.id]);
      expect(n).toBe(0);
    });

    it('lets only an admin change settings (403 to staff), and answers 404 for an unknown centre', async () => {
      const centre = await createCentre(t, { units: [] });
      const staff = await userFor(t, 'staff', [centre.id]);
      expect((await as(t, staff).patch(`/api/v1/centres/${centre.id}`, { maxStayDays: 5 }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await asAdmin(t).patch(`/api/v1/centres/${randomUUID()}`, { maxStayDays: 5 }).expect(404)).body.code).toBe('NOT_FOUND');
      expect((await settingsOf(centre.id)).max_stay_days).not.toBe(5);
    });
  });

  describe('why a bed is out of service', () => {
    it('stores the reason, words and expected return, shows them on the bed and in occupancy, and clears them back in service', async () => {
      const centre = await createCentre(t, { units: [{ housing: 'men', beds: 2 }] });
      const staff = await userFor(t, 'staff', [centre.id]);
      const bedId = centre.units[0].bedIds[1];
      const out = await as(t, staff).patch(`/api/v1/beds/${bedId}`, { inService: false, reason: 'repair', note: ' Broken frame ', expectedBackOn: '2031-01-15' }).expect(200);
      expect(out.body).toMatchObject({ id: bedId, inService: false, outOfService: { reason: 'repair', note: 'Broken frame', expectedBackOn: '2031-01-15' } });
      const seen = await occupancy(t, staff, centre.id);
      expect(seen).toMatchObject({ capacity: 1 });
      expect((seen.units[0] as unknown as { outOfService: unknown[] }).outOfService).toEqual([{ bedId, label: expect.any(String), reason: 'repair', expectedBackOn: '2031-01-15' }]);
      const back = await as(t, staff).patch(`/api/v1/beds/${bedId}`, { inService: true }).expect(200);
      expect(back.body).toMatchObject({ inService: true, outOfService: null });
      const [row] = await t.dataSource.query(`SELECT out_of_service_reason, out_of_service_note, expected_back_on FROM beds WHERE id = $1`, [bedId]);
      expect(row).toEqual({ out_of_service_reason: null, out_of_service_note: null, expected_back_on: null });
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'bed.update' AND entity_id = $1`, [bedId]);
      expect(n).toBe(2);
    });

    it('takes {inService: false} alone as the reason other', async () => {
      const centre = await createCentre(t, { units: [{ housing: 'men', beds: 1 }] });
      const out = await asAdmin(t).patch(`/api/v1/beds/${centre.units[0].bedIds[0]}`, { inService: false }).expect(200);
      expect(out.body.outOfService).toEqual({ reason: 'other', note: null, expectedBackOn: null });
    });

    it('refuses an unknown reason, a malformed date, and a reason for a bed put back, with 400 and nothing changed', async () => {
      const centre = await createCentre(t, { units: [{ housing: 'men', beds: 1 }] });
      const bedId = centre.units[0].bedIds[0];
      expect(Object.keys((await asAdmin(t).patch(`/api/v1/beds/${bedId}`, { inService: false, reason: 'flood' }).expect(400)).body.details.fields)).toEqual(['reason']);
      expect(Object.keys((await asAdmin(t).patch(`/api/v1/beds/${bedId}`, { inService: false, expectedBackOn: '2031-02-30' }).expect(400)).body.details.fields)).toEqual(['expectedBackOn']);
      expect((await asAdmin(t).patch(`/api/v1/beds/${bedId}`, { inService: true, reason: 'repair' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      const [row] = await t.dataSource.query(`SELECT in_service, out_of_service_reason FROM beds WHERE id = $1`, [bedId]);
      expect(row).toEqual({ in_service: true, out_of_service_reason: null });
    });

    it('still refuses an occupied bed with 409 BED_OCCUPIED, whatever the reason given', async () => {
      const centre = await createCentre(t, { units: [{ housing: 'men', beds: 1 }] });
      const staff = await userFor(t, 'staff', [centre.id]);
      const { stay } = await checkedIn(t, staff, centre.id);
      expect((await as(t, staff).patch(`/api/v1/beds/${stay.bedId}`, { inService: false, reason: 'cleaning' }).expect(409)).body.code).toBe('BED_OCCUPIED');
      const [row] = await t.dataSource.query(`SELECT in_service, out_of_service_reason FROM beds WHERE id = $1`, [stay.bedId]);
      expect(row).toEqual({ in_service: true, out_of_service_reason: null });
    });
  });

  describe('occupancy', () => {
    it('counts capacity as beds in service, and occupied and available beds, per unit', async () => {
      const centre = await createCentre(t, { units: [{ name: 'A men', housing: 'men', beds: 3 }, { name: 'B women', housing: 'women', beds: 2 }, { name: 'C empty', housing: 'mixed', beds: 0 }] });
      const staff = await userFor(t, 'staff', [centre.id]);
      const [men, women, empty] = centre.units;
      await as(t, staff).patch(`/api/v1/beds/${men.bedIds[2]}`, { inService: false }).expect(200);
      await checkedIn(t, staff, centre.id, { person: newPerson({ sex: 'male' }) });
      await checkedIn(t, staff, centre.id, { person: newPerson({ sex: 'female' }) });
      await checkedIn(t, staff, centre.id, { person: newPerson({ sex: 'male' }) });
      const body = await occupancy(t, staff, centre.id);
      expect(body).toMatchObject({ capacity: 4, occupied: 3, available: 1 });
      const byId = Object.fromEntries(body.units.map((unit) => [unit.id, unit]));
      expect(byId[men.id]).toMatchObject({ name: 'A men', capacity: 2, occupied: 2 });
      expect(byId[women.id]).toMatchObject({ name: 'B women', capacity: 2, occupied: 1 });
      expect(byId[empty.id]).toMatchObject({ capacity: 0, occupied: 0 });
      expect(body.units).toHaveLength(3);
    });

    it('lets a funder read the capacity of any centre, with no person in it and no live count of people', async () => {
      const centre = await createCentre(t, { units: [{ housing: 'men', beds: 2 }, { housing: 'mixed', beds: 6 }] });
      const staff = await userFor(t, 'staff', [centre.id]);
      const { person } = await checkedIn(t, staff, centre.id, { person: newPerson({ familyName: 'Karimi' }) });
      const funder = await userFor(t, 'funder', []);
      const response = await as(t, funder).get(`/api/v1/centres/${centre.id}/occupancy`).expect(200);
      // Who is here tonight, even as "<5", would tell each arrival and departure as it happens: funders read published months.
      expect(response.body).toMatchObject({ capacity: 8, occupied: null, available: null });
      expect(response.body.units.map((unit: { capacity: number; occupied: unknown }) => [unit.capacity, unit.occupied])).toEqual([[2, null], [6, null]]);
      const staffView = await as(t, staff).get(`/api/v1/centres/${centre.id}/occupancy`).expect(200);
      expect(staffView.body).toMatchObject({ capacity: 8, occupied: 1, available: 7 });
      for (let i = 0; i < 5; i++) await checkedIn(t, staff, centre.id, { person: newPerson() });
      const six = await as(t, funder).get(`/api/v1/centres/${centre.id}/occupancy`).expect(200);
      expect(six.body).toEqual(response.body);
      expect(JSON.stringify(response.body)).not.toMatch(new RegExp(`${person.id}|Karimi|stay`, 'i'));
      const listed = await as(t, funder).get('/api/v1/centres?limit=500').expect(200);
      expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(centre.id);
      await as(t, funder).get(`/api/v1/centres/${centre.id}`).expect(200);
    });

    it('answers 404 to staff of another centre, 403 to a caseworker or an auditor', async () => {
      const centre = await createCentre(t, { units: [{ housing: 'men', beds: 1 }] });
      const elsewhere = await createCentre(t, { units: [{ housing: 'men', beds: 1 }] });
      const otherStaff = await userFor(t, 'staff', [elsewhere.id]);
      expect((await as(t, otherStaff).get(`/api/v1/centres/${centre.id}/occupancy`).expect(404)).body.code).toBe('NOT_FOUND');
      await as(t, otherStaff).get(`/api/v1/centres/${centre.id}`).expect(404);
      const listed = await as(t, otherStaff).get('/api/v1/centres').expect(200);
      expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([elsewhere.id]);
      await as(t, await userFor(t, 'caseworker', [centre.id])).get(`/api/v1/centres/${centre.id}/occupancy`).expect(403);
      await as(t, await userFor(t, 'auditor', [])).get(`/api/v1/centres/${centre.id}/occupancy`).expect(403);
    });

    it('answers 404 for an unknown or malformed centre id', async () => {
      await asAdmin(t).get(`/api/v1/centres/${randomUUID()}/occupancy`).expect(404);
      const malformed = await asAdmin(t).get('/api/v1/centres/not-a-uuid/occupancy').expect(404);
      expect(malformed.body.code).toBe('NOT_FOUND');
    });
  });

  // Regression (fixed): a NUL character in any string reaches PostgreSQL, which refuses it, and the API answers 500.
  it('refuses a NUL character in a centre name with 400, not 500', async () => {
    const response = await asAdmin(t).post('/api/v1/centres', centreBody({ name: 'CRA\u0000Lille' }));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });
});
