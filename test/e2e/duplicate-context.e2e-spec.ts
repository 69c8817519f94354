import { PeopleService } from '@escale/people';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { as, checkedIn } from '../support/stays-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Possible duplicates carry enough to decide: the last stay in the caller's centres, and identity documents counted. */
describe('possible duplicates: last stay in the caller’s centres, and identity documents', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const men = () => createCentre(t, { units: [{ housing: 'men', beds: 4 }] });

  it('shows the last stay among the caller’s centres only: a later stay elsewhere is not named', async () => {
    const [north, south] = [await men(), await men()];
    const northStaff = await userFor(t, 'staff', [north.id]);
    const both = await userFor(t, 'staff', [north.id, south.id]);
    const known = newPerson({ familyName: 'Hosseini', givenNames: 'Mohammad Reza', dateOfBirth: '1994-02-11' });
    const first = await checkedIn(t, northStaff, north.id, { person: known });
    await as(t, northStaff).post(`/api/v1/stays/${first.stay.id}/check-out`, { reason: 'released_at_legal_limit' }).expect(200);
    const [{ checked_in_at: northIn, checked_out_at: northOut }] = await t.dataSource.query(`SELECT checked_in_at, checked_out_at FROM stays WHERE id = $1`, [first.stay.id]);
    const second = await checkedIn(t, both, south.id, { personId: first.person.id });

    // Someone new in the north, with a spelling of the same name: north staff see the north stay, closed.
    const arrival = newPerson({ familyName: 'Husseini', givenNames: 'Mohamad Reza', dateOfBirth: '1994-02-11' });
    const seenFromNorth = await checkedIn(t, northStaff, north.id, { person: arrival });
    const offered = seenFromNorth.possibleDuplicates.find((duplicate: { personId: string }) => duplicate.personId === first.person.id) as Record<string, unknown>;
    expect(offered.lastStay).toEqual({ centreId: north.id, centreCode: north.code, centreName: `Centre ${north.code}`, checkedInAt: new Date(northIn).toISOString(), checkedOutAt: new Date(northOut).toISOString() });

    // Staff of both centres see the open stay in the south.
    const seenFromBoth = await checkedIn(t, both, north.id, { person: newPerson({ familyName: 'Hoseyni', givenNames: 'Mohammed Reza', dateOfBirth: '1994-02-11' }) });
    const offeredBoth = seenFromBoth.possibleDuplicates.find((duplicate: { personId: string }) => duplicate.personId === first.person.id) as Record<string, unknown>;
    expect(offeredBoth.lastStay).toMatchObject({ centreId: south.id, centreCode: south.code, checkedOutAt: null });
    expect((offeredBoth.lastStay as { checkedInAt: string }).checkedInAt).toBe(new Date((await t.dataSource.query(`SELECT checked_in_at FROM stays WHERE id = $1`, [second.stay.id]))[0].checked_in_at).toISOString());
  });

  it('finds a person by a shared document whatever the name, reads the candidates’ documents when scoring, and never another centre’s', async () => {
    const [here, elsewhere] = [await men(), await men()];
    const staff = await userFor(t, 'staff', [here.id]);
    const otherStaff = await userFor(t, 'staff', [elsewhere.id]);
    const holder = await checkedIn(t, staff, here.id, { person: newPerson({ familyName: 'Abdelrahman', givenNames: 'Yousif', dateOfBirth: '1990-07-01', nationalities: ['SDN'] }) });
    await as(t, staff).post(`/api/v1/people/${holder.person.id}/identifiers`, { kind: 'passport', value: 'P 04-77 1234', issuingCountry: 'SDN' }).expect(201);
    const stranger = await checkedIn(t, otherStaff, elsewhere.id, { person: newPerson({ familyName: 'Tesfay', givenNames: 'Dawit' }) });
    await as(t, otherStaff).post(`/api/v1/people/${stranger.person.id}/identifiers`, { kind: 'eurodac', value: 'FR1-998877' }).expect(201);

    const people = t.app.get(PeopleService);
    const [staffUser] = await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [staff.email]);
    const actor = { userId: staffUser.id as string, role: 'staff' as const, centreIds: [here.id] };
    // A name written altogether differently (a name given on the crossing), the same passport: found, and settled.
    const byDocument = await people.findPossibleDuplicates(actor, {
      familyName: 'Osman',
      givenNames: 'Ibrahim',
      dateOfBirth: '1988-01-01',
      identifiers: [{ kind: 'passport', value: 'p0477-1234' }],
    });
    expect(byDocument.map((duplicate) => ({ personId: duplicate.personId, score: duplicate.score }))).toEqual([{ personId: holder.person.id, score: 0.99 }]);
    expect(byDocument[0].evidence).toContain('same_identifier');

    // The same number as another kind of document is not the same document.
    expect(await people.findPossibleDuplicates(actor, { familyName: 'Osman', givenNames: 'Ibrahim', dateOfBirth: '1988-01-01', identifiers: [{ kind: 'national_id', value: 'P04771234' }] })).toEqual([]);
    // Another centre's person with that number is not offered.
    expect(await people.findPossibleDuplicates(actor, { familyName: 'Osman', givenNames: 'Ibrahim', dateOfBirth: '1988-01-01', identifiers: [{ kind: 'eurodac', value: 'FR1998877' }] })).toEqual([]);
    // Found by name, the document read with the candidate settles it.
    const byName = await people.findPossibleDuplicates(actor, { familyName: 'Abdulrahman', givenNames: 'Yusuf', dateOfBirth: '1991-03-05', identifiers: [{ kind: 'passport', value: 'P04771234', issuingCountry: 'SDN' }] });
    expect(byName[0]).toMatchObject({ personId: holder.person.id, score: 0.99 });
    const withoutDocument = await people.findPossibleDuplicates(actor, { familyName: 'Abdulrahman', givenNames: 'Yusuf', dateOfBirth: '1991-03-05' });
    expect(withoutDocument[0]?.score ?? 0).toBeLessThan(0.99);
    // Each check names every person it offers in one audited read.
    const audited = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'person.duplicate_check' AND subject_ids @> ARRAY[$1::uuid] AND actor_id = $2`, [holder.person.id, staffUser.id]);
    expect(audited[0].n).toBeGreaterThanOrEqual(2);
  });
});
