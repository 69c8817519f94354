import * as highsPackage from 'highs';
import type { Highs } from 'highs';
import { FixedClock } from '@escale/platform';
import { ReportsService } from '@escale/reports';
import { createCentre, type CentreFixture, newPerson } from '../support/fixtures.js';
import { as, checkedIn } from '../support/stays-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The disclosure auditor: everything a funder can read of a month, downloaded as a funder would,
 * written as equations and inequalities between its cells, and every hidden cell's smallest and
 * largest possible value solved for by integer linear programming (HiGHS) — the attack a
 * statistical office's audit makes. No hidden cell may be pinned to one value; a count hidden as
 * "<5" must keep at least three.
 */

const MONTH = '2026-09';
/** September can no longer change from 3 November: funders read it. */
const NOW = new Date('2026-11-10T12:00:00Z');
const SMALL = '<5';
const CONFIDENTIAL = '[c]';
const EXITS = ['moved_to_asylum_accommodation', 'absconded', 'other', 'hospitalised', 'released_at_legal_limit'];
// The package's types describe a CommonJS module; its ES module build exports the loader as default.
const highsLoader = ((highsPackage as unknown as { default?: () => Promise<Highs> }).default ?? highsPackage) as unknown as () => Promise<Highs>;
const LOS_UPPER: Record<string, number> = { '0-1': 2, '2-4': 5, '5-7': 8, '8-30': 31, '31-60': 61, '61-90': 91, '91+': Number.POSITIVE_INFINITY };

type Published = number | string;
type Who = { token: string };

/** A small deterministic random generator, so that the month is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** What a funder read: every cell seen (with every value it was shown as) and the relations they know. */
class Observations {
  readonly cells = new Map<string, Published>();
  readonly conflicts: string[] = [];
  /** Extra bounds a published ratio puts on a cell. */
  readonly bounds: { key: string; low: number; high: number }[] = [];
  readonly legalMaximum = new Map<string, number>();

  see(measure: string, centre: string, value: Published): void {
    const key = `${measure}|${centre}`;
    const known = this.cells.get(key);
    if (known !== undefined && known !== value) this.conflicts.push(`${key}: ${known} and ${value}`);
    this.cells.set(key, value);
  }
}

interface Audit {
  hidden: number;
  pinned: string[];
  narrowSmall: string[];
  narrowestSmall: number;
  ranges: Map<string, { min: number; max: number }>;
}

