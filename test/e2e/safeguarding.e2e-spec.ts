import type { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { AlertEscalationService } from '@escale/alerts';
import { FixedClock } from '@escale/platform';
import { RetentionService } from '@escale/privacy';
import { WelfareAlertsService } from '@escale/welfare';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { counts } from '../support/stays-fixtures.js';
import { responseValidator, type ResponseValidator } from '../support/openapi.js';
import { eventually, startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The rules that protect people, end to end through the API: a disputed age is presumed a minor,
 * authority that ran out is not papered over, urgent alerts escalate, departures close the loop,
 * and health data stays with the centre that holds the person.
 */
describe('safeguarding', () => {
  const start = new Date('2026-12-01T20:00:00Z');
  const clock = new FixedClock(start);
  let t: TestApp;
  let validator: ResponseValidator;
  let worker: INestApplicationContext;
  let reception: Awaited<ReturnType<typeof createCentre>>;
  let removal: Awaited<ReturnType<typeof createCentre>>;
  let staff: { id: string; token: string };
  let caseworker: { id: string; token: string };
  const bearer = (who: { token: string }) => ({ Authorization: `Bearer ${who.token}` });
  const api = () => request(t.http);

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { TOKEN_TTL_MINUTES: String(365 * 24 * 60), ALERT_ESCALATION_MINUTES: '15' } });
    validator = await responseValidator(t.http);
    worker = await startTestWorker(t.config, { clock, schedules: false });
    // Each person presumed a minor takes a family unit of their own.
    reception = await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 20 }, ...Array.from({ length: 24 }, () => ({ housing: 'families' as const, beds: 1 }))] });
    removal = await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 30 }] });
    staff = await userFor(t, 'staff', [reception.id, removal.id]);
    caseworker = await userFor(t, 'caseworker', [reception.id, removal.id]);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });
  beforeEach(() => clock.set(start));

  const checkIn = (centreId: string, body: Record<string, unknown>) => api().post(`/api/v1/centres/${centreId}/check-ins`).set(bearer(staff)).send(body);
  const assess = (personId: string, body: Record<string, unknown>, who = staff) => api().put(`/api/v1/people/${personId}/age-assessment`).set(bearer(who)).send(body);
  const checkOut = (stayId: string, reason: string) => api().post(`/api/v1/stays/${stayId}/check-out`).set(bearer(staff)).send({ reason });

  describe('a disputed age is presumed a minor', () => {
    it('is refused by a removal centre with AGE_DISPUTED, at check-in and at transfer, and nothing is recorded', async () => {
      const before = await counts(t);
      const refused = await checkIn(removal.id, { person: newPerson({ ageDisputed: true }) }).expect(409);
      expect(refused.body.code).toBe('AGE_DISPUTED');
      expect(await counts(t)).toEqual(before);

      const housed = await checkIn(reception.id, { person: newPerson({ ageDisputed: true }) }).expect(201);
      const transfer = await api().post(`/api/v1/stays/${housed.body.stay.id}/transfers`).set(bearer(staff)).send({ toCentreId: removal.id }).expect(409);
      expect(transfer.body.code).toBe('AGE_DISPUTED');
      const still = await api().get(`/api/v1/stays/${housed.body.stay.id}`).set(bearer(staff)).expect(200);
      expect(still.body.checkedOutAt).toBeNull();
    });

    it('is housed in a reception centre as a lone minor is, with an urgent alert, an assessment task and heightened checks', async () => {
      const adult = await checkIn(reception.id, { person: newPerson() }).expect(201);
      const disputed = await checkIn(reception.id, { person: newPerson({ ageDisputed: true }) }).expect(201);
      const [placed] = await t.dataSource.query(
        `SELECT u.housing, s.household_id, s.welfare_level, s.age_assessment_required FROM stays s JOIN units u ON u.id = s.unit_id WHERE s.id = $1`,
        [disputed.body.stay.id],
      );
      expect(placed).toMatchObject({ housing: 'families', welfare_level: 'heightened', age_assessment_required: true });
      expect(placed.household_id).not.toBeNull();
      // Nobody else shares the unit: not the adult checked in before.
      const [{ others }] = await t.dataSource.query(
        `SELECT count(*)::int AS others FROM stays s WHERE s.unit_id = (SELECT unit_id FROM stays WHERE id = $1) AND s.checked_out_at IS NULL AND s.id <> $1`,
        [disputed.body.stay.id],
      );
      expect(others).toBe(0);
      expect(adult.body.stay.id).not.toBe(disputed.body.stay.id);

      const alerts = await api().get(`/api/v1/alerts?centreId=${reception.id}`).set(bearer(staff)).expect(200);
      expect(alerts.body.items.filter((alert: { stayId: string }) => alert.stayId === disputed.body.stay.id)).toEqual([
        expect.objectContaining({ kind: 'age_disputed', severity: 'urgent', acknowledgedAt: null, escalations: 0 }),
      ]);
      // (The rights notice, prepared by the worker meanwhile, may add an interpreter task for a language with no reviewed template.)
      const tasks = await t.dataSource.query(`SELECT source FROM tasks WHERE case_id = $1 AND source <> 'interpreter'`, [disputed.body.case.id]);
      expect(tasks).toEqual([{ source: 'age_assessment' }]);

      const pending = await api().get(`/api/v1/centres/${reception.id}/pending-age-assessments`).set(bearer(caseworker)).expect(200);
      validator.check(pending);
      expect(pending.body.items.map((item: { personId: string }) => item.personId)).toContain(disputed.body.person.id);
    });

    it('becomes a minor for every later placement once assessed a minor; the date of birth is corrected or flagged', async () => {
      const { body } = await checkIn(reception.id, { person: newPerson({ ageDisputed: true }) }).expect(201);
      await assess(body.person.id, { status: 'requested' }).expect(200);
      const badDate = await assess(body.person.id, { status: 'completed', outcome: 'minor', dateOfBirth: '1990-01-01' }).expect(400);
      expect(Object.keys(badDate.body.details.fields)).toEqual(['dateOfBirth']);
      await assess(body.person.id, { status: 'completed', outcome: 'minor', dateOfBirth: '2010-06-01' }).expect(200);
      const [person] = await t.dataSource.query(`SELECT to_char(date_of_birth, 'YYYY-MM-DD') AS dob, dob_estimated, age_disputed, assessed_age FROM people WHERE id = $1`, [body.person.id]);
      expect(person).toEqual({ dob: '2010-06-01', dob_estimated: true, age_disputed: false, assessed_age: 'minor' });
      // The alert is over once the age is settled; the person is no longer pending.
      const open = await t.dataSource.query(`SELECT kind FROM alerts WHERE stay_id = $1 AND resolved_at IS NULL`, [body.stay.id]);
      expect(open).toEqual([]);
      const pending = await api().get(`/api/v1/centres/${reception.id}/pending-age-assessments`).set(bearer(staff)).expect(200);
      validator.check(pending);
      expect(pending.body.items.map((item: { personId: string }) => item.personId)).not.toContain(body.person.id);

      await checkOut(body.stay.id, 'other').expect(200);
      const again = await checkIn(removal.id, { personId: body.person.id }).expect(409);
      expect(again.body.code).toBe('MINOR_NOT_ALLOWED');

      // Assessed a minor without a date: the adult date on record is flagged as an estimate.
      const other = await checkIn(reception.id, { person: newPerson({ ageDisputed: true }) }).expect(201);
      await assess(other.body.person.id, { status: 'completed', outcome: 'minor' }).expect(200);
      const [flagged] = await t.dataSource.query(`SELECT to_char(date_of_birth, 'YYYY-MM-DD') AS dob, dob_estimated FROM people WHERE id = $1`, [other.body.person.id]);
      expect(flagged).toEqual({ dob: '1995-03-14', dob_estimated: true });
    });

    it('stays presumed a minor after an inconclusive assessment; only an adult outcome lifts it', async () => {
      const { body } = await checkIn(reception.id, { person: newPerson({ ageDisputed: true }) }).expect(201);
      await assess(body.person.id, { status: 'completed', outcome: 'inconclusive' }).expect(200);
      await checkOut(body.stay.id, 'other').expect(200);
      expect((await checkIn(removal.id, { personId: body.person.id }).expect(409)).body.code).toBe('AGE_DISPUTED');
      // Recorded where the person was last held, since they are held nowhere now.
      await assess(body.person.id, { status: 'completed', outcome: 'adult' }).expect(200);
      await checkIn(removal.id, { personId: body.person.id }).expect(201);
    });

    it('never leaves a person found a minor in a removal centre without an urgent alert, however an assessment and a check-in race', async () => {
      for (let round = 0; round < 8; round += 1) {
        const { body } = await checkIn(reception.id, { person: newPerson({ ageDisputed: true }) }).expect(201);
        await assess(body.person.id, { status: 'completed', outcome: 'adult' }).expect(200);
        await checkOut(body.stay.id, 'other').expect(200);
        // A second assessment finds a minor while staff check the person into a removal centre.
        const [assessed, placed] = await Promise.all([
          assess(body.person.id, { status: 'completed', outcome: 'minor' }, caseworker),
          checkIn(removal.id, { personId: body.person.id }),
        ]);
        expect(assessed.status).toBe(200);
        expect([201, 409]).toContain(placed.status);
        if (placed.status === 409) expect(placed.body.code).toBe('MINOR_NOT_ALLOWED');
        const held = await t.dataSource.query(
          `SELECT s.id, (SELECT count(*)::int FROM alerts a WHERE a.stay_id = s.id AND a.kind = 'minor_in_removal_centre' AND a.severity = 'urgent') AS alerts
             FROM stays s WHERE s.person_id = $1 AND s.centre_id = $2 AND s.checked_out_at IS NULL`,
          [body.person.id, removal.id],
        );
        for (const stay of held) expect(stay.alerts).toBe(1);
        if (held.length) await checkOut(held[0].id, 'other').expect(200);
      }
    });

    it('reopens the dispute when a new assessment is requested for someone held as an adult in a removal centre: urgent alert', async () => {
      const { body } = await checkIn(removal.id, { person: newPerson() }).expect(201);
      const requested = await assess(body.person.id, { status: 'requested' }).expect(200);
      expect(requested.body.alertRaised).toBe(true);
      const alerts = await t.dataSource.query(`SELECT kind, severity FROM alerts WHERE stay_id = $1`, [body.stay.id]);
      expect(alerts).toEqual([{ kind: 'age_disputed', severity: 'urgent' }]);
    });

    it('opens the dispute when a person held as an adult says they are a minor (a vulnerability recorded)', async () => {
      const { body } = await checkIn(removal.id, { person: newPerson() }).expect(201);
      await api().post(`/api/v1/people/${body.person.id}/vulnerabilities`).set(bearer(staff)).send({ type: 'age_disputed', notes: 'Says he is 16' }).expect(201);
      const alerts = await t.dataSource.query(`SELECT kind, severity FROM alerts WHERE stay_id = $1`, [body.stay.id]);
      expect(alerts).toEqual([{ kind: 'age_disputed', severity: 'urgent' }]);
      const stay = await api().get(`/api/v1/stays/${body.stay.id}`).set(bearer(staff)).expect(200);
      expect(stay.body).toMatchObject({ ageAssessmentRequired: true, welfareLevel: 'heightened' });
      await checkOut(body.stay.id, 'other').expect(200);
      expect((await checkIn(removal.id, { personId: body.person.id }).expect(409)).body.code).toBe('AGE_DISPUTED');
    });
  });

  describe('holding authority', () => {
    it('refuses an extension decided after the authority ran out with AUTHORITY_EXPIRED, and changes nothing', async () => {
      const { body } = await checkIn(removal.id, { person: newPerson() }).expect(201);
      const until = new Date(body.stay.authorisedUntil).getTime();
      clock.set(new Date(until + 2 * HOUR));
      const late = await api().post(`/api/v1/stays/${body.stay.id}/extensions`).set(bearer(staff)).send({ decidedAt: new Date(until + HOUR).toISOString(), days: 26, decidedBy: 'JLD de Lille' }).expect(409);
      expect(late.body).toMatchObject({ code: 'AUTHORITY_EXPIRED', details: { authorisedUntil: body.stay.authorisedUntil } });
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM stay_extensions WHERE stay_id = $1`, [body.stay.id]);
      expect(n).toBe(0);
      // Decided in time and recorded late is fine.
      await api().post(`/api/v1/stays/${body.stay.id}/extensions`).set(bearer(staff)).send({ decidedAt: new Date(until - HOUR).toISOString(), days: 26, decidedBy: 'JLD de Lille' }).expect(201);
    });

    it('records a judge’s refusal to extend as such, and it releases the person and moves the case', async () => {
      const { body } = await checkIn(removal.id, { person: newPerson() }).expect(201);
      clock.advance(3 * DAY);
      const refused = await api().post(`/api/v1/stays/${body.stay.id}/extension-refusals`).set(bearer(staff)).send({ decidedAt: new Date(clock.now().getTime() - HOUR).toISOString(), decidedBy: 'JLD de Lille' }).expect(201);
      expect(refused.body.stay).toMatchObject({ exitReason: 'released_by_court' });
      const kase = await api().get(`/api/v1/cases/${body.case.id}`).set(bearer(caseworker)).expect(200);
      expect(kase.body.status).toBe('released');
      await api().post(`/api/v1/stays/${body.stay.id}/extension-refusals`).set(bearer(staff)).send({ decidedAt: clock.now().toISOString(), decidedBy: 'JLD' }).expect(409);
      await api().post(`/api/v1/stays/${body.stay.id}/extension-refusals`).set(bearer(staff)).send({ decidedBy: 'JLD' }).expect(400);
      const reception_ = await checkIn(reception.id, { person: newPerson() }).expect(201);
      expect((await api().post(`/api/v1/stays/${reception_.body.stay.id}/extension-refusals`).set(bearer(staff)).send({ decidedAt: clock.now().toISOString(), decidedBy: 'JLD' }).expect(409)).body.code).toBe('EXTENSION_NOT_ALLOWED');
    });

    it('raises the urgent alert at the minute the authority runs out, without waiting for a scan, and keeps it until the stay closes', async () => {
      const { body } = await checkIn(removal.id, { person: newPerson() }).expect(201);
      clock.set(new Date(new Date(body.stay.authorisedUntil).getTime() + 1_000));
      const [alert] = await eventually(async () => {
        const rows = await t.dataSource.query(`SELECT kind, severity, resolved_at FROM alerts WHERE stay_id = $1 AND kind = 'authority_expired'`, [body.stay.id]);
        return rows.length ? rows : null;
      }, 30_000);
      expect(alert).toEqual({ kind: 'authority_expired', severity: 'urgent', resolved_at: null });
      await worker.get(WelfareAlertsService).scan();
      const [kept] = await t.dataSource.query(`SELECT resolved_at FROM alerts WHERE stay_id = $1 AND kind = 'authority_expired'`, [body.stay.id]);
      expect(kept.resolved_at).toBeNull();
      await checkOut(body.stay.id, 'released_at_legal_limit').expect(200);
      const [closed] = await t.dataSource.query(`SELECT resolved_at FROM alerts WHERE stay_id = $1 AND kind = 'authority_expired'`, [body.stay.id]);
      expect(closed.resolved_at).not.toBeNull();
    });

    it('alerts a reception stay past its legal limit', async () => {
      const { body } = await checkIn(reception.id, { person: newPerson() }).expect(201);
      clock.set(new Date(new Date(body.stay.legalLimitAt).getTime() + MINUTE));
      await worker.get(WelfareAlertsService).scan();
      const alerts = await t.dataSource.query(`SELECT kind, severity FROM alerts WHERE stay_id = $1 AND kind NOT IN ('welfare_check_overdue', 'rights_not_notified')`, [body.stay.id]);
      expect(alerts).toEqual([{ kind: 'legal_limit_passed', severity: 'urgent' }]);
      await checkOut(body.stay.id, 'other').expect(200);
    });
  });

  describe('escalation', () => {
    it('sends an unacknowledged urgent alert to the duty contacts each period until someone acknowledges it', async () => {
      const onDuty = await userFor(t, 'staff', [reception.id]);
      const outsider = await userFor(t, 'staff', [removal.id]);
      const refused = await api().put(`/api/v1/centres/${reception.id}/duty-contacts`).set(bearer({ token: t.adminToken })).send({ userIds: [outsider.id] }).expect(400);
      expect(Object.keys(refused.body.details.fields)).toEqual(['userIds']);
      await api().put(`/api/v1/centres/${reception.id}/duty-contacts`).set(bearer(staff)).send({ userIds: [onDuty.id] }).expect(403);
      const set = await api().put(`/api/v1/centres/${reception.id}/duty-contacts`).set(bearer({ token: t.adminToken })).send({ userIds: [onDuty.id] }).expect(200);
      validator.check(set);
      expect(set.body.items.map((contact: { userId: string }) => contact.userId)).toEqual([onDuty.id]);
      const listed = await api().get(`/api/v1/centres/${reception.id}/duty-contacts`).set(bearer(staff)).expect(200);
      validator.check(listed);
      expect(listed.body.items).toHaveLength(1);

      const { body } = await checkIn(reception.id, { person: newPerson({ ageDisputed: true }) }).expect(201);
      const escalation = worker.get(AlertEscalationService);
      const rounds = async () => (await t.dataSource.query(`SELECT e.round FROM alert_escalations e JOIN alerts a ON a.id = e.alert_id WHERE a.stay_id = $1 ORDER BY e.round`, [body.stay.id])).map((row: { round: number }) => row.round);

      clock.advance(14 * MINUTE);
      await escalation.escalateDue();
      expect(await rounds()).toEqual([]);
      clock.advance(2 * MINUTE);
      await escalation.escalateDue();
      await escalation.escalateDue();
      expect(await rounds()).toEqual([1]);
      const notice = await eventually(async () => {
        const rows = await t.dataSource.query(`SELECT n.type FROM notices n WHERE n.user_id = $1 AND n.type = 'alert_escalated' AND n.stay_id = $2`, [onDuty.id, body.stay.id]);
        return rows.length ? rows : null;
      }, 30_000);
      expect(notice).toEqual([{ type: 'alert_escalated' }]);
      const inbox = await t.dataSource.query(`SELECT kind FROM inbox_messages WHERE user_id = $1`, [onDuty.id]);
      expect(inbox.map((row: { kind: string }) => row.kind)).toContain('inbox.alert');

      clock.advance(15 * MINUTE);
      await escalation.escalateDue();
      expect(await rounds()).toEqual([1, 2]);
      const alerts = await api().get(`/api/v1/alerts?centreId=${reception.id}`).set(bearer(staff)).expect(200);
      const mine = alerts.body.items.find((alert: { stayId: string }) => alert.stayId === body.stay.id);
      expect(mine).toMatchObject({ escalations: 2, lastEscalatedAt: clock.now().toISOString() });

      const acknowledged = await api().post(`/api/v1/alerts/${mine.id}/acknowledge`).set(bearer(staff)).expect(201);
      for (const answer of [alerts, acknowledged]) validator.check(answer);
      expect(acknowledged.body).toMatchObject({ acknowledgedBy: staff.id, acknowledgedAt: clock.now().toISOString() });
      clock.advance(30 * MINUTE);
      await escalation.escalateDue();
      expect(await rounds()).toEqual([1, 2]);
    });
  });

  describe('departures close the loop', () => {
    it('moves the case out of open at a check-out, except a transfer or while an asylum referral is moving, and lists those left open', async () => {
      const released = await checkIn(reception.id, { person: newPerson() }).expect(201);
      await checkOut(released.body.stay.id, 'moved_to_asylum_accommodation').expect(200);
      expect((await api().get(`/api/v1/cases/${released.body.case.id}`).set(bearer(caseworker)).expect(200)).body).toMatchObject({ status: 'released' });

      const removed = await checkIn(removal.id, { person: newPerson() }).expect(201);
      await checkOut(removed.body.stay.id, 'removed').expect(200);
      const closed = await api().get(`/api/v1/cases/${removed.body.case.id}`).set(bearer(caseworker)).expect(200);
      expect(closed.body.status).toBe('closed');
      expect(closed.body.history.map((step: { to: string }) => step.to)).toEqual(['open', 'closed']);

      const transferred = await checkIn(reception.id, { person: newPerson() }).expect(201);
      await api().post(`/api/v1/stays/${transferred.body.stay.id}/transfers`).set(bearer(staff)).send({ toCentreId: removal.id }).expect(201);
      expect((await api().get(`/api/v1/cases/${transferred.body.case.id}`).set(bearer(caseworker)).expect(200)).body.status).toBe('open');

      const claiming = await checkIn(removal.id, { person: newPerson() }).expect(201);
      await api().post(`/api/v1/cases/${claiming.body.case.id}/referrals`).set(bearer(caseworker)).send({ kind: 'asylum' }).expect(201);
      await checkOut(claiming.body.stay.id, 'released_by_court').expect(200);
      expect((await api().get(`/api/v1/cases/${claiming.body.case.id}`).set(bearer(caseworker)).expect(200)).body.status).toBe('open');

      const worklist = await api().get(`/api/v1/data-protection/open-cases?limit=500`).set(bearer({ token: t.adminToken })).expect(200);
      validator.check(worklist);
      const caseIds = worklist.body.items.map((item: { caseId: string }) => item.caseId);
      expect(caseIds).toContain(claiming.body.case.id);
      expect(caseIds).not.toContain(released.body.case.id);
      expect(caseIds).not.toContain(transferred.body.case.id);
      expect(worklist.body.items.find((item: { caseId: string }) => item.caseId === claiming.body.case.id)).toMatchObject({ why: 'asylum_referral_open', openReferralStatus: 'draft', exitReason: 'released_by_court' });
      const elsewhere = await userFor(t, 'caseworker', [(await createCentre(t, { units: [] })).id]);
      const theirs = await api().get(`/api/v1/data-protection/open-cases`).set(bearer(elsewhere)).expect(200);
      validator.check(theirs);
      expect(theirs.body.items).toEqual([]);
      await api().get(`/api/v1/data-protection/open-cases?centreId=${reception.id}`).set(bearer(elsewhere)).expect(404);
      await api().get(`/api/v1/data-protection/open-cases`).set(bearer(staff)).expect(403);
      await api().get(`/api/v1/data-protection/open-cases?limit=0`).set(bearer({ token: t.adminToken })).expect(400);
    });
  });

  describe('retention counts from the departure', () => {
    it('anonymises a person released at check-out once the identity period has passed, with nobody closing the case by hand', async () => {
      const { body } = await checkIn(reception.id, { person: newPerson() }).expect(201);
      clock.advance(2 * DAY);
      await checkOut(body.stay.id, 'released_at_legal_limit').expect(200);
      const retention = t.app.get(RetentionService);
      // Default RETENTION_MONTHS: identity is kept 60 months after the case ends.
      clock.advance(57 * 31 * DAY); // about 58 months
      await retention.runRetention();
      expect((await t.dataSource.query(`SELECT anonymised_at FROM people WHERE id = $1`, [body.person.id]))[0].anonymised_at).toBeNull();
      clock.advance(4 * 31 * DAY); // about 62 months
      await retention.runRetention();
      const [person] = await t.dataSource.query(`SELECT anonymised_at, family_name FROM people WHERE id = $1`, [body.person.id]);
      expect(person.anonymised_at).not.toBeNull();
      expect(person.family_name).not.toContain('Family');
    });
  });

  describe('health data stays with need to know', () => {
    it('is read and written by the centre holding the person now and the caseworker of the case, not by a centre that held them before', async () => {
      const { body } = await checkIn(reception.id, { person: newPerson() }).expect(201);
      await api().post(`/api/v1/people/${body.person.id}/vulnerabilities`).set(bearer(staff)).send({ type: 'torture_survivor', notes: 'Scars on the back' }).expect(201);
      const moved = await api().post(`/api/v1/stays/${body.stay.id}/transfers`).set(bearer(staff)).send({ toCentreId: removal.id }).expect(201);
      const earlier = await userFor(t, 'staff', [reception.id]);
      const earlierCaseworker = await userFor(t, 'caseworker', [reception.id]);
      const holding = await userFor(t, 'staff', [removal.id]);

      await api().get(`/api/v1/people/${body.person.id}/vulnerabilities`).set(bearer(earlier)).expect(404);
      await api().post(`/api/v1/people/${body.person.id}/vulnerabilities`).set(bearer(earlier)).send({ type: 'mental_health' }).expect(404);
      await assess(body.person.id, { status: 'requested' }, earlier).expect(404);
      const timeline = await api().get(`/api/v1/stays/${body.stay.id}/timeline`).set(bearer(earlier)).expect(200);
      expect(timeline.body.items.map((event: { kind: string }) => event.kind)).not.toContain('vulnerability');
      await api().get(`/api/v1/stays/${body.stay.id}/medical-reports`).set(bearer(earlierCaseworker)).expect(404);

      const read = await api().get(`/api/v1/people/${body.person.id}/vulnerabilities`).set(bearer(holding)).expect(200);
      expect(read.body.items).toEqual([expect.objectContaining({ type: 'torture_survivor' })]);
      await api().post(`/api/v1/people/${body.person.id}/vulnerabilities`).set(bearer(holding)).send({ type: 'mental_health' }).expect(201);
      // The caseworker who holds the case reads it wherever the person is.
      const kase = await api().get(`/api/v1/cases/${body.case.id}`).set(bearer(caseworker)).expect(200);
      await api().patch(`/api/v1/cases/${body.case.id}`).set(bearer(caseworker)).send({ version: kase.body.version, caseworkerId: caseworker.id }).expect(200);
      await api().get(`/api/v1/people/${body.person.id}/vulnerabilities`).set(bearer(caseworker)).expect(200);
      const audit = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'vulnerability.list' AND entity_id = $1`, [body.person.id]);
      expect(audit[0].n).toBeGreaterThanOrEqual(2);
      expect(moved.body.id).toBeDefined();
    });
  });

  describe('bad input and scope', () => {
    it('validates, scopes and refuses without changing anything', async () => {
      const outsider = await userFor(t, 'staff', [(await createCentre(t, { units: [{ housing: 'men', beds: 1 }] })).id]);
      await api().get(`/api/v1/centres/${reception.id}/pending-age-assessments`).set(bearer(outsider)).expect(404);
      const funder = await userFor(t, 'funder', []);
      await api().get(`/api/v1/centres/${reception.id}/pending-age-assessments`).set(bearer(funder)).expect(403);
      const { body } = await checkIn(removal.id, { person: newPerson() }).expect(201);
      await api().post(`/api/v1/stays/${body.stay.id}/extension-refusals`).set(bearer(outsider)).send({ decidedAt: clock.now().toISOString(), decidedBy: 'JLD' }).expect(404);
      const future = await api().post(`/api/v1/stays/${body.stay.id}/extension-refusals`).set(bearer(staff)).send({ decidedAt: new Date(clock.now().getTime() + HOUR).toISOString(), decidedBy: 'JLD' }).expect(400);
      expect(Object.keys(future.body.details.fields)).toEqual(['decidedAt']);
      await api().post(`/api/v1/stays/${body.stay.id}/extension-refusals`).set(bearer(staff)).send({ decidedAt: clock.now().toISOString(), decidedBy: 'JLD', extra: 1 }).expect(400);
      await api().put(`/api/v1/centres/${reception.id}/duty-contacts`).set(bearer({ token: t.adminToken })).send({ userIds: ['not-a-uuid'] }).expect(400);
      await assess(body.person.id, { status: 'completed' }).expect(400);
      const stay = await api().get(`/api/v1/stays/${body.stay.id}`).set(bearer(staff)).expect(200);
      expect(stay.body.checkedOutAt).toBeNull();
    });
  });
});
