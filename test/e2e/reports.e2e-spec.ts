import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { FixedClock, JobName, QueueName } from '@escale/platform';
import { ReportsService } from '@escale/reports';
import { createCentre, type CentreFixture, newPerson } from '../support/fixtures.js';
import { as, checkedIn } from '../support/stays-fixtures.js';
import { responseValidator, type ResponseValidator } from '../support/openapi.js';
import { eventually, startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const CANARY = 'Canaryfamilyname';

type Row = Record<string, unknown> & { period: string; centreId: string | null };

describe('funder reports: bed-nights, disclosure control, spend and budgets', () => {
  const clock = new FixedClock(NOW);
  let t: TestApp;
  let validator: ResponseValidator;
  let staff: { id: string; token: string };
  let funder: { id: string; token: string };
  let auditor: { id: string; token: string };
  let a: CentreFixture;
  let b: CentreFixture;
  let c: CentreFixture;
  const personIds: string[] = [];
  const stayIds: string[] = [];

  /** A stay checked in and (optionally) out at the given instants, through the API, the clock set to each. */
  async function stay(centre: CentreFixture, checkInAt: string, checkOutAt?: string, familyName?: string): Promise<void> {
    clock.set(new Date(checkInAt));
    const made = await checkedIn(t, staff, centre.id, { person: newPerson(familyName ? { familyName } : {}) });
    personIds.push(made.person.id);
    stayIds.push(made.stay.id);
    if (checkOutAt) {
      clock.set(new Date(checkOutAt));
      await as(t, staff).post(`/api/v1/stays/${made.stay.id}/check-out`, { reason: 'other' }).expect(200);
    }
    clock.set(NOW);
  }

  /** A report's JSON, checked against its schema in the API document. */
  const report = async (who: { token: string } | string, kind: string, query: Record<string, string>) => {
    const response = await as(t, who).get(`/api/v1/reports/${kind}?${new URLSearchParams(query)}`).expect(200);
    validator.check(response);
    return response.body;
  };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    validator = await responseValidator(t.http);
    a = await createCentre(t, { maxStayDays: 60, units: [{ housing: 'mixed', beds: 4 }] });
    b = await createCentre(t, { maxStayDays: 60, units: [{ housing: 'mixed', beds: 10 }] });
    c = await createCentre(t, { maxStayDays: 60, units: [{ housing: 'mixed', beds: 10 }] });
    staff = await t.userWithToken('staff', [a.id, b.id, c.id]);
    funder = await t.userWithToken('funder');
    auditor = await t.userWithToken('auditor');

    // Centre A: the edge cases of counting nights (Europe/Paris; clocks go forward on 29 March and back on 25 October).
    await stay(a, '2026-03-28T19:00:00Z', '2026-03-30T08:00:00Z', CANARY); // 20:00 → 10:00 two days later, over the spring change: 2 nights
    await stay(a, '2026-03-31T21:30:00Z', '2026-04-02T07:00:00Z'); // over the month edge: a night in March, one in April
    await stay(a, '2026-05-09T22:00:00Z', '2026-05-10T22:00:00Z'); // midnight to midnight: one night, the 9th's
    await stay(a, '2026-06-01T07:00:00Z', '2026-06-01T15:00:00Z'); // no midnight: no night
    await stay(a, '2026-10-24T20:00:00Z'); // still here, over the autumn change: every night since

    // July: six people in B and two in C — C's count is small, and the total would give it away.
    for (let day = 1; day <= 6; day += 1) await stay(b, `2026-07-0${day}T10:00:00Z`, `2026-07-0${day + 2}T10:00:00Z`);
    await stay(c, '2026-07-10T10:00:00Z', '2026-07-12T10:00:00Z');
    await stay(c, '2026-07-11T10:00:00Z', '2026-07-13T10:00:00Z');
  }, 120_000);
  afterAll(() => t.close());

  describe('bed-nights (exact, for admins and auditors)', () => {
    it('counts the nights of stays across a daylight-saving change, a month edge, midnights and open stays', async () => {
      const daily = await report(t.adminToken, 'occupancy', { centreId: a.id, from: '2026-03-27', to: '2026-04-02', granularity: 'day' });
      expect(daily.items.map((row: Row) => [row.period, row.occupiedBedNights, row.admissions, row.discharges])).toEqual([
        ['2026-03-27', 0, 0, 0],
        ['2026-03-28', 1, 1, 0],
        ['2026-03-29', 1, 0, 0],
        ['2026-03-30', 0, 0, 1],
        ['2026-03-31', 1, 1, 0],
        ['2026-04-01', 1, 0, 0],
        ['2026-04-02', 0, 0, 1],
      ]);
      expect(daily.items[0]).toMatchObject({ capacity: 4, capacityBedNights: 4 });

      const monthly = await report(auditor, 'occupancy', { centreId: a.id, from: '2026-03-01', to: '2026-12-31' });
      expect(monthly.to).toBe('2026-11-26'); // never beyond today
      expect(monthly.items.map((row: Row) => [row.period, row.occupiedBedNights, row.admissions, row.discharges])).toEqual([
        ['2026-03', 3, 2, 1],
        ['2026-04', 1, 0, 1],
        ['2026-05', 1, 1, 1],
        ['2026-06', 0, 1, 1],
        ['2026-07', 0, 0, 0],
        ['2026-08', 0, 0, 0],
        ['2026-09', 0, 0, 0],
        ['2026-10', 8, 1, 0],
        ['2026-11', 26, 0, 0],
      ]);
      const march = monthly.items[0];
      expect(march).toMatchObject({ capacity: 4, capacityBedNights: 124, occupancyRate: Math.round((3 / 124) * 10_000) / 10_000 });
      expect(monthly.items[8]).toMatchObject({ capacityBedNights: 104 });
    });

    it('reconciles: days add up to months, centres to the all-centres total, periods to the summary', async () => {
      const query = { from: '2026-03-01', to: '2026-07-31' };
      const daily = await report(t.adminToken, 'occupancy', { ...query, granularity: 'day' });
      const monthly = await report(t.adminToken, 'occupancy', query);
      for (const measure of ['occupiedBedNights', 'admissions', 'discharges', 'capacityBedNights']) {
        for (const row of monthly.items as Row[]) {
          const days = (daily.items as Row[]).filter((day) => day.centreId === row.centreId && day.period.startsWith(row.period));
          expect(days.reduce((sum, day) => sum + (day[measure] as number), 0)).toBe(row[measure]);
        }
        for (const total of monthly.totals as Row[]) {
          const centres = (monthly.items as Row[]).filter((row) => row.period === total.period);
          expect(centres.reduce((sum, row) => sum + (row[measure] as number), 0)).toBe(total[measure]);
        }
        expect((monthly.totals as Row[]).reduce((sum, row) => sum + (row[measure] as number), 0)).toBe(monthly.summary[measure]);
      }
      expect(monthly.summary.admissions).toBe(4 + 6 + 2);
    });

    it('gives the same figures from the nightly snapshots, and reads them for nights older than a month', async () => {
      const before = await report(t.adminToken, 'occupancy', { centreId: a.id, from: '2026-03-01', to: '2026-11-26', granularity: 'month' });
      const written = await t.app.get(ReportsService).takeSnapshots();
      expect(written).toBeGreaterThanOrEqual(daysFrom('2026-03-28', '2026-11-25'));
      const [snapshot] = await t.dataSource.query(`SELECT occupied_bed_nights, admissions, capacity FROM occupancy_snapshots WHERE centre_id = $1 AND day = '2026-03-28'`, [a.id]);
      expect(snapshot).toEqual({ occupied_bed_nights: 1, admissions: 1, capacity: 4 });
      expect(await report(t.adminToken, 'occupancy', { centreId: a.id, from: '2026-03-01', to: '2026-11-26', granularity: 'month' })).toEqual(before);

      // An old night is read from its snapshot; a recent one is counted from the stays, which may still be corrected.
      await t.dataSource.query(`UPDATE occupancy_snapshots SET occupied_bed_nights = 3 WHERE centre_id = $1 AND day IN ('2026-03-28', '2026-11-20')`, [a.id]);
      try {
        const old = await report(t.adminToken, 'occupancy', { centreId: a.id, from: '2026-03-28', to: '2026-03-28', granularity: 'day' });
        expect(old.items[0].occupiedBedNights).toBe(3);
        const recent = await report(t.adminToken, 'occupancy', { centreId: a.id, from: '2026-11-20', to: '2026-11-20', granularity: 'day' });
        expect(recent.items[0].occupiedBedNights).toBe(1);
      } finally {
        await t.dataSource.query(`UPDATE occupancy_snapshots SET occupied_bed_nights = 1 WHERE centre_id = $1 AND day IN ('2026-03-28', '2026-11-20')`, [a.id]);
      }
      // Running it again rewrites only the last month's nights.
      expect(await t.app.get(ReportsService).takeSnapshots()).toBeLessThanOrEqual(3 * 33);
    });

    it('measures length of stay and outcomes', async () => {
      const outcomes = await report(t.adminToken, 'outcomes', { centreId: b.id, from: '2026-07-01', to: '2026-07-31' });
      expect(outcomes.exitReasons.find((row: { reason: string }) => row.reason === 'other').count).toBe(6);
      expect(outcomes.lengthOfStay).toMatchObject({ stays: 6, meanDays: 2, medianDays: 2, p90Days: 2, legalMaximumDays: 60, overLegalMaximum: 0 });
      expect(outcomes.lengthOfStay.distribution.find((row: { bucket: string }) => row.bucket === '2-4').count).toBe(6);
    });
  });

  describe('monthly outcome snapshots', () => {
    it('counts each closed month once, gives the same outcomes as the stays, and reads them for closed months only', async () => {
      const query = { from: '2026-03-01', to: '2026-11-26' };
      const [july] = await t.dataSource.query(`SELECT value::int AS n FROM outcome_snapshots WHERE centre_id = $1 AND month = '2026-07-01' AND measure = 'departures'`, [b.id]);
      expect(july).toEqual({ n: 6 });
      // Months whose check-outs may still be recorded (the last 30 days) are not taken.
      const [{ open }] = await t.dataSource.query(`SELECT count(*)::int AS open FROM outcome_snapshots WHERE month >= '2026-10-01'`);
      expect(open).toBe(0);
      const fromSnapshots = await report(t.adminToken, 'outcomes', query);
      await t.dataSource.query(`DELETE FROM outcome_snapshots`);
      expect(await report(t.adminToken, 'outcomes', query)).toEqual(fromSnapshots);
      await t.app.get(ReportsService).takeSnapshots();
      await t.app.get(ReportsService).takeSnapshots();
      const [{ markers }] = await t.dataSource.query(`SELECT count(*)::int AS markers FROM outcome_snapshots WHERE centre_id = $1 AND measure = 'departures'`, [b.id]);
      expect(markers).toBe(3); // from its first stay (July) to September, each once
      expect(await report(t.adminToken, 'outcomes', query)).toEqual(fromSnapshots);

      await t.dataSource.query(`UPDATE outcome_snapshots SET value = 9 WHERE centre_id = $1 AND month = '2026-07-01' AND measure = 'exit:other'`, [b.id]);
      try {
        const whole = await report(t.adminToken, 'outcomes', { centreId: b.id, from: '2026-07-01', to: '2026-07-31' });
        expect(whole.exitReasons.find((row: { reason: string }) => row.reason === 'other').count).toBe(9);
        // Part of a month is counted from the stays.
        const part = await report(t.adminToken, 'outcomes', { centreId: b.id, from: '2026-07-01', to: '2026-07-30' });
        expect(part.exitReasons.find((row: { reason: string }) => row.reason === 'other').count).toBe(6);
      } finally {
        await t.dataSource.query(`UPDATE outcome_snapshots SET value = 6 WHERE centre_id = $1 AND month = '2026-07-01' AND measure = 'exit:other'`, [b.id]);
      }
    });

    it('counts a closed month again when a referral step is dated back into it', async () => {
      const caseworker = await t.userWithToken('caseworker', [b.id]);
      const [{ case_id: caseId }] = await t.dataSource.query(`SELECT case_id FROM stays WHERE id = $1`, [stayIds[5]]);
      clock.set(new Date('2026-07-05T12:00:00Z'));
      const referral = (await as(t, caseworker).post(`/api/v1/cases/${caseId}/referrals`, { kind: 'asylum' }).expect(201)).body;
      clock.set(NOW);
      let version = referral.version as number;
      const steps: [string, string][] = [['submitted', '2026-07-06'], ['registered', '2026-07-08'], ['lodged', '2026-08-03'], ['decided_granted', '2026-08-20']];
      for (const [to, day] of steps) version = (await as(t, caseworker).post(`/api/v1/referrals/${referral.id}/transitions`, { to, version, at: `${day}T10:00:00Z` }).expect(200)).body.version;
      const marked = await t.dataSource.query(`SELECT to_char(month, 'YYYY-MM') AS month FROM outcome_snapshots WHERE centre_id = $1 AND measure = 'departures' ORDER BY 1`, [b.id]);
      expect(marked.map((row: { month: string }) => row.month)).toEqual(['2026-09']); // July and August are to be counted again
      const granted = async () =>
        (await report(t.adminToken, 'outcomes', { centreId: b.id, from: '2026-08-01', to: '2026-08-31' })).referralOutcomes.find((row: { outcome: string }) => row.outcome === 'decided_granted').count;
      expect(await granted()).toBe(1);
      await t.app.get(ReportsService).takeSnapshots();
      const [{ n }] = await t.dataSource.query(`SELECT value::int AS n FROM outcome_snapshots WHERE centre_id = $1 AND month = '2026-08-01' AND measure = 'referral:decided_granted'`, [b.id]);
      expect(n).toBe(1);
      expect(await granted()).toBe(1);
    });
  });

  describe('disclosure control for funders', () => {
    it('shows counts from 0 to 4 as "<5", each keeping at least three possible values beside the totals', async () => {
      const july = await report(funder, 'occupancy', { from: '2026-07-01', to: '2026-07-31' });
      const row = (centre: CentreFixture) => (july.items as Row[]).find((item) => item.centreId === centre.id)!;
      expect(row(c).admissions).toBe('<5');
      expect(row(a).admissions).toBe('<5'); // a zero too: "<5" never says that somebody came
      // Six in B and eight in all: A and C together had two, so C had 0, 1 or 2 — three possible values, enough.
      expect(row(b).admissions).toBe(6);
      expect(july.totals[0].admissions).toBe(8);
      expect(row(c).occupiedBedNights).toBe('<5');
      expect(row(c).occupancyRate).toBeNull();
      // The same centre's row is the same whether asked alone or with the others.
      const alone = await report(funder, 'occupancy', { centreId: b.id, from: '2026-07-01', to: '2026-07-31' });
      expect(alone.items[0]).toEqual(row(b));
    });

    it('gives funders no day by day figures: a day is a handful of people', async () => {
      const refused = await as(t, funder).get('/api/v1/reports/occupancy?granularity=day&from=2026-07-01&to=2026-07-31').expect(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
      expect(refused.body.details.fields.granularity).toBeDefined();
      await as(t, auditor).get('/api/v1/reports/occupancy?granularity=day&from=2026-07-01&to=2026-07-31').expect(200);
    });

    it('publishes a figure over several months only if none of its months is hidden, so periods cannot be subtracted', async () => {
      const both = await report(funder, 'occupancy', { centreId: b.id, from: '2026-06-01', to: '2026-07-31' });
      expect(both.summary.admissions).toBe('[c]');
      const june = await report(funder, 'occupancy', { centreId: b.id, from: '2026-06-01', to: '2026-06-30' });
      expect(june.summary.admissions).toBe('<5');
      const outcomes = await report(funder, 'outcomes', { centreId: c.id, from: '2026-06-01', to: '2026-07-31' });
      expect(outcomes.lengthOfStay.stays).toBe('[c]');
      expect(outcomes.lengthOfStay.meanDays).toBeNull();
      expect(outcomes.exitReasons.find((row: { reason: string }) => row.reason === 'other').count).toBe('[c]');
      // Exact only where every month is: the admins' figure, or a mark.
      const all = await report(funder, 'outcomes', { from: '2026-06-01', to: '2026-07-31' });
      const exact = await report(auditor, 'outcomes', { from: '2026-06-01', to: '2026-07-31' });
      for (const [i, row] of (all.exitReasons as { count: unknown }[]).entries()) expect([exact.exitReasons[i].count, '[c]']).toContain(row.count);
    });

    it('gives funders whole months that can no longer change (30 days after they end), and admins today', async () => {
      const funderView = await report(funder, 'occupancy', { from: '2026-10-15', to: '2026-11-26' });
      expect([funderView.from, funderView.to, funderView.suppressed]).toEqual(['2026-09-01', '2026-09-30', true]);
      const adminView = await report(t.adminToken, 'occupancy', { from: '2026-10-15', to: '2026-11-26' });
      expect([adminView.from, adminView.to, adminView.suppressed]).toEqual(['2026-10-15', '2026-11-26', false]);
    });

    it('gives funders no live count of the people in a centre', async () => {
      const occupancy = await as(t, funder).get(`/api/v1/centres/${a.id}/occupancy`).expect(200);
      expect(occupancy.body).toMatchObject({ capacity: 4, occupied: null, available: null });
      expect(occupancy.body.units.every((unit: { occupied: unknown }) => unit.occupied === null)).toBe(true);
      const outlook = await as(t, funder).get(`/api/v1/reports/outlook?centreId=${a.id}`).expect(200);
      validator.check(outlook);
      expect(outlook.body.items[0]).toMatchObject({ centreId: a.id, capacity: 4, occupied: null, basis: { from: '2026-09-01', to: '2026-09-30' } });
      const spend = await report(funder, 'spend', { from: '2026-07-01', to: '2026-07-31' });
      expect(spend.summary.every((row: { costPerPersonCents: unknown }) => row.costPerPersonCents === null)).toBe(true);
    });

    it('never gives a funder a name or an id of a person, in any report or export', async () => {
      const bodies: string[] = [];
      for (const kind of ['occupancy', 'spend', 'outcomes', 'outlook']) {
        for (const query of [{}, { centreId: a.id, from: '2026-01-01', to: '2026-10-31' }, { from: '2026-03-01', to: '2026-10-31', format: 'csv' }]) {
          if (kind === 'outlook' && 'from' in query) continue;
          const response = await as(t, funder).get(`/api/v1/reports/${kind}?${new URLSearchParams(query as Record<string, string>)}`).expect(200);
          bodies.push(response.text);
        }
      }
      const everything = bodies.join('\n');
      expect(everything).not.toContain(CANARY);
      for (const id of [...personIds, ...stayIds]) expect(everything).not.toContain(id);
    });
  });

  describe('spend and budgets', () => {
    it('records spend lines and budgets for admins only, with contract errors for bad ones', async () => {
      const line = { centreId: a.id, date: '2026-03-15', category: 'accommodation', fundingSource: 'FR', amountCents: 100_000 };
      const created = await as(t, t.adminToken).post('/api/v1/spend', line).expect(201);
      expect(created.body).toMatchObject({ ...line, date: '2026-03-15', currency: 'EUR' });
      await as(t, t.adminToken).post('/api/v1/spend', { ...line, category: 'catering', fundingSource: 'UK', amountCents: 50_000 }).expect(201);
      const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM spend_entries`);
      expect((await as(t, t.adminToken).post('/api/v1/spend', { ...line, fundingSource: 'NOPE' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await as(t, t.adminToken).post('/api/v1/spend', { ...line, amountCents: 0 }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await as(t, t.adminToken).post('/api/v1/spend', { ...line, category: 'drones' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await as(t, t.adminToken).post('/api/v1/spend', { ...line, date: '2026-02-30' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await as(t, t.adminToken).post('/api/v1/spend', { ...line, centreId: '00000000-0000-4000-8000-000000000000' }).expect(404)).body.code).toBe('NOT_FOUND');
      await as(t, funder).post('/api/v1/spend', line).expect(403);
      await as(t, staff).post('/api/v1/budgets', { centreId: a.id, year: 2026, fundingSource: 'FR', amountCents: 1 }).expect(403);
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM spend_entries`)).toEqual(before);

      await as(t, t.adminToken).post('/api/v1/budgets', { centreId: a.id, year: 2025, fundingSource: 'FR', amountCents: 1_000_000_07 }).expect(201);
      const again = await as(t, t.adminToken).post('/api/v1/budgets', { centreId: a.id, year: 2025, fundingSource: 'FR', amountCents: 3_650_000_01 }).expect(201);
      expect(again.body).toMatchObject({ year: 2025, fundingSource: 'FR', amountCents: 3_650_000_01, currency: 'EUR' });
      const budgets = await as(t, funder).get(`/api/v1/budgets?centreId=${a.id}`).expect(200);
      const lines = await as(t, t.adminToken).get(`/api/v1/spend?centreId=${a.id}`).expect(200);
      const sources = await as(t, funder).get('/api/v1/funding-sources').expect(200);
      for (const answer of [created, again, budgets, lines, sources]) validator.check(answer);
      expect(budgets.body.items).toHaveLength(1);
      const audit = await t.dataSource.query(`SELECT action FROM audit_events WHERE action IN ('spend.create', 'budget.set') ORDER BY at`);
      expect(audit.map((row: { action: string }) => row.action)).toEqual(['spend.create', 'spend.create', 'budget.set', 'budget.set']);
    });

    it('reports spend by category and by funding source, with budgets that add up to the year and cost per bed-night', async () => {
      const byCategory = await report(t.adminToken, 'spend', { centreId: a.id, from: '2026-03-01', to: '2026-03-31' });
      expect(byCategory.items).toEqual([
        { period: '2026-03', key: 'accommodation', currency: 'EUR', amountCents: 100_000, costPerBedNightCents: Math.round(100_000 / 3) },
        { period: '2026-03', key: 'catering', currency: 'EUR', amountCents: 50_000, costPerBedNightCents: Math.round(50_000 / 3) },
      ]);
      expect(byCategory.summary).toEqual([{ currency: 'EUR', amountCents: 150_000, budgetCents: 0, costPerBedNightCents: 50_000, costPerPersonCents: 75_000 }]);

      const year = await report(t.adminToken, 'spend', { centreId: a.id, from: '2025-01-01', to: '2025-12-31', groupBy: 'fundingSource' });
      expect(year.items).toHaveLength(12);
      expect((year.items as { budgetCents: number }[]).reduce((sum, row) => sum + row.budgetCents, 0)).toBe(3_650_000_01);
      expect(year.summary[0].budgetCents).toBe(3_650_000_01);

      const csv = await as(t, funder).get(`/api/v1/reports/spend?from=2026-03-01&to=2026-03-31&format=csv`).expect(200);
      validator.check(csv);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.text.split('\n')[0]).toBe('period,key,currency,amountCents,budgetCents,costPerBedNightCents');
      // A funder's cost per bed-night would reveal a small number of nights: not given.
      const funderSpend = await report(funder, 'spend', { centreId: a.id, from: '2026-03-01', to: '2026-03-31' });
      expect(funderSpend.items[0].costPerBedNightCents).toBeNull();
    });

    it('imports a CSV of spend lines whole, or reports every bad row and imports nothing', async () => {
      const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM spend_entries`);
      const bad = ['centre,date,category,fundingSource,amount,description', `${a.code},2026-04-01,catering,UK,120.50,Meals`, `${a.code},2026-04-31,catering,UK,1,Bad date`, `NOPE,2026-04-02,drones,XX,-3,Everything wrong`].join('\n');
      const refused = await request(t.http).post('/api/v1/spend/imports').set('Authorization', `Bearer ${t.adminToken}`).attach('file', Buffer.from(bad), 'spend.csv').expect(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
      expect(refused.body.details.rows).toEqual(
        expect.arrayContaining([
          { row: 3, field: 'date', message: expect.any(String) },
          { row: 4, field: 'centre', message: expect.any(String) },
          { row: 4, field: 'category', message: expect.any(String) },
          { row: 4, field: 'fundingSource', message: expect.any(String) },
          { row: 4, field: 'amount', message: expect.any(String) },
        ]),
      );
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM spend_entries`)).toEqual(before);

      const good = ['centre,date,category,fundingSource,amount,currency', `${a.code},2026-04-01,catering,UK,120.50,EUR`, `${b.code},2026-04-02,healthcare,EU-AMIF,99,`, `${b.code},2026-04-03,transport,FR,0.07,GBP`].join('\r\n');
      const imported = validator.checked(await request(t.http).post('/api/v1/spend/imports').set('Authorization', `Bearer ${t.adminToken}`).attach('file', Buffer.from(good), 'spend.csv').expect(201));
      expect(imported.body).toMatchObject({ imported: 3, totals: [{ currency: 'EUR', amountCents: 12_050 + 9_900 }, { currency: 'GBP', amountCents: 7 }] });
      await request(t.http).post('/api/v1/spend/imports').set('Authorization', `Bearer ${funder.token}`).attach('file', Buffer.from(good), 'spend.csv').expect(403);
    });
  });

  describe('the API', () => {
    it('refuses bad report queries with contract errors and other roles with 403', async () => {
      for (const query of ['from=2026-05-01&to=2026-04-01', 'granularity=week', 'from=2026-13-01', 'groupBy=person', 'from=2020-01-01&to=2026-01-01&granularity=day']) {
        const response = await as(t, t.adminToken).get(`/api/v1/reports/occupancy?${query}`).expect(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
      }
      await as(t, t.adminToken).get('/api/v1/reports/occupancy?centreId=00000000-0000-4000-8000-000000000000').expect(404);
      await as(t, staff).get('/api/v1/reports/occupancy').expect(403);
      await as(t, staff).get('/api/v1/reports/outcomes').expect(403);
    });

    it('estimates the days until a centre is full from its arrivals and lengths of stay', async () => {
      const outlook = await as(t, t.adminToken).get(`/api/v1/reports/outlook?centreId=${a.id}`).expect(200);
      validator.check(outlook);
      expect(outlook.body.items[0]).toMatchObject({ centreId: a.id, capacity: 4, occupied: 1 });
      expect(outlook.body.items[0].daysUntilFull).toBeNull(); // no arrivals in the last 28 days
    });
  });

  describe('the monthly report notice', () => {
    let worker: INestApplicationContext;
    afterAll(() => worker?.close());

    it('tells each funder once that the month is ready, however often the job runs', async () => {
      worker = await startTestWorker(t.config, { clock, relay: false, schedules: false });
      const queue = worker.get<Queue>(getQueueToken(QueueName.Reports));
      await queue.add(JobName.PrepareMonthlyReports, { month: '2026-10' });
      await queue.add(JobName.PrepareMonthlyReports, { month: '2026-10' });
      const notices = await eventually(async () => {
        const [{ jobs }] = await t.dataSource.query(`SELECT count(*)::int AS jobs FROM notices WHERE type = 'monthly_report_ready'`);
        const completed = await queue.getCompletedCount();
        return completed >= 2 ? jobs : undefined;
      }, 20_000);
      expect(notices).toBe(1);
      const [notice] = await t.dataSource.query(`SELECT user_id, subject, html FROM notices WHERE type = 'monthly_report_ready'`);
      expect(notice.user_id).toBe(funder.id);
      expect(notice.html).toContain('2026-10');
      const inbox = await t.dataSource.query(`SELECT count(*)::int AS n FROM inbox_messages WHERE user_id = $1`, [funder.id]);
      expect(inbox[0].n).toBeGreaterThanOrEqual(1);
    }, 30_000);
  });
});

function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
}
