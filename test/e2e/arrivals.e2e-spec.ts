import { createCentre, type CentreFixture, newPerson } from '../support/fixtures.js';
import { as } from '../support/stays-fixtures.js';
import { responseValidator, type ResponseValidator } from '../support/openapi.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Result = { ref: string; status: string; personId?: string; stayId?: string; waitingId?: string; code?: string; fields?: Record<string, string[]> };

/** A boat of 60: eight families (three to four people each) and 34 adults travelling alone. */
function boat(tag: string) {
  const households = Array.from({ length: 8 }, (_, i) => ({ ref: `h${i + 1}`, label: `Famille ${tag} ${i + 1}` }));
  const people: Record<string, unknown>[] = [];
  households.forEach((household, i) => {
    const size = i < 6 ? 3 : 4;
    for (let member = 0; member < size; member += 1) {
      const child = member >= 2;
      people.push({
        ref: `${household.ref}-${member}`,
        householdRef: household.ref,
        person: newPerson({ familyName: `Ahmadi${tag}${i}`, sex: member === 1 ? 'female' : 'male', dateOfBirth: child ? '2018-05-01' : '1990-01-01' }),
      });
    }
  });
  for (let i = 0; people.length < 60; i += 1) people.push({ ref: `p${i}`, person: newPerson({ sex: i % 6 === 0 ? 'female' : 'male' }) });
  return { households, people };
}

