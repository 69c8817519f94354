import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import request from 'supertest';
import { FixedClock, JobName, QueueName } from '@escale/platform';
import { AlertsProcessor } from '../../apps/worker/src/alerts/alerts.processor.js';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

const DAY = 86_400_000;

const addMonths = (from: Date, months: number) => {
  const result = new Date(from);
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
};

describe('the Dublin procedure, decisions and their dates', () => {
  const start = new Date('2026-11-20T10:00:00Z');
  const clock = new FixedClock(start);
  let t: TestApp;
  let worker: INestApplicationContext;
  let reception: string;
  let elsewhere: string;
  let staff: { id: string; token: string };
  let caseworker: { id: string; token: string };
  let stranger: { id: string; token: string };
  const bearer = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { TOKEN_TTL_MINUTES: String(5 * 365 * 24 * 60) } });
    worker = await startTestWorker(t.config, { clock, relay: false, schedules: false });
    reception = (await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 20 }] })).id;
    elsewhere = (await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 2 }] })).id;
    staff = await userFor(t, 'staff', [reception]);
    caseworker = await userFor(t, 'caseworker', [reception]);
    stranger = await userFor(t, 'caseworker', [elsewhere]);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });
  beforeEach(() => clock.set(start));

  /** The worker's recurring job, as the scheduler would run it. */
  const runDublinClocks = () => worker.get(AlertsProcessor).process({ name: JobName.ApplyDublinClocks, data: {} } as Job) as Promise<{ accepted: number; lapsed: number }>;
  const move = (id: string, to: string, version: number, extra: Record<string, unknown> = {}) =>
    request(t.http).post(`/api/v1/referrals/${id}/transitions`).set(bearer(caseworker)).send({ to, version, ...extra });
  const get = async (id: string) => (await request(t.http).get(`/api/v1/referrals/${id}`).set(bearer(caseworker)).expect(200)).body;

  /** A person checked in, with a referral registered at the single desk. */
  const registered = async () => {
    const checkedIn = (await request(t.http).post(`/api/v1/centres/${reception}/check-ins`).set(bearer(staff)).send({ person: newPerson() }).expect(201)).body;
    const draft = (await request(t.http).post(`/api/v1/cases/${checkedIn.case.id}/referrals`).set(bearer(caseworker)).send({ kind: 'asylum' }).expect(201)).body;
    const submitted = (await move(draft.id, 'submitted', draft.version).expect(200)).body;
    const referral = (await move(draft.id, 'registered', submitted.version).expect(200)).body;
    return { referral, stayId: checkedIn.stay.id as string, caseId: checkedIn.case.id as string };
  };

  it('walks a Dublin case through request, implicit acceptance, abscondment and lapse back to the French procedure', async () => {
    const { referral, stayId, caseId } = await registered();
    const missing = await move(referral.id, 'dublin_requested', referral.version).expect(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    expect((await get(referral.id)).status).toBe('registered');

    const requested = (await move(referral.id, 'dublin_requested', referral.version, { dublinBasis: 'eurodac_hit', note: 'Eurodac hit: Germany' }).expect(200)).body;
    const replyDue = new Date(start.getTime() + 14 * DAY);
    expect(requested).toMatchObject({ status: 'dublin_requested', nextDeadlineKind: 'dublin_reply', nextDeadline: replyDue.toISOString(), allowedMoves: ['dublin_accepted', 'lodged', 'withdrawn'], dublin: { basis: 'eurodac_hit', abscondedAt: null, transferAppeal: null } });
    const illegal = await move(referral.id, 'dublin_transferred', requested.version).expect(409);
    expect(illegal.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', details: { from: 'dublin_requested', to: 'dublin_transferred', allowed: ['dublin_accepted', 'lodged', 'withdrawn'] } });
    const noAppeal = await request(t.http).post(`/api/v1/referrals/${referral.id}/transfer-appeal`).set(bearer(caseworker)).send({ version: requested.version }).expect(409);
    expect(noAppeal.body.code).toBe('ILLEGAL_TRANSITION');

    // A day before the reply deadline the other state's silence means nothing yet.
    clock.set(new Date(replyDue.getTime() - DAY));
    await runDublinClocks();
    expect((await get(referral.id)).status).toBe('dublin_requested');

    clock.set(new Date(replyDue.getTime() + 3600_000));
    expect(await runDublinClocks()).toEqual({ accepted: 1, lapsed: 0 });
    const accepted = await get(referral.id);
    const transferDue = addMonths(replyDue, 6);
    expect(accepted).toMatchObject({ status: 'dublin_accepted', version: requested.version + 1, nextDeadlineKind: 'dublin_transfer', nextDeadline: transferDue.toISOString(), allowedMoves: ['dublin_transferred', 'lodged', 'withdrawn'] });
    expect(accepted.history.at(-1)).toEqual({ from: 'dublin_requested', to: 'dublin_accepted', at: replyDue.toISOString(), by: null, note: 'implicit_acceptance', decision: null, implicit: true });
    const tasks = await t.dataSource.query(`SELECT params->>'deadlineKind' AS kind, due_at, done_at IS NOT NULL AS done FROM tasks WHERE case_id = $1 AND source = 'deadline' ORDER BY created_at, due_at`, [caseId]);
    expect(tasks.slice(-2)).toEqual([
      { kind: 'dublin_reply', due_at: replyDue, done: true },
      { kind: 'dublin_transfer', due_at: transferDue, done: false },
    ]);
    const [audited] = await t.dataSource.query(`SELECT actor_id, origin FROM audit_events WHERE entity_id = $1 AND action = 'referral.transition' ORDER BY at DESC LIMIT 1`, [referral.id]);
    expect(audited).toEqual({ actor_id: null, origin: 'system' });

    // The person leaves without a word: the transfer may now be made within 18 months.
    clock.set(new Date(replyDue.getTime() + 10 * DAY));
    await request(t.http).post(`/api/v1/stays/${stayId}/check-out`).set(bearer(staff)).send({ reason: 'absconded' }).expect(200);
    const absconded = await get(referral.id);
    const longDue = addMonths(replyDue, 18);
    expect(absconded).toMatchObject({ status: 'dublin_accepted', nextDeadline: longDue.toISOString(), dublin: { abscondedAt: clock.now().toISOString() } });
    const twice = await request(t.http).post(`/api/v1/referrals/${referral.id}/abscondment`).set(bearer(caseworker)).send({ version: absconded.version }).expect(400);
    expect(twice.body.code).toBe('VALIDATION_FAILED');

    // A check-out recorded in error is undone, and the abscondment with it; recorded again, the 18 months are back.
    await request(t.http).post(`/api/v1/stays/${stayId}/reopen`).set(bearer(staff)).expect(200);
    expect(await get(referral.id)).toMatchObject({ nextDeadline: transferDue.toISOString(), dublin: { abscondedAt: null } });
    await request(t.http).post(`/api/v1/stays/${stayId}/check-out`).set(bearer(staff)).send({ reason: 'absconded' }).expect(200);
    expect((await get(referral.id)).nextDeadline).toBe(longDue.toISOString());

    // Six months on, the short deadline would have lapsed; the long one has not.
    clock.set(new Date(transferDue.getTime() + DAY));
    expect(await runDublinClocks()).toEqual({ accepted: 0, lapsed: 0 });
    expect((await get(referral.id)).status).toBe('dublin_accepted');

    clock.set(new Date(longDue.getTime() + DAY));
    expect(await runDublinClocks()).toEqual({ accepted: 0, lapsed: 1 });
    const lapsed = await get(referral.id);
    expect(lapsed).toMatchObject({ status: 'lodged', nextDeadline: null, allowedMoves: ['interview_scheduled', 'decided_granted', 'decided_refused', 'withdrawn'] });
    expect(lapsed.history.at(-1)).toMatchObject({ from: 'dublin_accepted', to: 'lodged', at: longDue.toISOString(), by: null, note: 'transfer_deadline_lapsed', implicit: true });
  });

  it('records an abscondment through the API while the request is pending, and the acceptance then gives 18 months', async () => {
    const { referral } = await registered();
    const requested = (await move(referral.id, 'dublin_requested', referral.version, { dublinBasis: 'take_charge' }).expect(200)).body;
    expect(requested.nextDeadline).toBe(addMonths(start, 2).toISOString());
    const future = await request(t.http).post(`/api/v1/referrals/${referral.id}/abscondment`).set(bearer(caseworker)).send({ version: requested.version, at: new Date(start.getTime() + DAY).toISOString() }).expect(400);
    expect(future.body.code).toBe('VALIDATION_FAILED');
    const early = await request(t.http).post(`/api/v1/referrals/${referral.id}/abscondment`).set(bearer(caseworker)).send({ version: requested.version, at: new Date(start.getTime() - DAY).toISOString() }).expect(400);
    expect(early.body.details.fields).toHaveProperty('at');
    const recorded = (await request(t.http).post(`/api/v1/referrals/${referral.id}/abscondment`).set(bearer(caseworker)).send({ version: requested.version }).expect(200)).body;
    expect(recorded).toMatchObject({ version: requested.version + 1, nextDeadline: requested.nextDeadline, dublin: { abscondedAt: start.toISOString() } });
    clock.set(new Date(start.getTime() + 3 * DAY));
    const acceptedAt = new Date(start.getTime() + 2 * DAY);
    const accepted = (await move(referral.id, 'dublin_accepted', recorded.version, { at: acceptedAt.toISOString() }).expect(200)).body;
    expect(accepted).toMatchObject({ nextDeadlineKind: 'dublin_transfer', nextDeadline: addMonths(acceptedAt, 18).toISOString() });
  });

  it('goes back to the French procedure when the other state refuses', async () => {
    const { referral } = await registered();
    const requested = (await move(referral.id, 'dublin_requested', referral.version, { dublinBasis: 'take_charge' }).expect(200)).body;
    const refused = (await move(referral.id, 'lodged', requested.version, { note: 'Italy refused' }).expect(200)).body;
    expect(refused).toMatchObject({ status: 'lodged', nextDeadline: null, allowedMoves: ['interview_scheduled', 'decided_granted', 'decided_refused', 'withdrawn'] });
    expect(refused.history.at(-1)).toMatchObject({ from: 'dublin_requested', to: 'lodged', by: caseworker.id, implicit: false });
  });

  it('suspends the transfer deadline while an appeal against the transfer is pending, and counts it again from the decision', async () => {
    const { referral } = await registered();
    const requested = (await move(referral.id, 'dublin_requested', referral.version, { dublinBasis: 'take_charge' }).expect(200)).body;
    clock.set(new Date(start.getTime() + 10 * DAY));
    const accepted = (await move(referral.id, 'dublin_accepted', requested.version, { note: 'Spain accepted' }).expect(200)).body;
    expect(accepted.nextDeadline).toBe(addMonths(clock.now(), 6).toISOString());
    clock.set(new Date(start.getTime() + 20 * DAY));
    const appealed = (await request(t.http).post(`/api/v1/referrals/${referral.id}/transfer-appeal`).set(bearer(caseworker)).send({ version: accepted.version }).expect(200)).body;
    expect(appealed).toMatchObject({ status: 'dublin_accepted', nextDeadline: null, dublin: { transferAppeal: { lodgedAt: clock.now().toISOString(), decidedAt: null, outcome: null } } });
    const openTask = await t.dataSource.query(`SELECT 1 FROM tasks WHERE case_id = $1 AND source = 'deadline' AND done_at IS NULL`, [referral.caseId]);
    expect(openTask).toEqual([]);

    // Seven months later nothing has lapsed: the appeal holds the clock.
    clock.set(new Date(start.getTime() + 230 * DAY));
    await runDublinClocks();
    expect((await get(referral.id)).status).toBe('dublin_accepted');

    const tooEarly = await request(t.http).post(`/api/v1/referrals/${referral.id}/transfer-appeal/decision`).set(bearer(caseworker)).send({ version: appealed.version, outcome: 'rejected', decidedAt: new Date(start.getTime() + 19 * DAY).toISOString() }).expect(400);
    expect(tooEarly.body.code).toBe('VALIDATION_FAILED');
    const badOutcome = await request(t.http).post(`/api/v1/referrals/${referral.id}/transfer-appeal/decision`).set(bearer(caseworker)).send({ version: appealed.version, outcome: 'maybe' }).expect(400);
    expect(badOutcome.body.code).toBe('VALIDATION_FAILED');
    const decidedAt = new Date(start.getTime() + 225 * DAY);
    const decided = (await request(t.http).post(`/api/v1/referrals/${referral.id}/transfer-appeal/decision`).set(bearer(caseworker)).send({ version: appealed.version, outcome: 'rejected', decidedAt: decidedAt.toISOString() }).expect(200)).body;
    expect(decided).toMatchObject({ status: 'dublin_accepted', nextDeadlineKind: 'dublin_transfer', nextDeadline: addMonths(decidedAt, 6).toISOString(), dublin: { transferAppeal: { decidedAt: decidedAt.toISOString(), outcome: 'rejected' } } });
    const again = await request(t.http).post(`/api/v1/referrals/${referral.id}/transfer-appeal/decision`).set(bearer(caseworker)).send({ version: decided.version, outcome: 'allowed' }).expect(409);
    expect(again.body.code).toBe('ILLEGAL_TRANSITION');

    const transferred = (await move(referral.id, 'dublin_transferred', decided.version).expect(200)).body;
    expect(transferred).toMatchObject({ status: 'dublin_transferred', nextDeadline: null, allowedMoves: [] });
    const after = await move(referral.id, 'lodged', transferred.version).expect(409);
    expect(after.body.code).toBe('ILLEGAL_TRANSITION');
  });

  it('annuls the transfer when the appeal against it is allowed: France examines the claim', async () => {
    const { referral } = await registered();
    const requested = (await move(referral.id, 'dublin_requested', referral.version, { dublinBasis: 'eurodac_hit' }).expect(200)).body;
    const accepted = (await move(referral.id, 'dublin_accepted', requested.version).expect(200)).body;
    const appealed = (await request(t.http).post(`/api/v1/referrals/${referral.id}/transfer-appeal`).set(bearer(caseworker)).send({ version: accepted.version }).expect(200)).body;
    clock.set(new Date(start.getTime() + 30 * DAY));
    const allowed = (await request(t.http).post(`/api/v1/referrals/${referral.id}/transfer-appeal/decision`).set(bearer(caseworker)).send({ version: appealed.version, outcome: 'allowed' }).expect(200)).body;
    expect(allowed).toMatchObject({ status: 'lodged', dublin: { transferAppeal: { outcome: 'allowed' } } });
    expect(allowed.history.at(-1)).toMatchObject({ from: 'dublin_accepted', to: 'lodged', note: 'transfer_appeal_allowed', by: caseworker.id });
  });

  it('records what each decision was, never in the future, and counts the outcomes', async () => {
    const { referral } = await registered();
    const lodged = (await move(referral.id, 'lodged', referral.version).expect(200)).body;
    const wrongKind = await move(referral.id, 'decided_refused', lodged.version, { decision: 'refugee_status' }).expect(400);
    expect(wrongKind.body.details.fields).toHaveProperty('decision');
    const future = await move(referral.id, 'decided_refused', lodged.version, { decision: 'inadmissible', at: new Date(start.getTime() + DAY).toISOString() }).expect(400);
    expect(future.body.code).toBe('VALIDATION_FAILED');
    const misplaced = await move(referral.id, 'interview_scheduled', lodged.version, { decision: 'refusal' }).expect(400);
    expect(misplaced.body.code).toBe('VALIDATION_FAILED');
    expect((await get(referral.id)).version).toBe(lodged.version);

    const refused = (await move(referral.id, 'decided_refused', lodged.version, { decision: 'inadmissible' }).expect(200)).body;
    expect(refused).toMatchObject({ status: 'decided_refused', decision: 'inadmissible', appealDecision: null });
    expect(refused.history.at(-1)).toMatchObject({ to: 'decided_refused', decision: 'inadmissible' });
    const appealed = (await move(referral.id, 'appeal_lodged', refused.version).expect(200)).body;
    const granted = (await move(referral.id, 'appeal_granted', appealed.version, { decision: 'subsidiary_protection' }).expect(200)).body;
    expect(granted).toMatchObject({ status: 'appeal_granted', decision: 'inadmissible', appealDecision: 'subsidiary_protection' });

    const admin = { token: t.adminToken };
    const outcomes = (await request(t.http).get('/api/v1/reports/outcomes').query({ from: '2026-11-01', to: '2026-11-30' }).set(bearer(admin)).expect(200)).body;
    const counted = Object.fromEntries(outcomes.referralOutcomes.map((row: { outcome: string; count: number | string }) => [row.outcome, row.count]));
    expect(Object.keys(counted)).toContain('dublin_transferred');
    expect(Object.keys(counted)).not.toContain('dublin_transfer');
    expect(counted.appeal_granted).toBeGreaterThanOrEqual(1);
  });

  it('records the GUDA, OFPRA and CNDA dates, not before the referral, and shows them on the agenda', async () => {
    const { referral } = await registered();
    const setDate = (body: Record<string, unknown>, user = caseworker) => request(t.http).post(`/api/v1/referrals/${referral.id}/dates`).set(bearer(user)).send(body);
    const before = await setDate({ version: referral.version, kind: 'ofpra_interview', at: new Date(start.getTime() - DAY).toISOString() }).expect(400);
    expect(before.body.code).toBe('VALIDATION_FAILED');
    await setDate({ version: referral.version, kind: 'prefecture', at: start.toISOString() }).expect(400);
    const interviewAt = new Date(start.getTime() + 12 * DAY);
    const dated = (await setDate({ version: referral.version, kind: 'ofpra_interview', at: interviewAt.toISOString() }).expect(200)).body;
    expect(dated).toMatchObject({ version: referral.version + 1, dates: { ofpraInterviewAt: interviewAt.toISOString(), gudaAppointmentAt: null, cndaHearingAt: null } });
    const stale = await setDate({ version: referral.version, kind: 'cnda_hearing', at: interviewAt.toISOString() }).expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');

    const agenda = (await request(t.http).get('/api/v1/agenda').query({ from: start.toISOString(), to: new Date(start.getTime() + 30 * DAY).toISOString(), kind: 'ofpra_interview' }).set(bearer(caseworker)).expect(200)).body;
    expect(agenda.items).toEqual([expect.objectContaining({ kind: 'ofpra_interview', dueAt: interviewAt.toISOString(), referralId: referral.id, caseId: referral.caseId })]);

    const cleared = (await setDate({ version: dated.version, kind: 'ofpra_interview', at: null }).expect(200)).body;
    expect(cleared.dates.ofpraInterviewAt).toBeNull();
  });

  it('counts the single desk’s working days over French public holidays', async () => {
    // Thursday 30 April 2026: Friday is 1 May, then the weekend.
    clock.set(new Date('2026-04-30T10:00:00Z'));
    const checkedIn = (await request(t.http).post(`/api/v1/centres/${reception}/check-ins`).set(bearer(staff)).send({ person: newPerson() }).expect(201)).body;
    const draft = (await request(t.http).post(`/api/v1/cases/${checkedIn.case.id}/referrals`).set(bearer(caseworker)).send({ kind: 'asylum' }).expect(201)).body;
    const submitted = (await move(draft.id, 'submitted', draft.version).expect(200)).body;
    expect(submitted).toMatchObject({ nextDeadlineKind: 'registration', nextDeadline: '2026-05-06T10:00:00.000Z' });
  });

  it('keeps another centre’s referral out of reach (404) and the Dublin steps to caseworkers (403)', async () => {
    const { referral } = await registered();
    const as = (user: { token: string }) => ({
      abscond: () => request(t.http).post(`/api/v1/referrals/${referral.id}/abscondment`).set(bearer(user)).send({ version: referral.version }),
      appeal: () => request(t.http).post(`/api/v1/referrals/${referral.id}/transfer-appeal`).set(bearer(user)).send({ version: referral.version }),
      decide: () => request(t.http).post(`/api/v1/referrals/${referral.id}/transfer-appeal/decision`).set(bearer(user)).send({ version: referral.version, outcome: 'rejected' }),
      date: () => request(t.http).post(`/api/v1/referrals/${referral.id}/dates`).set(bearer(user)).send({ version: referral.version, kind: 'guda_appointment', at: start.toISOString() }),
      move: () => request(t.http).post(`/api/v1/referrals/${referral.id}/transitions`).set(bearer(user)).send({ version: referral.version, to: 'dublin_requested', dublinBasis: 'eurodac_hit' }),
    });
    for (const call of Object.values(as(stranger))) expect((await call().expect(404)).body.code).toBe('NOT_FOUND');
    for (const call of Object.values(as(staff))) expect((await call().expect(403)).body.code).toBe('FORBIDDEN');
    expect(await get(referral.id)).toMatchObject({ status: 'registered', version: referral.version, dates: { gudaAppointmentAt: null } });
  });

  // Last: it registers the recurring jobs, which the tests above run by hand.
  it('has the worker run the Dublin clocks every 15 minutes', async () => {
    const scheduling = await startTestWorker(t.config, { clock, relay: false });
    try {
      const queue = scheduling.get<Queue>(getQueueToken(QueueName.Alerts), { strict: false });
      expect(await queue.getJobSchedulers()).toContainEqual(expect.objectContaining({ key: 'dublin-clocks', every: 15 * 60_000, name: JobName.ApplyDublinClocks }));
    } finally {
      await scheduling.close();
      // The other tests' worker must not run the schedules on its own: they are removed again.
      for (const name of Object.values(QueueName)) {
        const scheduled = worker.get<Queue>(getQueueToken(name), { strict: false });
        for (const scheduler of await scheduled.getJobSchedulers()) await scheduled.removeJobScheduler(scheduler.key);
      }
    }
  });
});

