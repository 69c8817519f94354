import request from 'supertest';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('check-in races: no bed is ever given twice', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each([1, 2, 3])('gives 50 beds to exactly 50 of 200 people checking in at once (round %i)', async () => {
    const centre = await createCentre(t, { units: [{ housing: 'men', beds: 30 }, { housing: 'mixed', beds: 20 }] });
    const staff = await userFor(t, 'staff', [centre.id]);
    const responses = await Promise.all(
      Array.from({ length: 200 }, () =>
        request(t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set('Authorization', `Bearer ${staff.token}`).send({ person: newPerson() }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(50);
    const refused = responses.filter((response) => response.status === 409);
    expect(refused).toHaveLength(150);
    expect(new Set(refused.map((response) => response.body.code))).toEqual(new Set(['NO_BED_AVAILABLE']));
    const beds = responses.filter((response) => response.status === 201).map((response) => response.body.stay.bedId);
    expect(new Set(beds).size).toBe(50);
    const [row] = await t.dataSource.query(
      `SELECT count(*)::int AS stays, count(DISTINCT bed_id)::int AS beds FROM stays WHERE centre_id = $1 AND checked_out_at IS NULL`,
      [centre.id],
    );
    expect(row).toEqual({ stays: 50, beds: 50 });
    // Refused check-ins changed nothing: no person, case or stay was left behind.
    const [orphans] = await t.dataSource.query(`SELECT count(*)::int AS n FROM people p WHERE NOT EXISTS (SELECT 1 FROM stays s WHERE s.person_id = p.id)`);
    expect(orphans.n).toBe(0);
    const occupancy = await request(t.http).get(`/api/v1/centres/${centre.id}/occupancy`).set('Authorization', `Bearer ${staff.token}`).expect(200);
    expect(occupancy.body).toMatchObject({ capacity: 50, occupied: 50, available: 0 });
  });

  it('gives one person exactly one stay when 50 check-ins of them race', async () => {
    const centre = await createCentre(t, { units: [{ housing: 'men', beds: 60 }] });
    const staff = await userFor(t, 'staff', [centre.id]);
    const first = await request(t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set('Authorization', `Bearer ${staff.token}`).send({ person: newPerson() }).expect(201);
    const personId = first.body.person.id;
    await request(t.http)
      .post(`/api/v1/stays/${first.body.stay.id}/check-out`)
      .set('Authorization', `Bearer ${staff.token}`)
      .send({ reason: 'released_by_court' })
      .expect(200);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => request(t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set('Authorization', `Bearer ${staff.token}`).send({ personId })),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    const refused = responses.filter((response) => response.status !== 201);
    expect(refused.every((response) => response.status === 409 && response.body.code === 'PERSON_ALREADY_IN_CENTRE')).toBe(true);
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM stays WHERE person_id = $1 AND checked_out_at IS NULL`, [personId]);
    expect(row.n).toBe(1);
    const [beds] = await t.dataSource.query(`SELECT count(*)::int AS n FROM beds WHERE centre_id = $1 AND occupied`, [centre.id]);
    expect(beds.n).toBe(1);
  });

  it('refuses, in the database itself, a second open stay on a bed or for a person', async () => {
    const centre = await createCentre(t, { units: [{ housing: 'men', beds: 2 }] });
    const staff = await userFor(t, 'staff', [centre.id]);
    const checkIn = await request(t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set('Authorization', `Bearer ${staff.token}`).send({ person: newPerson() }).expect(201);
    const { id, bedId } = checkIn.body.stay;
    const copy = (overrides: string) =>
      t.dataSource.query(
        `INSERT INTO stays (person_id, centre_id, unit_id, bed_id, case_id, checked_in_at, legal_limit_at, next_welfare_check_due)
         SELECT ${overrides}, centre_id, unit_id, bed_id, case_id, now(), legal_limit_at, now() FROM stays WHERE id = $1`,
        [id],
      );
    const [stranger] = await t.dataSource.query(
      `INSERT INTO people (family_name, given_names, date_of_birth, sex, search_text, search_skeleton) VALUES ('X', 'Y', '1990-01-01', 'male', 'y x', 'y x') RETURNING id`,
    );
    await expect(copy(`'${stranger.id}'::uuid`)).rejects.toThrow(/stays_(bed_no_overlap|open_bed_key)/);
    await expect(
      t.dataSource.query(
        `INSERT INTO stays (person_id, centre_id, unit_id, bed_id, case_id, checked_in_at, legal_limit_at, next_welfare_check_due)
         SELECT person_id, centre_id, unit_id, (SELECT id FROM beds WHERE centre_id = $2 AND id <> $3 LIMIT 1), case_id, now(), legal_limit_at, now() FROM stays WHERE id = $1`,
        [id, centre.id, bedId],
      ),
    ).rejects.toThrow(/stays_(person_no_overlap|open_person_key)/);
  });
});
