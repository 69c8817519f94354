import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { StaysService } from '@escale/stays';
import { FixedClock, QueueName } from '@escale/platform';
import { WelfareAlertsService } from '@escale/welfare';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { responseValidator, type ResponseValidator } from '../support/openapi.js';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('welfare checks, vulnerabilities and holding clocks', () => {
  const start = new Date('2026-11-20T21:40:00Z');
  const clock = new FixedClock(start);
  let t: TestApp;
  let staff: { id: string; token: string };
  let removalId: string;
  let receptionId: string;
  let validator: ResponseValidator;
  const as = () => ({ Authorization: `Bearer ${staff.token}` });
  const iso = (ms: number) => new Date(ms).toISOString();

  beforeAll(async () => {
    // Tokens outlive the days these tests move the clock through.
    t = await startTestApp({ clock, env: { TOKEN_TTL_MINUTES: String(365 * 24 * 60) } });
    removalId = (await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 10 }] })).id;
    receptionId = (await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 10 }] })).id;
    staff = await userFor(t, 'staff', [removalId, receptionId]);
    validator = await responseValidator(t.http);
  });
  afterAll(() => t.close());
  beforeEach(() => clock.set(start));

  const checkIn = async (centreId = removalId, person = newPerson()) =>
    (await request(t.http).post(`/api/v1/centres/${centreId}/check-ins`).set(as()).send({ person }).expect(201)).body;

  it('walks a stay through its levels with due times to the minute', async () => {
    const { stay } = await checkIn();
    const fetched = await request(t.http).get(`/api/v1/stays/${stay.id}`).set(as()).expect(200);
    expect(fetched.body.welfareLevel).toBe('standard');
    expect(fetched.body.nextWelfareCheckDue).toBe(iso(start.getTime() + HOUR));

    clock.advance(50 * MINUTE);
    const first = await request(t.http).post(`/api/v1/stays/${stay.id}/welfare-checks`).set(as()).send({ outcome: 'seen_well' }).expect(201);
    expect(first.body.nextWelfareCheckDue).toBe(iso(start.getTime() + 50 * MINUTE + DAY));

    clock.advance(10 * MINUTE);
    const raised = await request(t.http).put(`/api/v1/stays/${stay.id}/welfare-level`).set(as()).send({ level: 'heightened', reason: 'Low mood reported by roommate' }).expect(200);
    expect(raised.body).toEqual({ welfareLevel: 'heightened', nextWelfareCheckDue: iso(start.getTime() + 50 * MINUTE + 4 * HOUR) });

    const constant = await request(t.http).put(`/api/v1/stays/${stay.id}/welfare-level`).set(as()).send({ level: 'constant', reason: 'Self-harm risk' }).expect(200);
    expect(constant.body.nextWelfareCheckDue).toBe(iso(start.getTime() + 50 * MINUTE + 15 * MINUTE));

    clock.advance(4 * MINUTE);
    const check = await request(t.http).post(`/api/v1/stays/${stay.id}/welfare-checks`).set(as()).send({ outcome: 'seen_well' }).expect(201);
    expect(check.body.nextWelfareCheckDue).toBe(iso(start.getTime() + 64 * MINUTE + 15 * MINUTE));

    const lowered = await request(t.http).put(`/api/v1/stays/${stay.id}/welfare-level`).set(as()).send({ level: 'standard', reason: 'Reviewed by the doctor' }).expect(200);
    for (const answer of [first, raised, check, lowered]) validator.check(answer);
    expect(lowered.body.nextWelfareCheckDue).toBe(iso(start.getTime() + 64 * MINUTE + DAY));

    const timeline = await request(t.http).get(`/api/v1/stays/${stay.id}/timeline`).set(as()).expect(200);
    validator.check(timeline);
    expect(timeline.body.items.map((event: { kind: string }) => event.kind)).toEqual(['check_in', 'welfare_check', 'level_change', 'level_change', 'welfare_check', 'level_change']);
    expect(timeline.body.items[2].detail).toEqual({ from: 'standard', to: 'heightened', reason: 'Low mood reported by roommate', vulnerabilityType: null });
  });

  it('lists overdue checks, and refuses checks in the future or before check-in', async () => {
    const { stay } = await checkIn();
    clock.advance(HOUR + MINUTE);
    const overdue = await request(t.http).get(`/api/v1/welfare-checks/overdue?centreId=${removalId}`).set(as()).expect(200);
    validator.check(overdue);
    const mine = overdue.body.items.find((item: { stayId: string }) => item.stayId === stay.id);
    expect(mine).toMatchObject({ welfareLevel: 'standard', overdueMinutes: 1 });
    const future = await request(t.http).post(`/api/v1/stays/${stay.id}/welfare-checks`).set(as()).send({ outcome: 'seen_well', performedAt: iso(clock.now().getTime() + HOUR) }).expect(400);
    expect(future.body.details.fields.performedAt).toEqual(['must not be in the future']);
    await request(t.http).post(`/api/v1/stays/${stay.id}/welfare-checks`).set(as()).send({ outcome: 'seen_well', performedAt: iso(start.getTime() - HOUR) }).expect(400);
    await request(t.http).post(`/api/v1/stays/${stay.id}/welfare-checks`).set(as()).send({ outcome: 'fine' }).expect(400);
    // A record may be late, but not more than 30 days late.
    clock.advance(40 * DAY);
    const stale = await request(t.http).post(`/api/v1/stays/${stay.id}/welfare-checks`).set(as()).send({ outcome: 'seen_well', performedAt: iso(start.getTime() + 5 * DAY) }).expect(400);
    expect(stale.body.details.fields.performedAt).toEqual(['must be within the last 30 days']);
  });

  it('raises the level for a vulnerability and makes a task for the caseworker', async () => {
    const { stay, person, case: opened } = await checkIn();
    const recorded = await request(t.http).post(`/api/v1/people/${person.id}/vulnerabilities`).set(as()).send({ type: 'suicide_self_harm_risk' }).expect(201);
    expect(recorded.body.welfareLevel).toBe('constant');
    validator.check(recorded);
    const fetched = await request(t.http).get(`/api/v1/stays/${stay.id}`).set(as()).expect(200);
    expect(fetched.body.welfareLevel).toBe('constant');
    expect(fetched.body.nextWelfareCheckDue).toBe(iso(start.getTime() + 15 * MINUTE));
    // A lesser vulnerability never lowers it.
    await request(t.http).post(`/api/v1/people/${person.id}/vulnerabilities`).set(as()).send({ type: 'elderly' }).expect(201);
    expect((await request(t.http).get(`/api/v1/stays/${stay.id}`).set(as())).body.welfareLevel).toBe('constant');
    const tasks = await t.dataSource.query(`SELECT source, kind, params, title FROM tasks WHERE case_id = $1 ORDER BY created_at`, [opened.id]);
    expect(tasks).toEqual([
      { source: 'vulnerability', kind: 'vulnerability_review', params: { vulnerabilityType: 'suicide_self_harm_risk' }, title: null },
      { source: 'vulnerability', kind: 'vulnerability_review', params: { vulnerabilityType: 'elderly' }, title: null },
    ]);
    // Why the level rose is the vulnerability's code, not a sentence: pages word it.
    const timeline = (await request(t.http).get(`/api/v1/stays/${stay.id}/timeline`).set(as()).expect(200)).body.items;
    expect(timeline.find((event: { kind: string }) => event.kind === 'level_change').detail).toEqual({ from: 'standard', to: 'constant', reason: null, vulnerabilityType: 'suicide_self_harm_risk' });
  });

  it('records a vulnerability only through the stay holding the person: an earlier centre cannot change another centre’s stay', async () => {
    const { stay, person } = await checkIn(receptionId);
    const transferred = await request(t.http).post(`/api/v1/stays/${stay.id}/transfers`).set(as()).send({ toCentreId: removalId }).expect(201);
    const earlier = await userFor(t, 'staff', [receptionId]);
    const refused = await request(t.http).post(`/api/v1/people/${person.id}/vulnerabilities`).set('Authorization', `Bearer ${earlier.token}`).send({ type: 'suicide_self_harm_risk' }).expect(404);
    expect(refused.body.code).toBe('NOT_FOUND');
    expect((await request(t.http).get(`/api/v1/stays/${transferred.body.id}`).set(as()).expect(200)).body.welfareLevel).toBe('standard');
    const recorded = await request(t.http).post(`/api/v1/people/${person.id}/vulnerabilities`).set(as()).send({ type: 'suicide_self_harm_risk' }).expect(201);
    expect(recorded.body).toMatchObject({ stayId: transferred.body.id, welfareLevel: 'constant' });
  });

  it('makes a task of a concern raised in a check', async () => {
    const { stay, case: opened } = await checkIn();
    await request(t.http).post(`/api/v1/stays/${stay.id}/welfare-checks`).set(as()).send({ outcome: 'concern_raised', notes: 'Not eating' }).expect(201);
    const tasks = await t.dataSource.query(`SELECT source, due_at FROM tasks WHERE case_id = $1`, [opened.id]);
    expect(tasks).toEqual([{ source: 'welfare_concern', due_at: new Date(start.getTime() + DAY) }]);
  });

  it('extends authority in the configured sequence up to 90 days, and refuses the rest', async () => {
    const { stay } = await checkIn();
    expect(stay.authorisedUntil).toBe(iso(start.getTime() + 4 * DAY));
    expect(stay.legalLimitAt).toBe(iso(start.getTime() + 90 * DAY));
    const extend = (days: number) => request(t.http).post(`/api/v1/stays/${stay.id}/extensions`).set(as()).send({ decidedAt: iso(clock.now().getTime()), days, decidedBy: 'JLD de Lille' });

    const wrong = await extend(30).expect(409);
    expect(wrong.body.code).toBe('EXTENSION_NOT_ALLOWED');
    let until = start.getTime() + 4 * DAY;
    for (const days of [26, 30, 15, 15]) {
      const response = await extend(days).expect(201);
      until += days * DAY;
      expect(response.body.stay.authorisedUntil).toBe(iso(until));
    }
    expect(until).toBe(start.getTime() + 90 * DAY);
    const beyond = await extend(15).expect(409);
    expect(beyond.body.code).toBe('EXTENSION_NOT_ALLOWED');
    const future = await request(t.http).post(`/api/v1/stays/${stay.id}/extensions`).set(as()).send({ decidedAt: iso(clock.now().getTime() + DAY), days: 26, decidedBy: 'JLD' }).expect(400);
    expect(future.body.code).toBe('VALIDATION_FAILED');
  });

  it('has no judicial clock in a reception centre', async () => {
    const { stay } = await checkIn(receptionId);
    expect(stay.authorisedUntil).toBeNull();
    expect(stay.legalLimitAt).toBe(iso(start.getTime() + 7 * DAY));
    const fetched = await request(t.http).get(`/api/v1/stays/${stay.id}`).set(as()).expect(200);
    expect(fetched.body.asylumClaimWindowEndsAt).toBeNull();
    const refused = await request(t.http).post(`/api/v1/stays/${stay.id}/extensions`).set(as()).send({ decidedAt: iso(start.getTime()), days: 26, decidedBy: 'JLD' }).expect(409);
    expect(refused.body.code).toBe('EXTENSION_NOT_ALLOWED');
  });

  it('shows the 5-day asylum-claim window on a removal-centre stay, from the rights notice’s hand-over', async () => {
    const { stay } = await checkIn();
    expect((await request(t.http).get(`/api/v1/stays/${stay.id}`).set(as()).expect(200)).body).toMatchObject({ asylumClaimWindowEndsAt: null, rightsNotifiedAt: null });
    const handedOver = new Date(start.getTime() + HOUR);
    await t.dataSource.transaction((manager) => t.app.get(StaysService).recordRightsNotified(manager, stay.id, handedOver));
    const fetched = await request(t.http).get(`/api/v1/stays/${stay.id}`).set(as()).expect(200);
    expect(fetched.body).toMatchObject({ asylumClaimWindowEndsAt: iso(handedOver.getTime() + 5 * DAY), rightsNotifiedAt: handedOver.toISOString() });
  });

  it('raises one alert per episode, however often the scan runs, and resolves it when done', async () => {
    const centre = await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 3 }] });
    const local = await userFor(t, 'staff', [centre.id]);
    const { stay } = (await request(t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set('Authorization', `Bearer ${local.token}`).send({ person: newPerson() }).expect(201)).body;
    const scanner = t.app.get(WelfareAlertsService);
    const alerts = async () => (await request(t.http).get(`/api/v1/alerts?centreId=${centre.id}`).set('Authorization', `Bearer ${local.token}`).expect(200)).body.items;

    clock.advance(HOUR + MINUTE);
    await scanner.scan();
    await scanner.scan();
    expect((await alerts()).map((alert: { kind: string }) => alert.kind)).toEqual(['welfare_check_overdue']);

    await request(t.http).post(`/api/v1/stays/${stay.id}/welfare-checks`).set('Authorization', `Bearer ${local.token}`).send({ outcome: 'seen_well' }).expect(201);
    expect(await alerts()).toEqual([]);

    // The next day's check missed: a new episode, a new alert.
    clock.advance(DAY + MINUTE);
    await scanner.scan();
    await scanner.scan();
    expect((await alerts()).filter((alert: { kind: string }) => alert.kind === 'welfare_check_overdue')).toHaveLength(1);

    // Authority expiring within 24 hours, then expired: one alert each.
    clock.set(new Date(start.getTime() + 3 * DAY + 12 * HOUR));
    await scanner.scan();
    await scanner.scan();
    expect((await alerts()).filter((alert: { kind: string }) => alert.kind === 'authority_expiring')).toHaveLength(1);
    clock.set(new Date(start.getTime() + 4 * DAY + MINUTE));
    await scanner.scan();
    const now = await alerts();
    expect(now.filter((alert: { kind: string }) => alert.kind === 'authority_expired')).toEqual([expect.objectContaining({ severity: 'urgent' })]);
    expect(now.filter((alert: { kind: string }) => alert.kind === 'authority_expiring')).toEqual([]);
    // And the rights notice was never recorded as handed over: one alert since two hours after arrival.
    expect(now.filter((alert: { kind: string }) => alert.kind === 'rights_not_notified')).toHaveLength(1);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM alerts WHERE stay_id = $1`, [stay.id]);
    expect(n).toBe(5);
  });

  it('alerts on an unanswered medical report, and stops once it is answered', async () => {
    const centre = await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 2 }] });
    const local = await userFor(t, 'staff', [centre.id]);
    const auth = { Authorization: `Bearer ${local.token}` };
    const { stay } = (await request(t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set(auth).send({ person: newPerson() }).expect(201)).body;
    const report = validator.checked(await request(t.http).post(`/api/v1/stays/${stay.id}/medical-reports`).set(auth).send({ kind: 'possible_torture', sentTo: 'Préfecture du Nord' }).expect(201));
    expect(report.body.replyDueAt).toBe(iso(start.getTime() + 2 * DAY));
    clock.advance(2 * DAY + MINUTE);
    await t.app.get(WelfareAlertsService).scan();
    const kinds = async () => (await request(t.http).get(`/api/v1/alerts?centreId=${centre.id}`).set(auth)).body.items.map((alert: { kind: string }) => alert.kind);
    expect(await kinds()).toContain('medical_report_unanswered');
    const replied = validator.checked(await request(t.http).post(`/api/v1/medical-reports/${report.body.id}/reply`).set(auth).send({ replySummary: 'Placement reviewed' }).expect(201));
    expect(replied.body).toMatchObject({ id: report.body.id, replySummary: 'Placement reviewed', repliedAt: expect.any(String) });
    expect(await kinds()).not.toContain('medical_report_unanswered');
  });

  it('raises an urgent alert when an age assessment finds a minor in a removal centre', async () => {
    const { person, stay } = await checkIn(removalId, newPerson({ dateOfBirth: '2007-01-01', dobEstimated: true }));
    expect(stay.ageAssessmentRequired).toBe(true);
    await request(t.http).put(`/api/v1/people/${person.id}/age-assessment`).set(as()).send({ status: 'completed' }).expect(400);
    const done = validator.checked(await request(t.http).put(`/api/v1/people/${person.id}/age-assessment`).set(as()).send({ status: 'completed', outcome: 'minor' }).expect(200));
    expect(done.body.alertRaised).toBe(true);
    expect((await request(t.http).get(`/api/v1/stays/${stay.id}`).set(as())).body.ageAssessmentRequired).toBe(false);
    const alerts = (await request(t.http).get(`/api/v1/alerts?centreId=${removalId}`).set(as())).body.items;
    expect(alerts).toContainEqual(expect.objectContaining({ kind: 'minor_in_removal_centre', severity: 'urgent', stayId: stay.id }));
  });

  it('keeps welfare to staff of the centre', async () => {
    const { stay, person } = await checkIn();
    const other = await userFor(t, 'staff', [receptionId]);
    await request(t.http).post(`/api/v1/stays/${stay.id}/welfare-checks`).set('Authorization', `Bearer ${other.token}`).send({ outcome: 'seen_well' }).expect(404);
    await request(t.http).post(`/api/v1/people/${person.id}/vulnerabilities`).set('Authorization', `Bearer ${other.token}`).send({ type: 'pregnancy' }).expect(404);
    const funder = await userFor(t, 'funder', []);
    await request(t.http).get(`/api/v1/stays/${stay.id}/timeline`).set('Authorization', `Bearer ${funder.token}`).expect(403);
    const caseworker = await userFor(t, 'caseworker', [removalId]);
    await request(t.http).post(`/api/v1/stays/${stay.id}/welfare-checks`).set('Authorization', `Bearer ${caseworker.token}`).send({ outcome: 'seen_well' }).expect(403);
  });

  it('has the worker schedule the scan as a recurring job', async () => {
    const worker = await startTestWorker(t.config, { relay: false });
    try {
      const queue = worker.get<Queue>(getQueueToken(QueueName.Alerts), { strict: false });
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers).toContainEqual(expect.objectContaining({ key: 'welfare-alerts-scan', every: t.config.alertScanMs }));
    } finally {
      await worker.close();
    }
  });
});
