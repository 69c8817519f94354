import type { QueryRunner } from 'typeorm';
import request from 'supertest';
import { AddSafeguarding1796607362442 } from '../../migrations/1796607362442-AddSafeguarding.js';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The data step of the migration that brought in "a departure moves the case out of open": the
 * cases of people who left before it are moved the same way, dated at their check-out, and no
 * other case is touched.
 */
describe('the migration that closes the cases of people who had already left', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('moves each departed person’s open case by exit reason, at the check-out, and leaves the rest alone', async () => {
    const reception = await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 10 }] });
    const removal = await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 10 }] });
    const staff = await userFor(t, 'staff', [reception.id, removal.id]);
    const caseworker = await userFor(t, 'caseworker', [reception.id, removal.id]);
    const as = (who: { token: string }) => ({ Authorization: `Bearer ${who.token}` });
    const checkIn = async (centreId: string) => (await request(t.http).post(`/api/v1/centres/${centreId}/check-ins`).set(as(staff)).send({ person: newPerson() }).expect(201)).body;
    const checkOut = (stayId: string, reason: string) => request(t.http).post(`/api/v1/stays/${stayId}/check-out`).set(as(staff)).send({ reason }).expect(200);

    const released = await checkIn(reception.id);
    await checkOut(released.stay.id, 'absconded');
    const removed = await checkIn(removal.id);
    await checkOut(removed.stay.id, 'removed');
    const claiming = await checkIn(removal.id);
    await request(t.http).post(`/api/v1/cases/${claiming.case.id}/referrals`).set(as(caseworker)).send({ kind: 'asylum' }).expect(201);
    await checkOut(claiming.stay.id, 'released_by_court');
    const transferred = await checkIn(reception.id);
    await request(t.http).post(`/api/v1/stays/${transferred.stay.id}/transfers`).set(as(staff)).send({ toCentreId: removal.id }).expect(201);
    const present = await checkIn(reception.id);

    // As the data stood before the rule: every case still open, with no step after 'open'.
    const ids = [released, removed, claiming, transferred, present].map((checked) => checked.case.id);
    await t.dataSource.query(`DELETE FROM case_status_changes WHERE case_id = ANY($1) AND to_status <> 'open'`, [ids]);
    await t.dataSource.query(`UPDATE cases SET status = 'open', closed_at = NULL WHERE id = ANY($1)`, [ids]);

    // Only the data statements: the schema they run against is already there.
    const runner = { query: (sql: string) => (/^\s*(WITH|UPDATE|INSERT)/.test(sql) ? t.dataSource.query(sql) : Promise.resolve()) } as unknown as QueryRunner;
    await new AddSafeguarding1796607362442().up(runner);

    const rows: { id: string; status: string; closed_at: Date | null; steps: { to: string; at: string }[] }[] = await t.dataSource.query(
      `SELECT c.id, c.status, c.closed_at,
              (SELECT json_agg(json_build_object('to', h.to_status, 'at', h.at) ORDER BY h.at) FROM case_status_changes h WHERE h.case_id = c.id) AS steps
         FROM cases c WHERE c.id = ANY($1)`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    const checkedOutAt = async (stayId: string) => ((await t.dataSource.query(`SELECT checked_out_at FROM stays WHERE id = $1`, [stayId]))[0].checked_out_at as Date).toISOString();

    expect(byId.get(released.case.id)).toMatchObject({ status: 'released', closed_at: null });
    expect(byId.get(released.case.id)!.steps.map((step) => step.to)).toEqual(['open', 'released']);
    expect(new Date(byId.get(released.case.id)!.steps[1].at).toISOString()).toBe(await checkedOutAt(released.stay.id));
    expect(byId.get(removed.case.id)!.status).toBe('closed');
    expect(byId.get(removed.case.id)!.closed_at!.toISOString()).toBe(await checkedOutAt(removed.stay.id));
    // A referral still moving, a transfer (the case goes on at the new centre) and a person present: untouched.
    for (const untouched of [claiming, transferred, present]) {
      expect(byId.get(untouched.case.id)).toMatchObject({ status: 'open' });
      expect(byId.get(untouched.case.id)!.steps.map((step) => step.to)).toEqual(['open']);
    }
  });
});
