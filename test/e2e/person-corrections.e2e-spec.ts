import request from 'supertest';
import { MERGED_TABLES } from '@escale/people';
import { DATA_CLASSIFICATION } from '@escale/privacy';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { as, auditOf, bornYearsAgo, checkedIn } from '../support/stays-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('correcting a person’s record', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function centreWithStaff(kind: 'reception' | 'removal' = 'reception') {
    const centre = await createCentre(t, { kind, units: [{ housing: 'men', beds: 6 }] });
    const staff = await userFor(t, 'staff', [centre.id]);
    return { centre, staff };
  }

  const personOf = async (who: { token: string }, id: string) => (await as(t, who).get(`/api/v1/people/${id}`).expect(200)).body;

  describe('PATCH /people/:id', () => {
    it('corrects the fields given, moves the version on, keeps the values before and after beside the audit event', async () => {
      const { centre, staff } = await centreWithStaff();
      const { person } = await checkedIn(t, staff, centre.id, { person: newPerson({ givenNames: 'Mohamad', familyName: 'Hoseini', languages: ['ps'] }) });
      const read = await personOf(staff, person.id);
      expect(read).toMatchObject({ version: 1, interpreterNeeded: true });
      const caseworker = await userFor(t, 'caseworker', [centre.id]);
      const patched = await as(t, caseworker).patch(`/api/v1/people/${person.id}`, { version: 1, givenNames: 'Mohammad', languages: ['fr', 'ps'], sex: 'male' }).expect(200);
      expect(patched.body).toMatchObject({ id: person.id, givenNames: 'Mohammad', familyName: 'Hoseini', languages: ['fr', 'ps'], interpreterNeeded: false, version: 2 });
      const found = await as(t, staff).get('/api/v1/people?q=mohammad%20hoseini').expect(200);
      expect(found.body.items.map((item: { id: string }) => item.id)).toContain(person.id);
      const [kept] = await t.dataSource.query(
        `SELECT c.changes, e.action, e.actor_id FROM person_changes c JOIN audit_events e ON e.id = c.audit_event_id WHERE c.person_id = $1 AND c.action = 'person.update'`,
        [person.id],
      );
      expect(kept).toEqual({
        changes: { givenNames: { before: 'Mohamad', after: 'Mohammad' }, languages: { before: ['ps'], after: ['fr', 'ps'] } },
        action: 'person.update',
        actor_id: caseworker.id,
      });
      expect((await auditOf(t, person.id)).map((event) => event.action)).toContain('person.update');
    });

    it('answers 409 VERSION_CONFLICT on a stale version and changes nothing', async () => {
      const { centre, staff } = await centreWithStaff();
      const { person } = await checkedIn(t, staff, centre.id, { person: newPerson({ familyName: 'Stale' }) });
      await as(t, staff).patch(`/api/v1/people/${person.id}`, { version: 1, familyName: 'Fresh' }).expect(200);
      const stale = await as(t, staff).patch(`/api/v1/people/${person.id}`, { version: 1, familyName: 'Lost' }).expect(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
      expect(await personOf(staff, person.id)).toMatchObject({ familyName: 'Fresh', version: 2 });
    });

    it.each([
      ['no version', { familyName: 'X' }],
      ['a null name', { version: 1, familyName: null }],
      ['an empty name', { version: 1, givenNames: '  ' }],
      ['a birth date in the future', { version: 1, dateOfBirth: '2999-01-01' }],
      ['a date that is not one', { version: 1, dateOfBirth: '2001-02-30' }],
      ['a bad nationality', { version: 1, nationalities: ['afghan'] }],
      ['an unknown field', { version: 1, ageDisputed: false }],
    ])('answers 400 VALIDATION_FAILED for %s and changes nothing', async (_, body) => {
      const { centre, staff } = await centreWithStaff();
      const { person } = await checkedIn(t, staff, centre.id, { person: newPerson() });
      const before = await personOf(staff, person.id);
      const response = await as(t, staff).patch(`/api/v1/people/${person.id}`, body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.stack).toBeUndefined();
      const after = await personOf(staff, person.id);
      expect(after).toEqual(before);
    });

    it('answers 404 for a person of another centre, and to those who may not read people 403', async () => {
      const { centre, staff } = await centreWithStaff();
      const { person } = await checkedIn(t, staff, centre.id, { person: newPerson() });
      const other = await centreWithStaff();
      const response = await as(t, other.staff).patch(`/api/v1/people/${person.id}`, { version: 1, familyName: 'Taken' }).expect(404);
      expect(response.body.code).toBe('NOT_FOUND');
      const funder = await userFor(t, 'funder', [centre.id]);
      await as(t, funder).patch(`/api/v1/people/${person.id}`, { version: 1, familyName: 'Taken' }).expect(403);
      expect(await personOf(staff, person.id)).toMatchObject({ version: 1 });
    });

    it('raises the urgent alert when a corrected date of birth makes someone held in a removal centre a minor', async () => {
      const { centre, staff } = await centreWithStaff('removal');
      const { person, stay } = await checkedIn(t, staff, centre.id, { person: newPerson({ dateOfBirth: bornYearsAgo(25) }) });
      const patched = await as(t, staff).patch(`/api/v1/people/${person.id}`, { version: 1, dateOfBirth: bornYearsAgo(16) }).expect(200);
      expect(patched.body.alertRaised).toBe(true);
      const alerts = await t.dataSource.query(`SELECT kind, severity FROM alerts WHERE stay_id = $1`, [stay.id]);
      expect(alerts).toEqual([{ kind: 'minor_in_removal_centre', severity: 'urgent' }]);
    });
  });

  describe('aliases and identifiers', () => {
    it('adds an alias with its source, findable in search, audited; a bad source is 400; another centre 404', async () => {
      const { centre, staff } = await centreWithStaff();
      const { person } = await checkedIn(t, staff, centre.id, { person: newPerson({ aliases: ['Abu Omar'] }) });
      const alias = await as(t, staff).post(`/api/v1/people/${person.id}/aliases`, { name: 'Zaryabkhel', source: 'police' }).expect(201);
      expect(alias.body).toMatchObject({ name: 'Zaryabkhel', source: 'police' });
      const read = await personOf(staff, person.id);
      expect(read.aliases).toEqual(['Abu Omar', 'Zaryabkhel']);
      expect(read.aliasRecords.map((a: { name: string; source: string }) => [a.name, a.source])).toEqual([['Abu Omar', 'other'], ['Zaryabkhel', 'police']]);
      const found = await as(t, staff).get('/api/v1/people?q=zaryabkhel').expect(200);
      expect(found.body.items.map((item: { id: string }) => item.id)).toEqual([person.id]);
      expect((await auditOf(t, person.id)).map((event) => event.action)).toContain('person.alias_add');
      expect((await as(t, staff).post(`/api/v1/people/${person.id}/aliases`, { name: 'X', source: 'rumour' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      const other = await centreWithStaff();
      await as(t, other.staff).post(`/api/v1/people/${person.id}/aliases`, { name: 'Y', source: 'other' }).expect(404);
      expect((await personOf(staff, person.id)).aliases).toEqual(['Abu Omar', 'Zaryabkhel']);
    });

    it('adds an identifier, normalised and unique per kind and country, listed on the person', async () => {
      const { centre, staff } = await centreWithStaff();
      const { person } = await checkedIn(t, staff, centre.id, { person: newPerson() });
      const { person: second } = await checkedIn(t, staff, centre.id, { person: newPerson() });
      const added = await as(t, staff).post(`/api/v1/people/${person.id}/identifiers`, { kind: 'passport', value: 'p 123-4567', issuingCountry: 'AFG' }).expect(201);
      expect(added.body).toMatchObject({ kind: 'passport', value: 'p 123-4567', issuingCountry: 'AFG' });
      const taken = await as(t, staff).post(`/api/v1/people/${second.id}/identifiers`, { kind: 'passport', value: 'P1234567', issuingCountry: 'AFG' }).expect(409);
      expect(taken.body).toMatchObject({ code: 'IDENTIFIER_TAKEN', details: { personId: person.id } });
      // Another country's passport of the same number is another document.
      await as(t, staff).post(`/api/v1/people/${second.id}/identifiers`, { kind: 'passport', value: 'P1234567', issuingCountry: 'IRN' }).expect(201);
      expect((await personOf(staff, person.id)).identifiers).toEqual([expect.objectContaining({ kind: 'passport', value: 'p 123-4567', issuingCountry: 'AFG' })]);
      expect((await as(t, staff).post(`/api/v1/people/${person.id}/identifiers`, { kind: 'visa', value: '1' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await as(t, staff).post(`/api/v1/people/${person.id}/identifiers`, { kind: 'other', value: '---' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      const other = await centreWithStaff();
      await as(t, other.staff).post(`/api/v1/people/${person.id}/identifiers`, { kind: 'eurodac', value: 'FR1' }).expect(404);
      expect((await auditOf(t, person.id)).map((event) => event.action)).toContain('person.identifier_add');
    });
  });

  describe('POST /people/:id/merge', () => {
    it('moves every stay, case, notice, alias, identifier and vulnerability of the duplicate to the survivor; the duplicate then answers where it went', async () => {
      const { centre, staff } = await centreWithStaff();
      const a = await checkedIn(t, staff, centre.id, { person: newPerson({ givenNames: 'Ali', familyName: 'Rahimi', nationalities: ['AFG'], languages: ['ps'] }) });
      await as(t, staff).post(`/api/v1/stays/${a.stay.id}/check-out`, { reason: 'released_by_court' }).expect(200);
      const b = await checkedIn(t, staff, centre.id, { person: newPerson({ givenNames: 'Aly', familyName: 'Rahimy', nationalities: ['IRN'], languages: ['fa'], aliases: ['Abu Ali'] }) });
      await as(t, staff).post(`/api/v1/people/${b.person.id}/identifiers`, { kind: 'eurodac', value: 'FR-9' }).expect(201);
      await as(t, staff).post(`/api/v1/people/${b.person.id}/vulnerabilities`, { type: 'disability' }).expect(201);
      const noticesBefore = (await t.dataSource.query(`SELECT count(*)::int AS n FROM notices WHERE person_id IN ($1, $2)`, [a.person.id, b.person.id]))[0].n;
      const merged = await as(t, staff).post(`/api/v1/people/${a.person.id}/merge`, { duplicateId: b.person.id, version: 1 }).expect(200);
      expect(merged.body).toMatchObject({ id: a.person.id, givenNames: 'Ali', nationalities: ['AFG', 'IRN'], languages: ['ps', 'fa'], version: 2 });
      expect(merged.body.aliases).toEqual(expect.arrayContaining(['Aly Rahimy', 'Abu Ali']));
      expect(merged.body.identifiers).toEqual([expect.objectContaining({ kind: 'eurodac', value: 'FR-9' })]);
      const survivor = await personOf(staff, a.person.id);
      expect(survivor.stays.map((stay: { id: string }) => stay.id).sort()).toEqual([a.stay.id, b.stay.id].sort());
      expect((await as(t, staff).get(`/api/v1/people/${b.person.id}`).expect(200)).body).toEqual({ id: b.person.id, mergedInto: a.person.id });
      const left = await Promise.all(
        Object.keys(MERGED_TABLES).map(async (table) => [table, (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE person_id = $1`, [b.person.id]))[0].n]),
      );
      expect(Object.fromEntries(left)).toEqual(Object.fromEntries(Object.keys(MERGED_TABLES).map((table) => [table, 0])));
      const [moved] = await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM cases WHERE person_id = $1) AS cases, (SELECT count(*)::int FROM vulnerabilities WHERE person_id = $1) AS vulnerabilities,
                (SELECT count(*)::int FROM notices WHERE person_id = $1) AS notices`,
        [a.person.id],
      );
      expect(moved.cases).toBe(2);
      expect(moved.vulnerabilities).toBe(1);
      expect(moved.notices).toBe(noticesBefore);
      expect((await as(t, staff).get('/api/v1/people?q=rahimy').expect(200)).body.items.map((item: { id: string }) => item.id)).toEqual([a.person.id]);
      const actions = (await auditOf(t, a.person.id)).map((event) => event.action);
      expect(actions).toContain('person.merge');
      expect((await auditOf(t, b.person.id)).map((event) => event.action)).toContain('person.merged_into');
      const [kept] = await t.dataSource.query(`SELECT changes FROM person_changes WHERE person_id = $1 AND action = 'person.merge'`, [a.person.id]);
      expect(kept.changes).toMatchObject({ mergedFrom: { before: null, after: b.person.id }, nationalities: { before: ['AFG'], after: ['AFG', 'IRN'] } });
    });

    it('refuses two people held at the same time (409 MERGE_NOT_ALLOWED), a stale version (409), itself, and anyone outside the caller’s centres (404)', async () => {
      const { centre, staff } = await centreWithStaff();
      const a = await checkedIn(t, staff, centre.id, { person: newPerson() });
      const b = await checkedIn(t, staff, centre.id, { person: newPerson() });
      const overlap = await as(t, staff).post(`/api/v1/people/${a.person.id}/merge`, { duplicateId: b.person.id, version: 1 }).expect(409);
      expect(overlap.body).toMatchObject({ code: 'MERGE_NOT_ALLOWED', details: { reason: 'overlapping_stays' } });
      expect((await as(t, staff).post(`/api/v1/people/${a.person.id}/merge`, { duplicateId: b.person.id, version: 7 }).expect(409)).body.code).toBe('VERSION_CONFLICT');
      expect((await as(t, staff).post(`/api/v1/people/${a.person.id}/merge`, { duplicateId: a.person.id, version: 1 }).expect(409)).body.code).toBe('MERGE_NOT_ALLOWED');
      expect((await as(t, staff).post(`/api/v1/people/${a.person.id}/merge`, { duplicateId: 'nope', version: 1 }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      const other = await centreWithStaff();
      const c = await checkedIn(t, other.staff, other.centre.id, { person: newPerson() });
      await as(t, staff).post(`/api/v1/people/${a.person.id}/merge`, { duplicateId: c.person.id, version: 1 }).expect(404);
      await as(t, other.staff).post(`/api/v1/people/${c.person.id}/merge`, { duplicateId: a.person.id, version: 1 }).expect(404);
      const [rows] = await t.dataSource.query(`SELECT count(*)::int AS merged FROM people WHERE id IN ($1, $2, $3) AND merged_into IS NOT NULL`, [a.person.id, b.person.id, c.person.id]);
      expect(rows.merged).toBe(0);
      expect((await personOf(staff, a.person.id)).version).toBe(1);
    });

    it('keeps the duplicate’s minority: a survivor held in a removal centre merged with a record assessed a minor raises the urgent alert', async () => {
      const { centre } = await centreWithStaff('removal');
      const reception = await createCentre(t, { units: [{ housing: 'men', beds: 2 }] });
      const both = await userFor(t, 'staff', [centre.id, reception.id]);
      const earlier = await checkedIn(t, both, reception.id, { person: newPerson() });
      await request(t.http).put(`/api/v1/people/${earlier.person.id}/age-assessment`).set({ Authorization: `Bearer ${both.token}` }).send({ status: 'completed', outcome: 'minor' }).expect(200);
      await as(t, both).post(`/api/v1/stays/${earlier.stay.id}/check-out`, { reason: 'other' }).expect(200);
      const now = await checkedIn(t, both, centre.id, { person: newPerson() });
      const merged = await as(t, both).post(`/api/v1/people/${now.person.id}/merge`, { duplicateId: earlier.person.id, version: 1 }).expect(200);
      expect(merged.body).toMatchObject({ alertRaised: true });
      const alerts = await t.dataSource.query(`SELECT kind FROM alerts WHERE stay_id = $1`, [now.stay.id]);
      expect(alerts).toEqual([{ kind: 'minor_in_removal_centre' }]);
    });

    it('handles every table with a person_id column, and every table the data classification ties to a person by one', async () => {
      const rows = await t.dataSource.query<{ table_name: string }[]>(
        // Tables only: a view (such as the register's entries) shows rows of the tables it reads, and moves with them.
        `SELECT DISTINCT c.table_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
          WHERE c.table_schema = 'public' AND c.column_name = 'person_id' AND t.table_type = 'BASE TABLE' ORDER BY c.table_name`,
      );
      const handled = Object.keys(MERGED_TABLES).sort();
      expect(rows.map((row) => row.table_name)).toEqual(handled);
      const classified = Object.entries(DATA_CLASSIFICATION)
        .filter(([, spec]) => 'person_id' in spec.columns)
        .map(([table]) => table)
        .sort();
      expect(classified).toEqual(handled);
    });

    it('lets one of two racing merges of the same records win, and loses nothing', async () => {
      const { centre, staff } = await centreWithStaff();
      const a = await checkedIn(t, staff, centre.id, { person: newPerson() });
      await as(t, staff).post(`/api/v1/stays/${a.stay.id}/check-out`, { reason: 'other' }).expect(200);
      const b = await checkedIn(t, staff, centre.id, { person: newPerson() });
      const responses = await Promise.all([
        as(t, staff).post(`/api/v1/people/${a.person.id}/merge`, { duplicateId: b.person.id, version: 1 }),
        as(t, staff).post(`/api/v1/people/${b.person.id}/merge`, { duplicateId: a.person.id, version: 1 }),
        as(t, staff).patch(`/api/v1/people/${b.person.id}`, { version: 1, givenNames: 'Renamed' }),
      ]);
      const merges = responses.slice(0, 2);
      expect(merges.map((response) => response.status).sort()).toEqual([200, 409]);
      const winner = merges.find((response) => response.status === 200)!.body.id as string;
      const loser = winner === a.person.id ? b.person.id : a.person.id;
      const [state] = await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM stays WHERE person_id = $1) AS stays, (SELECT count(*)::int FROM cases WHERE person_id = $1) AS cases,
                (SELECT count(*)::int FROM stays WHERE person_id = $2) AS "loserStays", (SELECT merged_into FROM people WHERE id = $2) AS "mergedInto",
                (SELECT merged_into FROM people WHERE id = $1) AS "winnerMerged"`,
        [winner, loser],
      );
      expect(state).toEqual({ stays: 2, cases: 2, loserStays: 0, mergedInto: winner, winnerMerged: null });
      // The edit either landed before the merge (and then is in the survivor or its aliases) or was refused.
      expect([200, 409]).toContain(responses[2].status);
    });
  });
});