describe('the Dublin durations, as configured', () => {
  const start = new Date('2026-11-20T10:00:00Z');
  let t: TestApp;

  afterAll(() => t?.close());

  it('follows DUBLIN_EURODAC_REPLY_WEEKS, DUBLIN_TRANSFER_MONTHS and REFERRAL_REGISTRATION_WORKING_DAYS', async () => {
    t = await startTestApp({ clock: new FixedClock(start), env: { DUBLIN_EURODAC_REPLY_WEEKS: '1', DUBLIN_TRANSFER_MONTHS: '3', REFERRAL_REGISTRATION_WORKING_DAYS: '10' } });
    const centre = (await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 2 }] })).id;
    const staff = await userFor(t, 'staff', [centre]);
    const caseworker = await userFor(t, 'caseworker', [centre]);
    const as = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });
    const checkedIn = (await request(t.http).post(`/api/v1/centres/${centre}/check-ins`).set(as(staff)).send({ person: newPerson() }).expect(201)).body;
    let referral = (await request(t.http).post(`/api/v1/cases/${checkedIn.case.id}/referrals`).set(as(caseworker)).send({ kind: 'asylum' }).expect(201)).body;
    const step = async (to: string, extra: Record<string, unknown> = {}) =>
      (referral = (await request(t.http).post(`/api/v1/referrals/${referral.id}/transitions`).set(as(caseworker)).send({ to, version: referral.version, ...extra }).expect(200)).body);
    // Ten working days from Friday 20 November 2026: 4 December.
    expect((await step('submitted')).nextDeadline).toBe('2026-12-04T10:00:00.000Z');
    await step('registered');
    expect((await step('dublin_requested', { dublinBasis: 'eurodac_hit' })).nextDeadline).toBe('2026-11-27T10:00:00.000Z');
    expect((await step('dublin_accepted')).nextDeadline).toBe('2027-02-20T10:00:00.000Z');
  });
});
