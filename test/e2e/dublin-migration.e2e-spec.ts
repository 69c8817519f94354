import request from 'supertest';
import { DublinStages1796720000000 } from '../../migrations/1796720000000-DublinStages.js';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The migration that splits the Dublin transfer into stages: referrals, their steps and the
 * counted outcomes in `dublin_transfer` become `dublin_transferred`, which closes a referral as
 * before; stays' exit reason of the same name is a different thing and is left alone.
 */
describe('the migration to the Dublin stages', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('renames dublin_transfer in referrals, steps and counted outcomes, and keeps the one-open-referral rule and the checks', async () => {
    const centre = await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 4 }] });
    const staff = await userFor(t, 'staff', [centre.id]);
    const caseworker = await userFor(t, 'caseworker', [centre.id]);
    const as = (who: { token: string }) => ({ Authorization: `Bearer ${who.token}` });
    const checkedIn = (await request(t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set(as(staff)).send({ person: newPerson() }).expect(201)).body;
    const referral = (await request(t.http).post(`/api/v1/cases/${checkedIn.case.id}/referrals`).set(as(caseworker)).send({ kind: 'asylum' }).expect(201)).body;
    const departed = (await request(t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set(as(staff)).send({ person: newPerson() }).expect(201)).body;
    await request(t.http).post(`/api/v1/stays/${departed.stay.id}/check-out`).set(as(staff)).send({ reason: 'dublin_transfer' }).expect(200);

    const migration = new DublinStages1796720000000();
    const runner = t.dataSource.createQueryRunner();
    try {
      // The data as it stood before: a referral ended by a Dublin transfer, its step, its month counted.
      await migration.down(runner);
      await t.dataSource.query(`UPDATE referrals SET status = 'dublin_transfer' WHERE id = $1`, [referral.id]);
      await t.dataSource.query(`INSERT INTO referral_transitions (referral_id, from_status, to_status, at) VALUES ($1, 'draft', 'dublin_transfer', now())`, [referral.id]);
      await t.dataSource.query(`INSERT INTO outcome_snapshots (centre_id, month, measure, value, taken_at) VALUES ($1, '2026-10-01', 'referral:dublin_transfer', 3, now()), ($1, '2026-10-01', 'exit:dublin_transfer', 2, now())`, [centre.id]);
      await migration.up(runner);
    } finally {
      await runner.release();
    }

    expect((await t.dataSource.query(`SELECT status FROM referrals WHERE id = $1`, [referral.id]))[0].status).toBe('dublin_transferred');
    expect((await t.dataSource.query(`SELECT to_status FROM referral_transitions WHERE referral_id = $1 ORDER BY at`, [referral.id])).map((row: { to_status: string }) => row.to_status)).toEqual(['draft', 'dublin_transferred']);
    expect(await t.dataSource.query(`SELECT measure, value FROM outcome_snapshots WHERE centre_id = $1 ORDER BY measure`, [centre.id])).toEqual([
      { measure: 'exit:dublin_transfer', value: '2' },
      { measure: 'referral:dublin_transferred', value: '3' },
    ]);
    expect((await t.dataSource.query(`SELECT exit_reason FROM stays WHERE id = $1`, [departed.stay.id]))[0].exit_reason).toBe('dublin_transfer');
    const read = (await request(t.http).get(`/api/v1/referrals/${referral.id}`).set(as(caseworker)).expect(200)).body;
    expect(read).toMatchObject({ status: 'dublin_transferred', allowedMoves: [] });

    // A transferred referral is closed: the case may have a new one, and only one open.
    await request(t.http).post(`/api/v1/cases/${checkedIn.case.id}/referrals`).set(as(caseworker)).send({ kind: 'asylum' }).expect(201);
    expect((await request(t.http).post(`/api/v1/cases/${checkedIn.case.id}/referrals`).set(as(caseworker)).send({ kind: 'asylum' }).expect(409)).body.code).toBe('REFERRAL_ALREADY_OPEN');

    // The old status is gone, and a Dublin request names what it rests on.
    await expect(t.dataSource.query(`UPDATE referrals SET status = 'dublin_transfer' WHERE id = $1`, [referral.id])).rejects.toThrow(/referrals_status_check/);
    await expect(t.dataSource.query(`UPDATE referrals SET status = 'dublin_requested' WHERE id = $1`, [referral.id])).rejects.toThrow(/referrals_dublin_requested_basis_check/);
    await expect(t.dataSource.query(`UPDATE referral_transitions SET decision = 'refusal' WHERE referral_id = $1 AND to_status = 'draft'`, [referral.id])).rejects.toThrow(/referral_transitions_decision_check/);
  });
});