/** Every relation a reader knows between the month's cells, and each hidden cell's range by integer programming. */
async function audit(seen: Observations, centres: string[]): Promise<Audit> {
  const counts = ['nights', 'in', 'out', 'waiting', 'over', ...EXITS_ALL.map((r) => `exit:${r}`), ...Object.keys(LOS_UPPER).map((b) => `los:${b}`), ...REFERRALS.map((o) => `referral:${o}`)];
  const relations: { terms: [string, number][]; sense: '=' | '<='; rhs: number }[] = [];
  for (const measure of counts) relations.push({ terms: [[`${measure}|ALL`, 1], ...centres.map((c) => [`${measure}|${c}`, -1] as [string, number])], sense: '=', rhs: 0 });
  for (const centre of [...centres, 'ALL']) {
    relations.push({ terms: [[`out|${centre}`, 1], ...EXITS_ALL.map((r) => [`exit:${r}|${centre}`, -1] as [string, number])], sense: '=', rhs: 0 });
    relations.push({ terms: [[`out|${centre}`, 1], ...Object.keys(LOS_UPPER).map((b) => [`los:${b}|${centre}`, -1] as [string, number])], sense: '=', rhs: 0 });
    relations.push({ terms: [[`over|${centre}`, 1], [`out|${centre}`, -1]], sense: '<=', rhs: 0 });
    relations.push({ terms: [[`nights|${centre}`, 1], [`capacity|${centre}`, -1]], sense: '<=', rhs: 0 });
  }
  for (const centre of centres) {
    const maximum = seen.legalMaximum.get(centre)!;
    const beyond = Object.keys(LOS_UPPER).filter((bucket) => LOS_UPPER[bucket] > maximum);
    relations.push({ terms: [[`over|${centre}`, 1], ...beyond.map((b) => [`los:${b}|${centre}`, -1] as [string, number])], sense: '<=', rhs: 0 });
  }
  const value = (key: string) => seen.cells.get(key);
  const hidden = [...seen.cells.keys()].filter((key) => value(key) === SMALL || value(key) === CONFIDENTIAL).sort();
  const name = new Map(hidden.map((key, i) => [key, `x${i}`]));
  const rows: string[] = [];
  for (const [i, relation] of relations.entries()) {
    let rhs = relation.rhs;
    const terms: string[] = [];
    for (const [key, coefficient] of relation.terms) {
      const cell = value(key);
      if (cell === undefined) throw new Error(`the downloads never showed ${key}`);
      if (typeof cell === 'number') rhs -= coefficient * cell;
      else terms.push(`${coefficient < 0 ? '-' : '+'} ${Math.abs(coefficient)} ${name.get(key)}`);
    }
    if (terms.length) rows.push(` r${i}: ${terms.join(' ')} ${relation.sense} ${rhs}`);
  }
  for (const [i, bound] of seen.bounds.entries()) {
    const cell = value(bound.key);
    if (typeof cell === 'string') rows.push(` b${i}: ${name.get(bound.key)} >= ${Math.ceil(bound.low)}`, ` c${i}: ${name.get(bound.key)} <= ${Math.floor(bound.high)}`);
  }
  const bounds = hidden.map((key) => (value(key) === SMALL ? ` 0 <= ${name.get(key)} <= 4` : ` ${name.get(key)} >= 5`));
  const lp = await highsLoader();
  const model = lp.createModel({ format: 'lp', data: `Minimize\n obj: x0\nSubject To\n${rows.join('\n')}\nBounds\n${bounds.join('\n')}\nGeneral\n ${[...name.values()].join(' ')}\nEnd` });
  const ranges = new Map<string, { min: number; max: number }>();
  try {
    model.options.set('output_flag', false);
    const columns = hidden.map((key) => model.getColByName(name.get(key)!));
    hidden.forEach((key, i) => {
      if (i > 0) (model.changeColCost(columns[i - 1], 0), model.changeColCost(columns[i], 1));
      const extreme = (sense: 'minimize' | 'maximize') => {
        model.changeObjectiveSense(lp.constants.objectiveSense[sense]);
        const { modelStatus } = model.run();
        if (modelStatus === lp.constants.modelStatus.unbounded || modelStatus === lp.constants.modelStatus.unboundedOrInfeasible) return Number.POSITIVE_INFINITY;
        if (modelStatus !== lp.constants.modelStatus.optimal) throw new Error(`the published figures contradict each other (status ${modelStatus})`);
        return Math.round(model.getObjectiveValue());
      };
      ranges.set(key, { min: extreme('minimize'), max: extreme('maximize') });
    });
  } finally {
    model.dispose();
  }
  const width = (key: string) => ranges.get(key)!.max - ranges.get(key)!.min + 1;
  const small = hidden.filter((key) => value(key) === SMALL);
  return {
    hidden: hidden.length,
    pinned: hidden.filter((key) => width(key) <= 1),
    narrowSmall: small.filter((key) => width(key) < 3),
    narrowestSmall: Math.min(...small.map(width)),
    ranges,
  };
}

const EXITS_ALL = ['transferred', 'removed', 'dublin_transfer', 'released_by_court', 'released_at_legal_limit', 'moved_to_asylum_accommodation', 'absconded', 'hospitalised', 'deceased', 'other'];
const REFERRALS = ['decided_granted', 'decided_refused', 'appeal_granted', 'appeal_refused', 'dublin_transferred', 'withdrawn'];

