import { randomUUID } from 'node:crypto';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { as, auditOf, checkIn, checkedIn } from '../support/stays-fixtures.js';
import { responseValidator, type ResponseValidator } from '../support/openapi.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('people: duplicates, search and reads', () => {
  let t: TestApp;
  let validator: ResponseValidator;

  beforeAll(async () => {
    t = await startTestApp();
    validator = await responseValidator(t.http);
  });
  afterAll(() => t.close());

  /** A fresh centre, so that duplicates and search see only this test's people. */
  async function centreWithStaff() {
    const centre = await createCentre(t, { units: [{ housing: 'men', beds: 6 }, { housing: 'women', beds: 4 }] });
    const staff = await userFor(t, 'staff', [centre.id]);
    return { centre, staff };
  }

  describe('possible duplicates at check-in', () => {
    it('offers Mohammad Hosseini as a possible duplicate of Muhammad Husseini born the same day', async () => {
      const { centre, staff } = await centreWithStaff();
      const first = await checkedIn(t, staff, centre.id, { person: newPerson({ givenNames: 'Mohammad', familyName: 'Hosseini', dateOfBirth: '1990-01-01' }) });
      const answer = await checkIn(t, staff, centre.id, { person: newPerson({ givenNames: 'Muhammad', familyName: 'Husseini', dateOfBirth: '1990-01-01' }) }).expect(201);
      validator.check(answer);
      const second = answer.body as Awaited<ReturnType<typeof checkedIn>>;
      const match = second.possibleDuplicates.find((duplicate) => duplicate.personId === first.person.id);
      expect(match).toBeDefined();
      expect(match!.score).toBeGreaterThanOrEqual(0.5);
      expect(match!.score).toBeLessThanOrEqual(1);
      expect(second.possibleDuplicates.some((duplicate) => duplicate.personId === second.person.id)).toBe(false);
    });

    it('offers Tesfay as a possible duplicate of Tesfaye', async () => {
      const { centre, staff } = await centreWithStaff();
      const first = await checkedIn(t, staff, centre.id, { person: newPerson({ givenNames: 'Tesfay', familyName: 'Gebremedhin', dateOfBirth: '1998-06-15', nationalities: ['ERI'], languages: ['ti'] }) });
      const second = await checkedIn(t, staff, centre.id, { person: newPerson({ givenNames: 'Tesfaye', familyName: 'Gebremedhin', dateOfBirth: '1998-06-15', nationalities: ['ERI'], languages: ['ti'] }) });
      const match = second.possibleDuplicates.find((duplicate) => duplicate.personId === first.person.id);
      expect(match?.score).toBeGreaterThanOrEqual(0.5);
    });

    it('offers no duplicate for an unrelated name, even born the same day', async () => {
      const { centre, staff } = await centreWithStaff();
      await checkedIn(t, staff, centre.id, { person: newPerson({ givenNames: 'Mohammad', familyName: 'Hosseini', dateOfBirth: '1990-01-01' }) });
      const other = await checkedIn(t, staff, centre.id, { person: newPerson({ givenNames: 'Amina', familyName: 'Okonkwo', sex: 'female', dateOfBirth: '1990-01-01' }) });
      expect(other.possibleDuplicates).toEqual([]);
    });

    it('never offers a duplicate from a centre the staff member does not work in', async () => {
      const { centre, staff } = await centreWithStaff();
      const elsewhere = await centreWithStaff();
      await checkedIn(t, elsewhere.staff, elsewhere.centre.id, { person: newPerson({ givenNames: 'Mohammad', familyName: 'Hosseini', dateOfBirth: '1990-01-01' }) });
      const second = await checkedIn(t, staff, centre.id, { person: newPerson({ givenNames: 'Muhammad', familyName: 'Husseini', dateOfBirth: '1990-01-01' }) });
      expect(second.possibleDuplicates).toEqual([]);
    });
  });

  describe('search', () => {
    it('finds Hosseini by q=husseini, in the caller’s centres only', async () => {
      const { centre, staff } = await centreWithStaff();
      const { person } = await checkedIn(t, staff, centre.id, { person: newPerson({ givenNames: 'Ali Reza', familyName: 'Hosseini' }) });
      const found = await as(t, staff).get('/api/v1/people?q=husseini').expect(200);
      validator.check(found);
      expect(found.body).toMatchObject({ total: expect.any(Number), limit: 50, offset: 0 });
      expect(found.body.items.map((item: { id: string }) => item.id)).toContain(person.id);
      expect(found.body.items.find((item: { id: string }) => item.id === person.id)).toMatchObject({ familyName: 'Hosseini', givenNames: 'Ali Reza' });
      const caseworker = await userFor(t, 'caseworker', [centre.id]);
      const byCaseworker = await as(t, caseworker).get('/api/v1/people?q=husseini').expect(200);
      expect(byCaseworker.body.items.map((item: { id: string }) => item.id)).toContain(person.id);
      const outsider = await centreWithStaff();
      const notFound = await as(t, outsider.staff).get('/api/v1/people?q=husseini').expect(200);
      expect(notFound.body).toMatchObject({ items: [], total: 0 });
    });

    it('ranks the same spelling first, then names that sound alike and close spellings, and pages through them', async () => {
      const { centre, staff } = await centreWithStaff();
      const person = async (givenNames: string, familyName: string) => (await checkedIn(t, staff, centre.id, { person: newPerson({ givenNames, familyName }) })).person.id as string;
      const exact = await person('Mohammad', 'Ahmadi');
      const alike = await person('Muhammad', 'Ahmadi');
      const close = await person('Mohamed', 'Ahmadi');
      const other = await person('Amina', 'Okonkwo');
      const found = (await as(t, staff).get('/api/v1/people?q=Mohammad%20Ahmadi').expect(200)).body;
      const ids = found.items.map((item: { id: string }) => item.id);
      expect(ids[0]).toBe(exact);
      expect(found.items[0].score).toBe(1);
      expect(ids).toEqual(expect.arrayContaining([alike, close]));
      expect(ids).not.toContain(other);
      // Muhammad has Mohammad's consonants: a match by sound scores 0.95 whatever the spelling.
      expect(found.items.find((item: { id: string }) => item.id === alike).score).toBeGreaterThanOrEqual(0.95);
      expect(found).toMatchObject({ total: 3, totalExact: true });

      const first = (await as(t, staff).get('/api/v1/people?q=Mohammad%20Ahmadi&limit=1').expect(200)).body;
      expect(first.items.map((item: { id: string }) => item.id)).toEqual([exact]);
      expect(first.totalExact).toBe(false);
      expect(first.total).toBeGreaterThan(1); // there is a next page
      const pages = [first.items[0].id];
      for (let offset = 1; offset < 3; offset += 1) pages.push((await as(t, staff).get(`/api/v1/people?q=Mohammad%20Ahmadi&limit=1&offset=${offset}`).expect(200)).body.items[0].id);
      expect(new Set(pages)).toEqual(new Set([exact, alike, close]));
      const past = (await as(t, staff).get('/api/v1/people?q=Mohammad%20Ahmadi&limit=1&offset=10').expect(200)).body;
      expect(past).toMatchObject({ items: [], total: 3, totalExact: true });
    });

    it.each([
      ['q missing', ''],
      ['q of one character', '?q=h'],
      ['q empty', '?q='],
    ])('refuses %s with 400 VALIDATION_FAILED naming q', async (_, query) => {
      const { staff } = await centreWithStaff();
      const response = await as(t, staff).get(`/api/v1/people${query}`).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(response.body.details.fields)).toEqual(['q']);
    });

    it('refuses a funder and an admin (403)', async () => {
      const funder = await userFor(t, 'funder', []);
      await as(t, funder).get('/api/v1/people?q=hosseini').expect(403);
      await as(t, t.adminToken).get('/api/v1/people?q=hosseini').expect(403);
    });
  });

  describe('reading a person', () => {
    it('returns the person with their stays and interpreterNeeded true for languages [ps]', async () => {
      const { centre, staff } = await centreWithStaff();
      const { person, stay } = await checkedIn(t, staff, centre.id, { person: newPerson({ familyName: 'Ahmadzai', languages: ['ps'] }) });
      const response = await as(t, staff).get(`/api/v1/people/${person.id}`).expect(200);
      validator.check(response);
      expect(response.body).toMatchObject({ id: person.id, familyName: 'Ahmadzai', languages: ['ps'], interpreterNeeded: true, nationalities: ['AFG'] });
      expect(response.body.stays).toEqual([expect.objectContaining({ id: stay.id, centreId: centre.id, bedId: stay.bedId, checkedOutAt: null })]);
    });

    it('has interpreterNeeded false for a French speaker', async () => {
      const { centre, staff } = await centreWithStaff();
      const { person } = await checkedIn(t, staff, centre.id, { person: newPerson({ languages: ['fr'], nationalities: ['CIV'] }) });
      const response = await as(t, staff).get(`/api/v1/people/${person.id}`).expect(200);
      expect(response.body.interpreterNeeded).toBe(false);
    });

    it('lets a caseworker of the centre read the person; another centre’s staff get 404', async () => {
      const { centre, staff } = await centreWithStaff();
      const { person } = await checkedIn(t, staff, centre.id);
      const caseworker = await userFor(t, 'caseworker', [centre.id]);
      await as(t, caseworker).get(`/api/v1/people/${person.id}`).expect(200);
      const outsider = await centreWithStaff();
      const hidden = await as(t, outsider.staff).get(`/api/v1/people/${person.id}`).expect(404);
      expect(hidden.body.code).toBe('NOT_FOUND');
      const unknown = await as(t, staff).get(`/api/v1/people/${randomUUID()}`).expect(404);
      expect(unknown.body).toEqual({ ...hidden.body, message: unknown.body.message });
      await as(t, staff).get('/api/v1/people/not-a-uuid').expect(404);
    });

    it('audits every read as person.read, with the reader, and not a refused one', async () => {
      const { centre, staff } = await centreWithStaff();
      const { person } = await checkedIn(t, staff, centre.id);
      const reads = async () => (await auditOf(t, person.id)).filter((event) => event.action === 'person.read');
      const before = (await reads()).length;
      await as(t, staff).get(`/api/v1/people/${person.id}`).expect(200);
      await as(t, staff).get(`/api/v1/people/${person.id}`).expect(200);
      const caseworker = await userFor(t, 'caseworker', [centre.id]);
      await as(t, caseworker).get(`/api/v1/people/${person.id}`).expect(200);
      const outsider = await centreWithStaff();
      await as(t, outsider.staff).get(`/api/v1/people/${person.id}`).expect(404);
      const after = await reads();
      expect(after.length - before).toBe(3);
      expect(after[0]).toMatchObject({ action: 'person.read', entityId: person.id, actorId: caseworker.id, outcome: 'success' });
      expect(after.filter((event) => event.actorId === staff.id)).toHaveLength(2 + before);
    });
  });
});
