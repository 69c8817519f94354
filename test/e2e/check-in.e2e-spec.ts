import { randomUUID } from 'node:crypto';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { as, bedOf, bornYearsAgo, checkIn, checkedIn, counts, DAY_MS, fromNow, HOUR_MS, household, newChild, occupancy } from '../support/stays-fixtures.js';
import { responseValidator, type ResponseValidator } from '../support/openapi.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const ms = (iso: string) => Date.parse(iso);

/** Every code of the contract a refused check-in may answer with. */
const CONTRACT_CODES = ['VALIDATION_FAILED', 'MALFORMED_REQUEST', 'NOT_FOUND', 'NO_BED_AVAILABLE', 'BED_OCCUPIED', 'BED_OUT_OF_SERVICE', 'PERSON_ALREADY_IN_CENTRE', 'MINOR_NOT_ALLOWED', 'HOUSING_MISMATCH', 'PAYLOAD_TOO_LARGE'];

describe('check-in', () => {
  let t: TestApp;
  let validator: ResponseValidator;

  beforeAll(async () => {
    t = await startTestApp();
    validator = await responseValidator(t.http);
  });
  afterAll(() => t.close());

  /** A fresh centre and a member of its staff. */
  async function centreWithStaff(spec: Parameters<typeof createCentre>[1]) {
    const centre = await createCentre(t, spec);
    const staff = await userFor(t, 'staff', [centre.id]);
    return { centre, staff };
  }

  describe('the answer and the clocks', () => {
    it('answers 201 with the stay, person, case and possible duplicates the contract names', async () => {
      const { centre, staff } = await centreWithStaff({ kind: 'reception', maxStayDays: 7, units: [{ housing: 'men', beds: 2 }] });
      const before = Date.now();
      const response = await checkIn(t, staff, centre.id, { person: newPerson() }).expect(201);
      validator.check(response);
      const body = response.body;
      expect(Object.keys(body).sort()).toEqual(['case', 'person', 'possibleDuplicates', 'stay']);
      expect(body.stay).toMatchObject({
        id: expect.stringMatching(UUID),
        bedId: expect.stringMatching(UUID),
        checkedInAt: expect.stringMatching(ISO),
        legalLimitAt: expect.stringMatching(ISO),
        authorisedUntil: null,
      });
      expect(centre.units[0].bedIds).toContain(body.stay.bedId);
      expect(body.person).toEqual({ id: expect.stringMatching(UUID) });
      expect(body.case).toEqual({ id: expect.stringMatching(UUID) });
      expect(body.possibleDuplicates).toEqual([]);
      // no checkedInAt given: now
      expect(ms(body.stay.checkedInAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(ms(body.stay.checkedInAt)).toBeLessThanOrEqual(Date.now() + 1000);
      expect(ms(body.stay.legalLimitAt) - ms(body.stay.checkedInAt)).toBe(7 * DAY_MS);
      const [row] = await t.dataSource.query(`SELECT person_id, case_id, bed_id, checked_out_at FROM stays WHERE id = $1`, [body.stay.id]);
      expect(row).toEqual({ person_id: body.person.id, case_id: body.case.id, bed_id: body.stay.bedId, checked_out_at: null });
    });

    it('sets legalLimitAt from the centre’s maxStayDays and authorisedUntil 4 days on in a removal centre', async () => {
      const { centre, staff } = await centreWithStaff({ kind: 'removal', maxStayDays: 90, units: [{ housing: 'men', beds: 1 }] });
      const { stay } = await checkedIn(t, staff, centre.id);
      expect(ms(stay.legalLimitAt) - ms(stay.checkedInAt)).toBe(90 * DAY_MS);
      expect(stay.authorisedUntil).toMatch(ISO);
      expect(ms(stay.authorisedUntil!) - ms(stay.checkedInAt)).toBe(4 * DAY_MS);
    });

    it('has no authorisedUntil in a reception centre, and follows a configured maxStayDays', async () => {
      const { centre, staff } = await centreWithStaff({ kind: 'reception', maxStayDays: 12, units: [{ housing: 'men', beds: 1 }] });
      const { stay } = await checkedIn(t, staff, centre.id);
      expect(stay.authorisedUntil).toBeNull();
      expect(ms(stay.legalLimitAt) - ms(stay.checkedInAt)).toBe(12 * DAY_MS);
    });

    it('accepts a checkedInAt in the past and counts the clocks from it', async () => {
      const { centre, staff } = await centreWithStaff({ kind: 'removal', units: [{ housing: 'men', beds: 1 }] });
      const at = new Date(Date.now() - 5 * HOUR_MS);
      at.setUTCMilliseconds(0);
      const { stay } = await checkedIn(t, staff, centre.id, { person: newPerson(), checkedInAt: at.toISOString() });
      expect(ms(stay.checkedInAt)).toBe(at.getTime());
      expect(ms(stay.legalLimitAt)).toBe(at.getTime() + 90 * DAY_MS);
      expect(ms(stay.authorisedUntil!)).toBe(at.getTime() + 4 * DAY_MS);
      const [row] = await t.dataSource.query(`SELECT checked_in_at FROM stays WHERE id = $1`, [stay.id]);
      expect(row.checked_in_at.getTime()).toBe(at.getTime());
    });

    it('refuses a checkedInAt in the future with 400 naming checkedInAt, and creates nothing', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 1 }] });
      const before = await counts(t);
      const response = await checkIn(t, staff, centre.id, { person: newPerson(), checkedInAt: fromNow(2 * HOUR_MS) }).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(response.body.details.fields)).toEqual(['checkedInAt']);
      expect(await counts(t)).toEqual(before);
    });

    it('marks a stay for age assessment when the date of birth is estimated or the age disputed, and not otherwise', async () => {
      // Someone who says they are a minor is housed as one: in a family unit of their own.
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 3 }, { housing: 'families', beds: 2 }] });
      const estimated = await checkedIn(t, staff, centre.id, { person: newPerson({ dobEstimated: true }) });
      expect(estimated.stay.ageAssessmentRequired).toBe(true);
      const known = await checkedIn(t, staff, centre.id, { person: newPerson({ dobEstimated: false }) });
      expect(known.stay.ageAssessmentRequired).toBe(false);
      const disputed = await checkedIn(t, staff, centre.id, { person: newPerson({ ageDisputed: true }) });
      expect(disputed.stay.ageAssessmentRequired).toBe(true);
      const read = await as(t, staff).get(`/api/v1/stays/${estimated.stay.id}`).expect(200);
      expect(read.body.ageAssessmentRequired).toBe(true);
    });
  });

  describe('refused requests', () => {
    it.each([
      ['both person and personId', () => ({ person: newPerson(), personId: randomUUID() })],
      ['neither person nor personId', () => ({})],
      ['a null person and no personId', () => ({ person: null })],
    ])('refuses %s with 400 VALIDATION_FAILED, and creates nothing', async (_, body) => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 1 }] });
      const before = await counts(t);
      const response = await checkIn(t, staff, centre.id, body()).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(response.body.details.fields).some((field) => field === 'person' || field === 'personId')).toBe(true);
      expect(await counts(t)).toEqual(before);
    });

    it('answers 404 for an unknown centre and for a malformed centre id in the path', async () => {
      const staff = await userFor(t, 'staff', []);
      const before = await counts(t);
      expect((await checkIn(t, staff, randomUUID(), { person: newPerson() }).expect(404)).body.code).toBe('NOT_FOUND');
      for (const id of ['not-a-uuid', '12345', `${randomUUID()}x`]) {
        expect((await checkIn(t, staff, id, { person: newPerson() }).expect(404)).body.code).toBe('NOT_FOUND');
      }
      expect(await counts(t)).toEqual(before);
    });

    it('answers 404 for a centre that exists but is not the staff member’s', async () => {
      const { centre } = await centreWithStaff({ units: [{ housing: 'men', beds: 1 }] });
      const { staff: otherStaff } = await centreWithStaff({ units: [{ housing: 'men', beds: 1 }] });
      expect((await checkIn(t, otherStaff, centre.id, { person: newPerson() }).expect(404)).body.code).toBe('NOT_FOUND');
    });

    it('refuses a malformed bedId in the body with 400 naming bedId', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 1 }] });
      const response = await checkIn(t, staff, centre.id, { person: newPerson(), bedId: 'bed-1' }).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(response.body.details.fields)).toEqual(['bedId']);
    });

    it('answers 404 for a bed of another centre, and creates nothing', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 1 }] });
      const elsewhere = await createCentre(t, { units: [{ housing: 'men', beds: 1 }] });
      const before = await counts(t);
      const response = await checkIn(t, staff, centre.id, { person: newPerson(), bedId: elsewhere.units[0].bedIds[0] }).expect(404);
      expect(response.body.code).toBe('NOT_FOUND');
      expect(await counts(t)).toEqual(before);
    });

    it('refuses a person under 18 in a removal centre with 409 MINOR_NOT_ALLOWED, and creates nothing', async () => {
      const { centre, staff } = await centreWithStaff({ kind: 'removal', units: [{ housing: 'men', beds: 2 }, { housing: 'families', beds: 2 }] });
      const before = await counts(t);
      const response = await checkIn(t, staff, centre.id, { person: newPerson({ dateOfBirth: bornYearsAgo(17) }) }).expect(409);
      expect(response.body.code).toBe('MINOR_NOT_ALLOWED');
      validator.check(response);
      expect(await counts(t)).toEqual(before);
      // the day after their 18th birthday, the same person may be placed
      await checkedIn(t, staff, centre.id, { person: newPerson({ dateOfBirth: bornYearsAgo(18) }) });
    });

    it('refuses a known person who already has an open stay with 409 PERSON_ALREADY_IN_CENTRE', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 2 }] });
      const first = await checkedIn(t, staff, centre.id);
      const response = await checkIn(t, staff, centre.id, { personId: first.person.id }).expect(409);
      expect(response.body.code).toBe('PERSON_ALREADY_IN_CENTRE');
      validator.check(response);
    });

    it('answers 409 NO_BED_AVAILABLE when the centre is full, and creates nothing', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 1 }] });
      await checkedIn(t, staff, centre.id);
      const before = await counts(t);
      const response = await checkIn(t, staff, centre.id, { person: newPerson() }).expect(409);
      expect(response.body.code).toBe('NO_BED_AVAILABLE');
      validator.check(response);
      expect(await counts(t)).toEqual(before);
    });

    it('answers 409 BED_OCCUPIED for a named bed that holds someone', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 2 }] });
      const { stay } = await checkedIn(t, staff, centre.id);
      const response = await checkIn(t, staff, centre.id, { person: newPerson(), bedId: stay.bedId }).expect(409);
      expect(response.body.code).toBe('BED_OCCUPIED');
      validator.check(response);
    });

    it('refuses caseworkers, funders and admins (403)', async () => {
      const { centre } = await centreWithStaff({ units: [{ housing: 'men', beds: 1 }] });
      for (const role of ['caseworker', 'funder', 'admin'] as const) {
        const user = role === 'admin' ? t.adminToken : await userFor(t, role, [centre.id]);
        expect((await checkIn(t, user, centre.id, { person: newPerson() }).expect(403)).body.code).toBe('FORBIDDEN');
      }
    });
  });

  describe('placement', () => {
    it('refuses a woman on a named bed of a men unit with 409 HOUSING_MISMATCH', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 1 }, { housing: 'women', beds: 1 }] });
      const before = await counts(t);
      const response = await checkIn(t, staff, centre.id, { person: newPerson({ sex: 'female' }), bedId: centre.units[0].bedIds[0] }).expect(409);
      expect(response.body.code).toBe('HOUSING_MISMATCH');
      expect(await counts(t)).toEqual(before);
    });

    it('places a woman without a household in a women or mixed unit, never a men unit', async () => {
      const { centre, staff } = await centreWithStaff({
        units: [
          { name: 'A men', housing: 'men', beds: 4 },
          { name: 'B women', housing: 'women', beds: 2 },
          { name: 'C mixed', housing: 'mixed', beds: 1 },
        ],
      });
      const housings = [];
      for (let i = 0; i < 3; i++) {
        const { stay } = await checkedIn(t, staff, centre.id, { person: newPerson({ sex: 'female' }) });
        housings.push((await bedOf(t, stay.bedId)).housing);
      }
      expect(housings.sort()).toEqual(['mixed', 'women', 'women']);
      // women and mixed units full, men beds free: no bed for a woman
      const refused = await checkIn(t, staff, centre.id, { person: newPerson({ sex: 'female' }) }).expect(409);
      expect(refused.body.code).toBe('NO_BED_AVAILABLE');
      const men = (await occupancy(t, staff, centre.id)).units.find((unit) => unit.name === 'A men');
      expect(men).toMatchObject({ capacity: 4, occupied: 0 });
    });

    it('places a household of four together, on consecutive beds of one family unit', async () => {
      const { centre, staff } = await centreWithStaff({
        units: [
          { name: 'A men', housing: 'men', beds: 2 },
          { name: 'F small', housing: 'families', beds: 3 },
          { name: 'F large', housing: 'families', beds: 6 },
        ],
      });
      const householdId = await household(t, staff, 'Famille H.');
      const members = [newPerson({ sex: 'male' }), newPerson({ sex: 'female' }), newChild({ sex: 'female' }), newChild({ sex: 'male', dateOfBirth: bornYearsAgo(4) })];
      const stays = [];
      for (const person of members) stays.push((await checkedIn(t, staff, centre.id, { person, householdId })).stay);
      expect(stays.every((stay) => stay.householdId === householdId)).toBe(true);
      const beds = await Promise.all(stays.map((stay) => bedOf(t, stay.bedId)));
      expect(new Set(beds.map((bed) => bed.unitId)).size).toBe(1);
      expect(beds[0].housing).toBe('families');
      const positions = beds.map((bed) => bed.position);
      expect(positions).toEqual([positions[0], positions[0] + 1, positions[0] + 2, positions[0] + 3]);
      const units = (await occupancy(t, staff, centre.id)).units;
      expect(units.find((unit) => unit.id === beds[0].unitId)).toMatchObject({ occupied: 4 });
      expect(units.filter((unit) => unit.id !== beds[0].unitId).every((unit) => unit.occupied === 0)).toBe(true);
    });

    it('never places a second household in the first household’s family unit', async () => {
      const { centre, staff } = await centreWithStaff({
        units: [
          { name: 'F large', housing: 'families', beds: 6 },
          { name: 'F small', housing: 'families', beds: 2 },
        ],
      });
      const first = await household(t, staff);
      const second = await household(t, staff);
      const a = await checkedIn(t, staff, centre.id, { person: newPerson({ sex: 'female' }), householdId: first });
      await checkedIn(t, staff, centre.id, { person: newChild(), householdId: first });
      const b = await checkedIn(t, staff, centre.id, { person: newPerson({ sex: 'male' }), householdId: second });
      const firstUnit = (await bedOf(t, a.stay.bedId)).unitId;
      expect((await bedOf(t, b.stay.bedId)).unitId).not.toBe(firstUnit);
      // a named bed in the first household's unit is refused to the second household
      const freeInFirst = centre.units[0].bedIds.at(-1)!;
      const named = await checkIn(t, staff, centre.id, { person: newChild(), householdId: second, bedId: freeInFirst }).expect(409);
      expect(named.body.code).toBe('HOUSING_MISMATCH');
      // a third household finds no family unit of its own, though the first has free beds
      const third = await household(t, staff);
      const refused = await checkIn(t, staff, centre.id, { person: newPerson(), householdId: third }).expect(409);
      expect(refused.body.code).toBe('NO_BED_AVAILABLE');
    });

    it('never houses a child with an unrelated adult', async () => {
      const { centre, staff } = await centreWithStaff({
        units: [
          { name: 'A mixed', housing: 'mixed', beds: 3 },
          { name: 'F one', housing: 'families', beds: 3 },
          { name: 'F two', housing: 'families', beds: 3 },
        ],
      });
      // a child travelling alone is given a family unit of their own
      const child = await checkedIn(t, staff, centre.id, { person: newChild({ sex: 'male' }) });
      const childBed = await bedOf(t, child.stay.bedId);
      expect(childBed.housing).toBe('families');
      expect(child.stay.householdId).toEqual(expect.stringMatching(UUID));
      // adults go elsewhere, with or without a household
      const adult = await checkedIn(t, staff, centre.id, { person: newPerson({ sex: 'male' }) });
      expect((await bedOf(t, adult.stay.bedId)).unitId).not.toBe(childBed.unitId);
      const family = await household(t, staff);
      const parent = await checkedIn(t, staff, centre.id, { person: newPerson({ sex: 'female' }), householdId: family });
      expect((await bedOf(t, parent.stay.bedId)).unitId).not.toBe(childBed.unitId);
      // naming a bed does not get round it, either way
      const freeNextToChild = centre.units[1].bedIds.find((id) => id !== child.stay.bedId)!;
      expect((await checkIn(t, staff, centre.id, { person: newPerson(), bedId: freeNextToChild }).expect(409)).body.code).toBe('HOUSING_MISMATCH');
      expect((await checkIn(t, staff, centre.id, { person: newChild(), bedId: centre.units[0].bedIds[2] }).expect(409)).body.code).toBe('HOUSING_MISMATCH');
      // a second lone child is not put with the first one
      const secondChild = await checkIn(t, staff, centre.id, { person: newChild() });
      if (secondChild.status === 201) expect((await bedOf(t, secondChild.body.stay.bedId)).unitId).not.toBe(childBed.unitId);
      else expect(secondChild.body.code).toBe('NO_BED_AVAILABLE');
      // and in the database: no unit holds a minor with an adult of another household
      const [mixing] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM stays m JOIN people mp ON mp.id = m.person_id
           JOIN stays a ON a.unit_id = m.unit_id AND a.id <> m.id AND a.checked_out_at IS NULL
           JOIN people ap ON ap.id = a.person_id
          WHERE m.centre_id = $1 AND m.checked_out_at IS NULL
            AND mp.date_of_birth > (now() - interval '18 years')::date
            AND ap.date_of_birth <= (now() - interval '18 years')::date
            AND a.household_id IS DISTINCT FROM m.household_id`,
        [centre.id],
      );
      expect(mixing.n).toBe(0);
    });
  });

  describe('what a check-in links and opens', () => {
    it('links the stay to its interception, and answers 404 for an unknown interception', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 2 }] });
      const interception = await as(t, staff)
        .post('/api/v1/interceptions', { occurredAt: fromNow(-6 * HOUR_MS), location: 'Gravelines, plage du Clipon', agency: 'Police aux frontières', groupSize: 42 })
        .expect(201);
      const { stay } = await checkedIn(t, staff, centre.id, { person: newPerson(), interceptionId: interception.body.id });
      expect(stay.interceptionId).toBe(interception.body.id);
      const [row] = await t.dataSource.query(`SELECT interception_id FROM stays WHERE id = $1`, [stay.id]);
      expect(row.interception_id).toBe(interception.body.id);
      const before = await counts(t);
      const unknown = await checkIn(t, staff, centre.id, { person: newPerson(), interceptionId: randomUUID() }).expect(404);
      expect(unknown.body.code).toBe('NOT_FOUND');
      expect(await counts(t)).toEqual(before);
    });

    it('opens a case with each check-in: status open, and its first history row', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 2 }] });
      const before = await counts(t);
      const body = await checkedIn(t, staff, centre.id);
      const [opened] = await t.dataSource.query(`SELECT person_id, centre_id, status FROM cases WHERE id = $1`, [body.case.id]);
      expect(opened).toEqual({ person_id: body.person.id, centre_id: centre.id, status: 'open' });
      const history = await t.dataSource.query(`SELECT from_status, to_status FROM case_status_changes WHERE case_id = $1`, [body.case.id]);
      expect(history).toEqual([{ from_status: null, to_status: 'open' }]);
      expect(body.stay.caseId).toBe(body.case.id);
      const after = await counts(t);
      expect(after.cases - before.cases).toBe(1);
      expect(after.stays - before.stays).toBe(1);
      const [audit] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'stay.create' AND entity_id = $1`, [body.stay.id]);
      expect(audit.n).toBe(1);
    });
  });

  describe('bad input never answers 500', () => {
    const valid = () => newPerson();
    const cases: [string, () => unknown][] = [
      ['person as a string', () => ({ person: 'Ali Hosseini' })],
      ['person as an array', () => ({ person: [valid()] })],
      ['person as a number', () => ({ person: 42 })],
      ['familyName as an object', () => ({ person: { ...valid(), familyName: { $ne: null } } })],
      ['familyName of 100 000 characters', () => ({ person: { ...valid(), familyName: 'x'.repeat(100_000) } })],
      ['givenNames empty', () => ({ person: { ...valid(), givenNames: '' } })],
      ['nationalities as a string', () => ({ person: { ...valid(), nationalities: 'AFG' } })],
      ['nationalities with 500 codes', () => ({ person: { ...valid(), nationalities: Array(500).fill('AFG') } })],
      ['languages holding objects', () => ({ person: { ...valid(), languages: [{}, []] } })],
      ['aliases of 5000 names', () => ({ person: { ...valid(), aliases: Array(5000).fill('alias') } })],
      ['dateOfBirth as a number', () => ({ person: { ...valid(), dateOfBirth: 19900101 } })],
      ['dateOfBirth not a real day', () => ({ person: { ...valid(), dateOfBirth: '1990-02-30' } })],
      ['dateOfBirth in the future', () => ({ person: { ...valid(), dateOfBirth: '2999-01-01' } })],
      ['dateOfBirth 300 years ago', () => ({ person: { ...valid(), dateOfBirth: '1700-01-01' } })],
      ['dobEstimated as a string', () => ({ person: { ...valid(), dobEstimated: 'yes' } })],
      ['sex unknown to the contract', () => ({ person: { ...valid(), sex: 'robot' } })],
      ['a missing required field', () => ({ person: { ...valid(), sex: undefined } })],
      ['nested garbage in person', () => ({ person: { ...valid(), extra: { a: [1, { b: null }], c: { d: { e: 'f' } } } } })],
      ['an unknown top-level field', () => ({ person: valid(), isAdmin: true })],
      ['checkedInAt as an object', () => ({ person: valid(), checkedInAt: {} })],
      ['checkedInAt as an array', () => ({ person: valid(), checkedInAt: ['2026-01-01T00:00:00Z'] })],
      ['checkedInAt as a huge number', () => ({ person: valid(), checkedInAt: 1e300 })],
      ['checkedInAt as words', () => ({ person: valid(), checkedInAt: 'yesterday evening' })],
      ['checkedInAt a year ago', () => ({ person: valid(), checkedInAt: fromNow(-365 * DAY_MS) })],
      ['bedId as an array', () => ({ person: valid(), bedId: [randomUUID()] })],
      ['bedId as a number', () => ({ person: valid(), bedId: 7 })],
      ['personId as an object', () => ({ personId: { id: randomUUID() } })],
      ['an unknown personId', () => ({ personId: randomUUID() })],
      ['an unknown householdId', () => ({ person: valid(), householdId: randomUUID() })],
      ['householdId malformed', () => ({ person: valid(), householdId: "1' OR '1'='1" })],
      ['a body that is an array', () => [valid()]],
    ];

    it.each(cases)('answers %s with a 4xx and a contract code, and creates nothing', async (_, body) => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 1 }, { housing: 'families', beds: 1 }] });
      const before = await counts(t);
      const response = await as(t, staff).post(`/api/v1/centres/${centre.id}/check-ins`, body());
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.body).toEqual({ statusCode: response.status, code: expect.any(String), message: expect.any(String), details: expect.any(Object) });
      expect(CONTRACT_CODES).toContain(response.body.code);
      expect(await counts(t)).toEqual(before);
    });

    it.each([
      ['JSON nested 100 levels deep', () => `{"person":${'{"a":'.repeat(100)}1${'}'.repeat(101)}`],
      ['truncated JSON', () => '{"person": {"familyName": "Hosseini"'],
      ['null', () => 'null'],
      ['a bare string', () => '"check me in"'],
    ])('answers a raw body of %s with 400', async (_, text) => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 1 }] });
      const response = await as(t, staff).postRaw(`/api/v1/centres/${centre.id}/check-ins`, text());
      expect(response.status).toBe(400);
      expect(['VALIDATION_FAILED', 'MALFORMED_REQUEST']).toContain(response.body.code);
    });

    // Regression (fixed): a JSON body nested a few thousand levels deep (30 kB, well under the 1 MB limit) is parsed,
    // then class-transformer recurses into it inside the validation pipe and overflows the stack:
    // RangeError, 500 INTERNAL_ERROR. Every JSON endpoint is affected (POST /users too).
    it.each([
      ['an object', `{"person":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_001)}`],
      ['an array', `{"personId":${'['.repeat(10_000)}1${']'.repeat(10_000)}}`],
    ])('answers JSON nested 10 000 levels deep in %s with 400, not 500', async (_, text) => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 1 }] });
      const response = await as(t, staff).postRaw(`/api/v1/centres/${centre.id}/check-ins`, text);
      expect(response.status).toBe(400);
      expect(['VALIDATION_FAILED', 'MALFORMED_REQUEST']).toContain(response.body.code);
    });

    // Regression (fixed): PostgreSQL refuses U+0000 in text ("invalid byte sequence for encoding UTF8: 0x00"); the
    // string passes validation and the check-in answers 500 INTERNAL_ERROR.
    it('refuses a NUL character in a name with 400 VALIDATION_FAILED', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 1 }] });
      const response = await checkIn(t, staff, centre.id, { person: newPerson({ familyName: 'Hoss\u0000eini' }) });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    });

    // Regression (fixed): a name of spaces passes @MinLength(1), is then trimmed and stored as '' in the register.
    it('refuses a family name made only of spaces with 400 naming person.familyName', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 1 }] });
      const before = await counts(t);
      const response = await checkIn(t, staff, centre.id, { person: newPerson({ familyName: '   ' }) });
      expect(response.status).toBe(400);
      expect(Object.keys(response.body.details.fields)).toContain('person.familyName');
      expect(await counts(t)).toEqual(before);
    });
  });

  // Regression (fixed): a check-in recorded late (checkedInAt in the past) is given the first free bed; when that
  // bed's previous stay ended after checkedInAt, the database's no-overlap constraint refuses it, the
  // retry picks the same bed again, and after 5 tries the answer is NO_BED_AVAILABLE although other
  // beds were free all along.
  it('places a late-recorded check-in on a bed that was free over the whole period', async () => {
    const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 3 }] });
    const earlier = await checkedIn(t, staff, centre.id);
    await as(t, staff).post(`/api/v1/stays/${earlier.stay.id}/check-out`, { reason: 'released_by_court' }).expect(200);
    const response = await checkIn(t, staff, centre.id, { person: newPerson(), checkedInAt: fromNow(-2 * HOUR_MS) });
    expect(response.status).toBe(201);
    expect(response.body.stay.bedId).not.toBe(earlier.stay.bedId);
  });
});