describe('the disclosure auditor: nothing a funder reads pins a hidden count', () => {
  const clock = new FixedClock(NOW);
  let t: TestApp;
  let staff: Who;
  let caseworker: Who;
  let funder: Who;
  let centres: CentreFixture[];
  const open: { stayId: string; caseId: string }[] = [];

  /** Everything a funder can read of the month, JSON and CSV, for all centres and for each. */
  async function download(): Promise<{ seen: Observations; bodies: string[] }> {
    const seen = new Observations();
    const bodies: string[] = [];
    const get = async (path: string) => {
      const response = await as(t, funder).get(path).expect(200);
      bodies.push(response.text);
      return response;
    };
    const period = `from=${MONTH}-01&to=${MONTH}-30`;
    for (const centre of [null, ...centres.map((c) => c.id)]) {
      const scope = centre ? `&centreId=${centre}` : '';
      const key = centre ?? 'ALL';
      const occupancy = (await get(`/api/v1/reports/occupancy?${period}${scope}`)).body;
      for (const row of [...occupancy.items, ...occupancy.totals]) {
        const cell = row.centreId ?? 'ALL';
        seen.see('nights', cell, row.occupiedBedNights);
        seen.see('in', cell, row.admissions);
        seen.see('out', cell, row.discharges);
        seen.see('waiting', cell, row.arrivalsWithoutBed);
        seen.see('capacity', cell, row.capacityBedNights);
        if (row.occupancyRate !== null) seen.bounds.push({ key: `nights|${cell}`, low: (row.occupancyRate - 0.00005) * row.capacityBedNights, high: (row.occupancyRate + 0.00005) * row.capacityBedNights });
      }
      seen.see('nights', key, occupancy.summary.occupiedBedNights);
      seen.see('in', key, occupancy.summary.admissions);
      seen.see('out', key, occupancy.summary.discharges);
      seen.see('waiting', key, occupancy.summary.arrivalsWithoutBed);
      const csv = (await get(`/api/v1/reports/occupancy?format=csv&${period}${scope}`)).text;
      for (const line of csv.trim().split('\n').slice(1)) {
        const [, , id, , capacityBedNights, nights, , admissions, discharges, withoutBed] = line.split(',');
        const parse = (text: string): Published => (/^\d+$/.test(text) ? Number(text) : text);
        seen.see('nights', id, parse(nights));
        seen.see('in', id, parse(admissions));
        seen.see('out', id, parse(discharges));
        seen.see('waiting', id, parse(withoutBed));
        seen.see('capacity', id, parse(capacityBedNights));
      }
      const outcomes = (await get(`/api/v1/reports/outcomes?${period}${scope}`)).body;
      for (const row of outcomes.exitReasons) seen.see(`exit:${row.reason}`, key, row.count);
      for (const row of outcomes.referralOutcomes) seen.see(`referral:${row.outcome}`, key, row.count);
      for (const row of outcomes.lengthOfStay.distribution) seen.see(`los:${row.bucket}`, key, row.count);
      seen.see('out', key, outcomes.lengthOfStay.stays);
      seen.see('over', key, outcomes.lengthOfStay.overLegalMaximum);
      if (centre) seen.legalMaximum.set(centre, outcomes.lengthOfStay.legalMaximumDays);
      // Statistics of lengths of stay are shown only where every length band behind them is exact.
      if (outcomes.lengthOfStay.meanDays !== null) {
        for (const row of outcomes.lengthOfStay.distribution) expect(typeof row.count).toBe('number');
      }
      await get(`/api/v1/reports/outcomes?format=csv&${period}${scope}`);
      for (const groupBy of ['category', 'fundingSource']) {
        const spend = (await get(`/api/v1/reports/spend?${period}${scope}&groupBy=${groupBy}`)).body;
        for (const row of spend.items) {
          // A cost per bed-night gives the bed-nights back to within rounding: only where they are published.
          if (row.costPerBedNightCents !== null && row.costPerBedNightCents > 0) {
            seen.bounds.push({ key: `nights|${key}`, low: row.amountCents / (row.costPerBedNightCents + 0.5), high: row.amountCents / (row.costPerBedNightCents - 0.5) });
          }
        }
        for (const row of spend.summary) expect(row.costPerPersonCents).toBeNull();
      }
    }
    const outlook = (await get(`/api/v1/reports/outlook`)).body;
    for (const row of outlook.items) {
      expect(row.occupied).toBeNull();
      expect(row.basis).toEqual({ from: `${MONTH}-01`, to: `${MONTH}-30` });
      if (row.arrivalsPerDay !== null) seen.bounds.push({ key: `in|${row.centreId}`, low: (row.arrivalsPerDay - 0.005) * 30, high: (row.arrivalsPerDay + 0.005) * 30 });
    }
    for (const centre of centres) expect((await get(`/api/v1/centres/${centre.id}/occupancy`)).body).toMatchObject({ occupied: null, available: null });
    return { seen, bodies };
  }

  beforeAll(async () => {
    t = await startTestApp({ clock });
    // Five centres of different sizes and legal maximum stays: from a busy one to one that sees two people a month.
    const specs = [
      { beds: 40, maxStayDays: 7, rate: 55 },
      { beds: 16, maxStayDays: 7, rate: 16 },
      { beds: 8, maxStayDays: 30, rate: 6 },
      { beds: 4, maxStayDays: 7, rate: 2 },
      { beds: 10, maxStayDays: 60, rate: 8 },
    ];
    centres = [];
    for (const spec of specs) centres.push(await createCentre(t, { maxStayDays: spec.maxStayDays, units: [{ housing: 'mixed', beds: spec.beds }] }));
    staff = await t.userWithToken('staff', centres.map((c) => c.id));
    caseworker = await t.userWithToken('caseworker', centres.map((c) => c.id));
    funder = await t.userWithToken('funder');
    await as(t, t.adminToken).post('/api/v1/spend', { centreId: centres[0].id, date: `${MONTH}-15`, category: 'accommodation', fundingSource: 'FR', amountCents: 4_500_000 }).expect(201);
    await as(t, t.adminToken).post('/api/v1/spend', { centreId: centres[3].id, date: `${MONTH}-10`, category: 'catering', fundingSource: 'UK', amountCents: 123_456 }).expect(201);

    // Arrivals from late August to late September, each staying an exponential time; a tenth still here.
    const next = random(17);
    type Event = { at: number; kind: 'in' | 'out'; stay: number };
    const stays: { centre: number; reason: string; id?: string }[] = [];
    const events: Event[] = [];
    const start = Date.parse('2026-08-22T00:00:00Z');
    const end = Date.parse('2026-09-29T00:00:00Z');
    specs.forEach((spec, centre) => {
      const arrivals = Math.round(spec.rate * 1.25);
      for (let i = 0; i < arrivals; i += 1) {
        const at = start + Math.floor(next() * (end - start));
        const days = -Math.log(1 - next()) * (spec.maxStayDays > 7 ? 12 : 4);
        const stay = stays.push({ centre, reason: EXITS[Math.floor(next() * EXITS.length)] }) - 1;
        events.push({ at, kind: 'in', stay });
        if (next() > 0.1) events.push({ at: Math.min(at + Math.round(days * 86_400_000) + 60_000, NOW.getTime() - 86_400_000), kind: 'out', stay });
      }
    });
    events.sort((x, y) => x.at - y.at || (x.kind === 'out' ? -1 : 1));
    const present = specs.map(() => 0);
    for (const event of events) {
      const stay = stays[event.stay];
      clock.set(new Date(event.at));
      if (event.kind === 'in') {
        if (present[stay.centre] >= specs[stay.centre].beds) continue; // full: this arrival went elsewhere
        const made = await checkedIn(t, staff, centres[stay.centre].id, { person: newPerson() });
        stay.id = made.stay.id;
        present[stay.centre] += 1;
        if (event.at < Date.parse('2026-09-20T00:00:00Z') && stay.centre <= 1 && next() < 0.3) open.push({ stayId: made.stay.id, caseId: made.stay.caseId });
      } else if (stay.id) {
        await as(t, staff).post(`/api/v1/stays/${stay.id}/check-out`, { reason: stay.reason }).expect(200);
        present[stay.centre] -= 1;
      }
    }
    // Asylum decisions in September for some of the people of the two busy centres.
    for (const [i, { caseId }] of open.slice(0, 9).entries()) {
      clock.set(new Date('2026-09-20T09:00:00Z'));
      const referral = (await as(t, caseworker).post(`/api/v1/cases/${caseId}/referrals`, { kind: 'asylum' }).expect(201)).body;
      let version = referral.version as number;
      const outcome = i % 3 === 2 ? 'decided_refused' : 'decided_granted';
      for (const [to, day] of [['submitted', '21'], ['registered', '22'], ['lodged', '23'], [outcome, '28']]) {
        clock.set(new Date(`${MONTH}-${day}T10:00:00Z`));
        version = (await as(t, caseworker).post(`/api/v1/referrals/${referral.id}/transitions`, { to, version, at: `${MONTH}-${day}T10:00:00Z` }).expect(200)).body.version;
      }
    }
    clock.set(NOW);
    await t.app.get(ReportsService).takeSnapshots();
  }, 300_000);
  afterAll(() => t.close());

  it('gives funders no month before it is final: September is read from 3 November', async () => {
    clock.set(new Date('2026-10-20T12:00:00Z'));
    try {
      const early = (await as(t, funder).get(`/api/v1/reports/occupancy?from=${MONTH}-01&to=${MONTH}-30`).expect(200)).body;
      expect(early.to).toBe('2026-08-31');
    } finally {
      clock.set(NOW);
    }
  });

  it('leaves every hidden cell of the month a range, however the published figures are combined', async () => {
    const { seen, bodies } = await download();
    expect(seen.conflicts).toEqual([]);
    const ids = centres.map((c) => c.id);
    const result = await audit(seen, ids);
    const exact = await as(t, t.adminToken).get(`/api/v1/reports/occupancy?from=${MONTH}-01&to=${MONTH}-30`).expect(200);
    // The true counts lie in the ranges the auditor found (the auditor is right), and none is pinned.
    for (const row of exact.body.items) {
      const range = result.ranges.get(`in|${row.centreId}`);
      if (range) expect(row.admissions >= range.min && row.admissions <= range.max).toBe(true);
    }
    console.log(
      `Disclosure audit of ${MONTH}: ${seen.cells.size} cells read in ${bodies.length} downloads, ${result.hidden} hidden; ` +
        `pinned ${result.pinned.length}; small counts with fewer than 3 possible values ${result.narrowSmall.length}; narrowest range of a small count ${result.narrowestSmall} values`,
    );
    expect(result.hidden).toBeGreaterThan(40);
    expect(result.pinned).toEqual([]);
    expect(result.narrowSmall).toEqual([]);
    expect(result.narrowestSmall).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('never changes a published month: late records and a referral dated back leave it as it was, and both downloads audit together', async () => {
    const before = await download();
    const live = async () => (await as(t, t.adminToken).get(`/api/v1/reports/outcomes?from=${MONTH}-01&to=${MONTH}-30`).expect(200)).body;
    const liveBefore = await live();
    // A check-in recorded 30 days late, a stay from September checked out late, and an asylum decision dated back into September.
    await checkedIn(t, staff, centres[3].id, { person: newPerson(), checkedInAt: new Date(NOW.getTime() - 30 * 86_400_000 + 60_000).toISOString() });
    const [{ id: openStay }] = await t.dataSource.query(`SELECT id FROM stays WHERE checked_out_at IS NULL AND centre_id = $1 ORDER BY checked_in_at LIMIT 1`, [centres[0].id]);
    if (openStay) await as(t, staff).post(`/api/v1/stays/${openStay}/check-out`, { reason: 'other', at: new Date(NOW.getTime() - 29 * 86_400_000).toISOString() }).expect(200);
    const spare = open[open.length - 1];
    clock.set(new Date(`${MONTH}-20T09:00:00Z`)); // opened in September, its steps recorded only now
    const referral = (await as(t, caseworker).post(`/api/v1/cases/${spare.caseId}/referrals`, { kind: 'asylum' }).expect(201)).body;
    clock.set(NOW);
    let version = referral.version as number;
    for (const [to, day] of [['submitted', '21'], ['registered', '22'], ['lodged', '23'], ['decided_granted', '29']]) {
      version = (await as(t, caseworker).post(`/api/v1/referrals/${referral.id}/transitions`, { to, version, at: `${MONTH}-${day}T10:00:00Z` }).expect(200)).body.version;
    }
    const granted = (report: { referralOutcomes: { outcome: string; count: number }[] }) => report.referralOutcomes.find((row) => row.outcome === 'decided_granted')!.count;
    expect(granted(await live())).toBe(granted(liveBefore) + 1); // the administrators' live figure moved
    await t.app.get(ReportsService).takeSnapshots();
    const after = await download();
    expect([...after.seen.cells]).toEqual([...before.seen.cells]);
    // Both downloads together: every cell seen twice with the same value, and the audit still holds.
    for (const [key, value] of after.seen.cells) before.seen.see(key.split('|')[0], key.split('|')[1], value);
    expect(before.seen.conflicts).toEqual([]);
    const result = await audit(before.seen, centres.map((c) => c.id));
    expect(result.pinned).toEqual([]);
    expect(result.narrowSmall).toEqual([]);
    // And the database itself refuses to change a published month.
    await expect(t.dataSource.query(`UPDATE published_tables SET cells = '{}' WHERE month = '2026-09-01'`)).rejects.toThrow(/never changes/);
    await expect(t.dataSource.query(`DELETE FROM published_tables`)).rejects.toThrow(/never changes/);
  }, 120_000);
});
