import { createCentre, type CentreFixture, newPerson } from '../support/fixtures.js';
import { as, checkIn } from '../support/stays-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Duplicate = { personId: string; score: number };
type ArrivalResult = { ref: string; status: string; personId: string; possibleDuplicates: Duplicate[] };

/**
 * The duplicate search runs alongside the check-in's transaction: what it finds must be what it
 * found when it ran after the commit, and its reads are recorded only when the check-in succeeded.
 */
describe('possible duplicates found while a check-in is recorded', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let staff: { id: string; token: string };

  const duplicateChecks = async (personId: string) =>
    (
      await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'person.duplicate_check' AND actor_id = $1 AND subject_ids @> ARRAY[$2::uuid]`, [
        staff.id,
        personId,
      ])
    )[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
    centre = await createCentre(t, { units: [{ housing: 'men', beds: 6 }, { housing: 'women', beds: 2 }] });
    staff = await t.userWithToken('staff', [centre.id]);
  }, 60_000);
  afterAll(() => t.close());

  it('in a boat, finds the people recorded before each person and none of those after', async () => {
    const interception = await as(t, staff)
      .post('/api/v1/interceptions', { occurredAt: new Date(Date.now() - 3_600_000).toISOString(), location: 'Gravelines', agency: 'Préfecture maritime', groupSize: 3 })
      .expect(201);
    const twice = newPerson({ familyName: 'Tesfamariam', givenNames: 'Yonas Berhe', dateOfBirth: '1994-02-11', nationalities: ['ERI'] });
    const response = await as(t, staff)
      .post(`/api/v1/interceptions/${interception.body.id}/arrivals`, {
        centreId: centre.id,
        people: [
          { ref: 'first', person: twice },
          { ref: 'other', person: newPerson() },
          { ref: 'again', person: { ...twice, givenNames: 'Yonas Berhe' } },
        ],
      })
      .expect(200);
    const [first, other, again] = response.body.results as ArrivalResult[];
    expect([first.status, other.status, again.status]).toEqual(['checked_in', 'checked_in', 'checked_in']);
    // The second record of the same person is shown the first; the first, searched before the second existed, is shown nobody.
    expect(again.possibleDuplicates.map((duplicate) => duplicate.personId)).toContain(first.personId);
    expect(first.possibleDuplicates).toEqual([]);
    expect(again.possibleDuplicates.map((duplicate) => duplicate.personId)).not.toContain(again.personId);
    // Only what was shown is recorded as read: the first person, once.
    expect(await duplicateChecks(first.personId)).toBe(1);
    expect(await duplicateChecks(again.personId)).toBe(0);
  });

  it('shows a single check-in its namesake, recording the read, and never itself', async () => {
    const namesake = newPerson({ familyName: 'Haileselassie', givenNames: 'Dawit', dateOfBirth: '1989-07-30', nationalities: ['ERI'] });
    const earlier = (await checkIn(t, staff, centre.id, { person: namesake }).expect(201)).body;
    const later = (await checkIn(t, staff, centre.id, { person: { ...namesake } }).expect(201)).body;
    expect(later.possibleDuplicates.map((duplicate: Duplicate) => duplicate.personId)).toEqual([earlier.person.id]);
    expect(await duplicateChecks(earlier.person.id)).toBe(1);
    expect(await duplicateChecks(later.person.id)).toBe(0);
  });

  it('records no read of duplicates for a check-in that failed, though the search ran', async () => {
    const namesake = newPerson({ familyName: 'Mengistu', givenNames: 'Luwam', sex: 'female', dateOfBirth: '1999-12-01', nationalities: ['ERI'] });
    const earlier = (await checkIn(t, staff, centre.id, { person: namesake }).expect(201)).body;
    // The other women's bed is taken, then the centre has none left for her namesake.
    await checkIn(t, staff, centre.id, { person: newPerson({ sex: 'female' }) }).expect(201);
    const before = await duplicateChecks(earlier.person.id);
    const refused = await checkIn(t, staff, centre.id, { person: { ...namesake } }).expect(409);
    expect(refused.body.code).toBe('NO_BED_AVAILABLE');
    expect(await duplicateChecks(earlier.person.id)).toBe(before);
    const people = await t.dataSource.query(`SELECT count(*)::int AS n FROM people WHERE family_name = 'Mengistu'`);
    expect(people).toEqual([{ n: 1 }]);
  });
});