describe('a boat arrives: 60 people in one request, nobody lost when the centre is full', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let other: CentreFixture;
  let staff: { token: string };
  let otherStaff: { token: string };
  let interceptionId: string;
  let first: Result[];
  let validator: ResponseValidator;

  const count = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0].n as number;
  const interception = async (who: { token: string }, groupSize = 60) =>
    (await as(t, who).post('/api/v1/interceptions', { occurredAt: new Date(Date.now() - 3_600_000).toISOString(), location: 'Gravelines', agency: 'Préfecture maritime', groupSize }).expect(201)).body.id as string;

  beforeAll(async () => {
    t = await startTestApp();
    validator = await responseValidator(t.http);
    // Twenty beds: men, women, and two family rooms of three.
    centre = await createCentre(t, { units: [{ housing: 'men', beds: 10 }, { housing: 'women', beds: 4 }, { housing: 'families', beds: 3 }, { housing: 'families', beds: 3 }] });
    other = await createCentre(t, { units: [{ housing: 'mixed', beds: 4 }] });
    staff = await t.userWithToken('staff', [centre.id]);
    otherStaff = await t.userWithToken('staff', [other.id]);
    interceptionId = await interception(staff);
    const response = await as(t, staff).post(`/api/v1/interceptions/${interceptionId}/arrivals`, { centreId: centre.id, ...boat('A') }).expect(200);
    validator.check(response);
    first = response.body.results;
  }, 120_000);
  afterAll(() => t.close());

  it('records all 60: twenty placed, forty on the waiting list, none dropped', async () => {
    expect(first).toHaveLength(60);
    expect(first.map((result) => result.ref)).toEqual(boat('A').people.map((row) => row.ref));
    const placed = first.filter((result) => result.status === 'checked_in');
    const waiting = first.filter((result) => result.status === 'awaiting_bed');
    expect(placed).toHaveLength(20);
    expect(waiting).toHaveLength(40);
    expect(placed.every((result) => result.stayId && result.personId)).toBe(true);
    expect(waiting.every((result) => result.waitingId && result.personId)).toBe(true);
    expect(await count(`SELECT count(*)::int AS n FROM stays WHERE interception_id = $1 AND checked_out_at IS NULL`, [interceptionId])).toBe(20);
    // A family is housed together or waits together: never split between a bed and the list.
    for (let i = 1; i <= 8; i += 1) {
      const statuses = new Set(first.filter((result) => result.ref.startsWith(`h${i}-`)).map((result) => result.status));
      expect(statuses.size).toBe(1);
    }
    const waitingAnswer = await as(t, staff).get(`/api/v1/centres/${centre.id}/waiting`).expect(200);
    const interceptionAnswer = await as(t, staff).get(`/api/v1/interceptions/${interceptionId}`).expect(200);
    for (const answer of [waitingAnswer, interceptionAnswer]) validator.check(answer);
    const list = waitingAnswer.body;
    expect(list.items).toHaveLength(40);
    expect(list.items[0]).toMatchObject({ interceptionId, centreId: centre.id });
    const view = (await as(t, staff).get(`/api/v1/interceptions/${interceptionId}`).expect(200)).body;
    expect(view).toMatchObject({ id: interceptionId, groupSize: 60, recorded: 60, checkedIn: 20, awaitingBed: 40 });
    expect(view.people).toHaveLength(60);
    // The occupancy report counts the arrivals that found no bed, on the day they came.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    const report = (await as(t, t.adminToken).get(`/api/v1/reports/occupancy?centreId=${centre.id}&granularity=day&from=${today}&to=${today}`).expect(200)).body;
    expect(report.items[0]).toMatchObject({ period: today, admissions: 20, arrivalsWithoutBed: 40 });
    expect(report.summary.arrivalsWithoutBed).toBe(40);
  });

  it('records nobody twice when the same request is sent again, or twice at once', async () => {
    const people = await count(`SELECT count(*)::int AS n FROM people`);
    const again = (await as(t, staff).post(`/api/v1/interceptions/${interceptionId}/arrivals`, { centreId: centre.id, ...boat('A') }).expect(200)).body.results as Result[];
    expect(again.map(({ ref, status, personId, stayId, waitingId }) => ({ ref, status, personId, stayId, waitingId }))).toEqual(
      first.map(({ ref, status, personId, stayId, waitingId }) => ({ ref, status, personId, stayId, waitingId })),
    );
    expect(await count(`SELECT count(*)::int AS n FROM people`)).toBe(people);
    // Two staff submitting one roster at the same moment.
    const second = await interception(staff, 12);
    const roster = { centreId: centre.id, people: Array.from({ length: 12 }, (_, i) => ({ ref: `r${i}`, person: newPerson() })) };
    const [a, b] = await Promise.all([
      as(t, staff).post(`/api/v1/interceptions/${second}/arrivals`, roster),
      as(t, staff).post(`/api/v1/interceptions/${second}/arrivals`, roster),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.results.map((result: Result) => result.personId)).toEqual(b.body.results.map((result: Result) => result.personId));
    expect(await count(`SELECT count(*)::int AS n FROM waiting_list WHERE interception_id = $1`, [second])).toBe(12);
    expect(await count(`SELECT count(*)::int AS n FROM people`)).toBe(people + 12);
  });

  it('records the good rows and answers the bad one invalid with its fields; refuses a request too big or with a ref twice', async () => {
    const id = await interception(staff, 3);
    const response = await as(t, staff)
      .post(`/api/v1/interceptions/${id}/arrivals`, {
        centreId: centre.id,
        people: [
          { ref: 'ok1', person: newPerson() },
          { ref: 'bad', person: { ...newPerson(), familyName: '' } },
          { ref: 'both', person: newPerson(), personId: first[0].personId },
          { ref: 'ok2', person: newPerson() },
        ],
      })
      .expect(200);
    const results = response.body.results as Result[];
    expect(results.map((result) => result.status)).toEqual(['awaiting_bed', 'invalid', 'invalid', 'awaiting_bed']);
    expect(results[1]).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(Object.keys(results[1].fields!)).toEqual(['person.familyName']);
    expect(Object.keys(results[2].fields!)).toEqual(['personId']);
    expect(await count(`SELECT count(*)::int AS n FROM waiting_list WHERE interception_id = $1`, [id])).toBe(2);

    const before = await count(`SELECT count(*)::int AS n FROM people`);
    const tooMany = { centreId: centre.id, people: Array.from({ length: 101 }, (_, i) => ({ ref: `x${i}`, person: newPerson() })) };
    expect((await as(t, staff).post(`/api/v1/interceptions/${id}/arrivals`, tooMany).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const twice = { centreId: centre.id, people: [{ ref: 'y', person: newPerson() }, { ref: 'y', person: newPerson() }] };
    expect((await as(t, staff).post(`/api/v1/interceptions/${id}/arrivals`, twice).expect(400)).body.details.fields.people).toBeDefined();
    const strayHousehold = { centreId: centre.id, people: [{ ref: 'z', householdRef: 'nope', person: newPerson() }] };
    await as(t, staff).post(`/api/v1/interceptions/${id}/arrivals`, strayHousehold).expect(400);
    expect(await count(`SELECT count(*)::int AS n FROM people`)).toBe(before);
  });

  it('gives a freed bed to someone waiting, and refuses while none is free', async () => {
    const list = (await as(t, staff).get(`/api/v1/centres/${centre.id}/waiting`).expect(200)).body.items as { id: string; personId: string; householdId: string | null }[];
    const single = list.find((entry) => !entry.householdId)!;
    expect((await as(t, staff).post(`/api/v1/waiting/${single.id}/check-in`, {}).expect(409)).body.code).toBe('NO_BED_AVAILABLE');
    // A man in a bed leaves: the next single man waiting takes his bed.
    const [leaving] = await t.dataSource.query(
      `SELECT s.id FROM stays s JOIN units u ON u.id = s.unit_id WHERE s.interception_id = $1 AND s.checked_out_at IS NULL AND u.housing = 'men' LIMIT 1`,
      [interceptionId],
    );
    await as(t, staff).post(`/api/v1/stays/${leaving.id}/check-out`, { reason: 'moved_to_asylum_accommodation' }).expect(200);
    const men = await t.dataSource.query(`SELECT w.id FROM waiting_list w JOIN people p ON p.id = w.person_id WHERE w.centre_id = $1 AND w.closed_at IS NULL AND w.household_id IS NULL AND p.sex = 'male' ORDER BY w.arrived_at LIMIT 1`, [centre.id]);
    const placed = (await as(t, staff).post(`/api/v1/waiting/${men[0].id}/check-in`, {}).expect(201)).body;
    expect(placed.stay.interceptionId).toBe(interceptionId);
    const [entry] = await t.dataSource.query(`SELECT close_reason, stay_id FROM waiting_list WHERE id = $1`, [men[0].id]);
    expect(entry).toEqual({ close_reason: 'checked_in', stay_id: placed.stay.id });
    expect((await as(t, staff).post(`/api/v1/waiting/${men[0].id}/check-in`, {}).expect(409)).body.code).toBe('WAITING_CLOSED');
    const view = (await as(t, staff).get(`/api/v1/interceptions/${interceptionId}`).expect(200)).body;
    expect(view).toMatchObject({ recorded: 60, checkedIn: 20, awaitingBed: 39 });
  });

  it('lets someone leave the list only with a recorded reason, and keeps other centres out', async () => {
    const list = (await as(t, staff).get(`/api/v1/centres/${centre.id}/waiting`).expect(200)).body.items as { id: string }[];
    const [a, b] = list;
    expect((await as(t, staff).post(`/api/v1/waiting/${a.id}/close`, { reason: 'transferred_elsewhere' }).expect(400)).body.details.fields.toCentreId).toBeDefined();
    expect((await as(t, staff).post(`/api/v1/waiting/${a.id}/close`, { reason: 'gone' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    await as(t, otherStaff).post(`/api/v1/waiting/${a.id}/close`, { reason: 'left' }).expect(404);
    await as(t, otherStaff).get(`/api/v1/centres/${centre.id}/waiting`).expect(404);
    await as(t, otherStaff).get(`/api/v1/interceptions/${interceptionId}`).expect(404);
    const closed = (await as(t, staff).post(`/api/v1/waiting/${a.id}/close`, { reason: 'transferred_elsewhere', toCentreId: other.id }).expect(200)).body;
    expect(closed).toMatchObject({ id: a.id, closeReason: 'transferred_elsewhere' });
    await as(t, staff).post(`/api/v1/waiting/${b.id}/close`, { reason: 'left' }).expect(200);
    expect((await as(t, staff).post(`/api/v1/waiting/${b.id}/close`, { reason: 'left' }).expect(409)).body.code).toBe('WAITING_CLOSED');
    const after = (await as(t, staff).get(`/api/v1/centres/${centre.id}/waiting`).expect(200)).body.items as { id: string }[];
    expect(after.map((entry) => entry.id)).not.toContain(a.id);
    const view = (await as(t, staff).get(`/api/v1/interceptions/${interceptionId}`).expect(200)).body;
    expect(view.recorded).toBe(60); // still recorded: gone from the list, not from the record
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'waiting.close'`);
    expect(n).toBe(2);
  });

  it('answers a disputed age into a removal centre invalid AGE_DISPUTED, and staff of a centre only', async () => {
    const removal = await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 4 }] });
    const removalStaff = await t.userWithToken('staff', [removal.id]);
    const id = await interception(removalStaff, 2);
    const results = (
      await as(t, removalStaff)
        .post(`/api/v1/interceptions/${id}/arrivals`, { centreId: removal.id, people: [{ ref: 'a', person: newPerson({ ageDisputed: true }) }, { ref: 'b', person: newPerson() }] })
        .expect(200)
    ).body.results as Result[];
    expect(results.map((result) => [result.status, result.code])).toEqual([
      ['invalid', 'AGE_DISPUTED'],
      ['checked_in', undefined],
    ]);
    await as(t, removalStaff).post(`/api/v1/interceptions/${id}/arrivals`, { centreId: centre.id, people: [{ ref: 'c', person: newPerson() }] }).expect(404);
    const caseworker = await t.userWithToken('caseworker', [centre.id]);
    await as(t, caseworker).post(`/api/v1/interceptions/${id}/arrivals`, { centreId: centre.id, people: [{ ref: 'c', person: newPerson() }] }).expect(403);
  });
});
