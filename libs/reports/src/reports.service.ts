import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, Clock, Forbidden, NotFound, ValidationFailed } from '@escale/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { type CellGroup, isExact, type Published, publishCell, publishSum, suppress, type Suppression } from './disclosure.js';
import type { ReportQuery, SpendGrouping } from './dto/report-query.dto.js';
import { addOutcomeMeasure, currentCapacity, type DayFigure, emptyOutcomes, lengthStatistics, liveDailyFigures, liveOutcomeMeasures, LOS_BUCKETS, meanStayByCentre, type MonthOutcomes, type OutcomeMeasure, REFERRAL_OUTCOMES } from './figures.js';
import { addDays, daysBetween, eachDay, eachMonth, type Granularity, localDate, monthEnd, monthOf, monthStart, periodOf, prorate } from './periods.js';
import { EXIT_REASONS } from '@escale/stays';

/** Who reads reports; funders read them through disclosure control. */
const READERS = ['funder', 'admin', 'auditor'];
/** Check-ins and check-outs may be recorded up to 30 days late: nights this recent are always counted from the stays. */
const LIVE_DAYS = 32;
const MAX_DAILY_DAYS = 366;
const MAX_MONTHS = 240;
const REPORT_TIMEZONE = 'Europe/Paris';

/** Writes counted months; a month already written stays as it was. */
export async function saveOutcomeSnapshots(manager: Pick<EntityManager, 'query'>, rows: OutcomeMeasure[], takenAt: Date): Promise<number> {
  await manager.query(
    `INSERT INTO outcome_snapshots (centre_id, month, measure, value, histogram, taken_at)
     SELECT c, (m || '-01')::date, measure, value, histogram::jsonb, $6 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::text[]) AS t(c, m, measure, value, histogram)
     ON CONFLICT (centre_id, month, measure) DO NOTHING`,
    [rows.map((row) => row.centreId), rows.map((row) => row.month), rows.map((row) => row.measure), rows.map((row) => row.value), rows.map((row) => (row.histogram ? JSON.stringify(row.histogram) : null)), takenAt],
  );
  return rows.length;
}

/** The last day of the last month whose departures can no longer change on `today`; check-outs may be recorded up to 30 days late. */
export function lastClosedMonthEnd(today: string): string {
  return addDays(monthStart(addDays(today, -LIVE_DAYS)), -1);
}
const ALL = '*';

export interface ReportScope {
  from: string;
  to: string;
  granularity: Granularity;
  centreId: string | null;
  /** True for funders: small counts are hidden, periods are whole, complete months. */
  suppressed: boolean;
}

export interface OccupancyRow {
  period: string;
  centreId: string | null;
  centreCode: string | null;
  /** Beds in service, on average over the period's nights. */
  capacity: number;
  capacityBedNights: number;
  occupiedBedNights: Published;
  /** Occupied bed-nights over bed-nights in service (HMIS bed utilisation); null when not published. */
  occupancyRate: number | null;
  admissions: Published;
  discharges: Published;
}

export interface OccupancyReport extends ReportScope {
  items: OccupancyRow[];
  total: number;
  /** All centres together, per period (only when no centre is chosen). */
  totals: OccupancyRow[];
  /** The whole period for the chosen scope. */
  summary: Omit<OccupancyRow, 'period' | 'centreId' | 'centreCode'>;
}

export interface SpendRow {
  period: string;
  key: string;
  currency: string;
  amountCents: number;
  budgetCents?: number;
  costPerBedNightCents?: number | null;
}

export interface SpendReport extends ReportScope {
  groupBy: SpendGrouping;
  items: SpendRow[];
  total: number;
  summary: { currency: string; amountCents: number; budgetCents: number; costPerBedNightCents: number | null; costPerPersonCents: number | null }[];
}

export interface OutcomesReport extends ReportScope {
  exitReasons: { reason: string; count: Published }[];
  referralOutcomes: { outcome: string; count: Published }[];
  lengthOfStay: {
    stays: Published;
    meanDays: number | null;
    medianDays: number | null;
    p90Days: number | null;
    /** The centre's legal maximum stay, when one centre is chosen. */
    legalMaximumDays: number | null;
    overLegalMaximum: Published;
    distribution: { bucket: string; count: Published }[];
  };
}

export interface OutlookRow {
  centreId: string;
  centreCode: string;
  capacity: number;
  occupied: Published;
  arrivalsPerDay: number | null;
  meanStayDays: number | null;
  /** Where occupancy settles at this arrival rate and length of stay (Little's law). */
  expectedOccupancy: number | null;
  /** Days until every bed is taken; 0 when full now, null when not expected to fill. */
  daysUntilFull: number | null;
  basis: { from: string; to: string };
}

interface CentreInfo {
  id: string;
  code: string;
  maxStayDays: number;
}

/** The cells of a report: counts per measure, centre (or all) and period, and the ones hidden from funders. */
class Grid {
  readonly values = new Map<string, number>();
  readonly hidden = new Map<string, Suppression>();
  /** Lengths of the stays that ended in the report's period, per centre (or all): tenths of a day and the exact sum. */
  readonly lengths = new Map<string, { tenths: Map<number, number>; seconds: number }>();
  static key = (measure: string, centre: string, period: string) => `${measure}|${centre}|${period}`;
  get = (measure: string, centre: string, period: string) => this.values.get(Grid.key(measure, centre, period)) ?? 0;
  add(measure: string, centre: string, period: string, value: number): void {
    const key = Grid.key(measure, centre, period);
    this.values.set(key, (this.values.get(key) ?? 0) + value);
  }
  cell(measure: string, centre: string, period: string, suppressed: boolean): Published {
    const key = Grid.key(measure, centre, period);
    const value = this.values.get(key) ?? 0;
    return suppressed ? publishCell(value, this.hidden.get(key)) : value;
  }
  sum(measure: string, centre: string, periods: string[], suppressed: boolean): Published {
    const keys = periods.map((period) => Grid.key(measure, centre, period));
    if (!suppressed) return keys.reduce((sum, key) => sum + (this.values.get(key) ?? 0), 0);
    return publishSum(keys, this.values, this.hidden);
  }
}

const PEOPLE_MEASURES = ['nights', 'in', 'out'] as const;
/** The month cells disclosure control relates to each other. */
const MONTH_MEASURES = [...PEOPLE_MEASURES, 'over', ...EXIT_REASONS.map((reason) => `exit:${reason}`), ...LOS_BUCKETS.map((bucket) => `los:${bucket}`), ...REFERRAL_OUTCOMES.map((outcome) => `referral:${outcome}`)];
const PEOPLE_CACHE_PERIODS = 1_000;
/** How many months of hidden cells are kept (about 2 MB). */
const HIDDEN_CACHE_MONTHS = 2_000;
/** The measures of a night, in the order of a month's sums. */
const DAY_MEASURES = ['capacity', 'nights', 'in', 'out'] as const;

const rate = (occupied: Published, capacityBedNights: number): number | null =>
  isExact(occupied) && capacityBedNights > 0 ? Math.round((occupied / capacityBedNights) * 10_000) / 10_000 : null;

/**
 * Occupancy, spend and outcomes for funders, admins and auditors. Figures come from the nightly
 * snapshots for nights older than a month and from the stays for recent ones. Funders read every
 * count through disclosure control computed over the whole grid of centres and days of each month
 * — the same cells hidden whichever centre or period is asked for.
 */
@Injectable()
export class ReportsService {
  private readonly inFlight = new Map<string, Promise<Grid>>();
  /** The hidden cells of each month last worked out, with the counts they were worked out from. */
  /** People served in past periods, which can no longer change. */
  private readonly peopleByPeriod = new Map<string, number>();
  private readonly hiddenByMonth = new Map<string, { fingerprint: string; hidden: [string, Suppression][] }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  today(): string {
    return localDate(this.clock.now(), REPORT_TIMEZONE);
  }

  async occupancy(actor: Actor, query: ReportQuery): Promise<OccupancyReport> {
    const scope = await this.scope(actor, query);
    const centres = await this.centres();
    const grid = await this.grid(scope, centres);
    const codes = new Map(centres.map((c) => [c.id, c.code]));
    const periods = this.periods(scope);
    const chosen = scope.centreId ? [scope.centreId] : centres.map((c) => c.id);
    const row = (centre: string, period: string, days: string[]): OccupancyRow => {
      const capacityBedNights = grid.get('capacity', centre, period);
      const occupied = grid.cell('nights', centre, period, scope.suppressed);
      return {
        period,
        centreId: centre === ALL ? null : centre,
        centreCode: centre === ALL ? null : (codes.get(centre) ?? null),
        capacity: days.length ? Math.round(capacityBedNights / days.length) : 0,
        capacityBedNights,
        occupiedBedNights: occupied,
        occupancyRate: rate(occupied, capacityBedNights),
        admissions: grid.cell('in', centre, period, scope.suppressed),
        discharges: grid.cell('out', centre, period, scope.suppressed),
      };
    };
    const items = periods.flatMap(({ period, days }) => chosen.map((centre) => row(centre, period, days)));
    const totals = scope.centreId ? [] : periods.map(({ period, days }) => row(ALL, period, days));
    const scopeKey = scope.centreId ?? ALL;
    const months = eachMonth(scope.from, scope.to);
    const capacityBedNights = months.reduce((sum, month) => sum + grid.get('capacity', scopeKey, month), 0);
    const nights = grid.sum('nights', scopeKey, months, scope.suppressed);
    const dayCount = daysBetween(scope.from, scope.to) + 1;
    return {
      ...scope,
      items,
      total: items.length,
      totals,
      summary: {
        capacity: Math.round(capacityBedNights / dayCount),
        capacityBedNights,
        occupiedBedNights: nights,
        occupancyRate: rate(nights, capacityBedNights),
        admissions: grid.sum('in', scopeKey, months, scope.suppressed),
        discharges: grid.sum('out', scopeKey, months, scope.suppressed),
      },
    };
  }

  async spend(actor: Actor, query: ReportQuery): Promise<SpendReport> {
    const scope = await this.scope(actor, query);
    const groupBy = query.groupBy ?? 'category';
    const centres = await this.centres();
    const scopeKey = scope.centreId ?? ALL;
    const centreFilter = scope.centreId ? [scope.centreId] : centres.map((c) => c.id);
    const column = groupBy === 'category' ? 'category' : 'funding_source';
    const manager = this.dataSource.manager;
    // The grid and the spend are worked out side by side: counting the people served over years is the slowest part.
    const [grid, lines, budgets, people] = await Promise.all([
      this.grid(scope, centres),
      manager.query<{ period: string; key: string; currency: string; amount: string }[]>(
        `SELECT to_char(spent_on, $4) AS period, ${column} AS key, currency, sum(amount_cents)::text AS amount
           FROM spend_entries WHERE centre_id = ANY($1) AND spent_on BETWEEN $2 AND $3
          GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        [centreFilter, scope.from, scope.to, scope.granularity === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM'],
      ),
      manager.query<{ year: number; key: string; currency: string; amount: string }[]>(
        `SELECT year, funding_source AS key, currency, sum(amount_cents)::text AS amount
           FROM budgets WHERE centre_id = ANY($1) AND year BETWEEN $2 AND $3 GROUP BY 1, 2, 3`,
        [centreFilter, Number(scope.from.slice(0, 4)), Number(scope.to.slice(0, 4))],
      ),
      this.peopleServed(centreFilter, scope.from, scope.to),
    ]);
    const periods = this.periods(scope);
    const costPerNight = (amount: number, period: string): number | null => {
      const nights = grid.cell('nights', scopeKey, period, scope.suppressed);
      return isExact(nights) && nights > 0 ? Math.round(amount / nights) : null;
    };
    const rows = new Map<string, SpendRow>();
    for (const line of lines) {
      rows.set(`${line.period}|${line.key}|${line.currency}`, { period: line.period, key: line.key, currency: line.currency, amountCents: Number(line.amount) });
    }
    const budgetOf = new Map<string, bigint>();
    if (groupBy === 'fundingSource') {
      for (const { period, days } of periods) {
        const year = Number(days[0].slice(0, 4));
        for (const budget of budgets.filter((b) => b.year === year)) {
          const part = prorate(BigInt(budget.amount), year, days[0], days[days.length - 1]);
          const key = `${period}|${budget.key}|${budget.currency}`;
          if (!rows.has(key)) rows.set(key, { period, key: budget.key, currency: budget.currency, amountCents: 0 });
          rows.get(key)!.budgetCents = Number(part);
          budgetOf.set(budget.currency, (budgetOf.get(budget.currency) ?? 0n) + part);
        }
      }
    }
    const items = [...rows.values()]
      .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : a.currency < b.currency ? -1 : 1))
      .map((row) => ({ ...row, ...(groupBy === 'fundingSource' && row.budgetCents === undefined ? { budgetCents: 0 } : {}), costPerBedNightCents: costPerNight(row.amountCents, row.period) }));
    const months = eachMonth(scope.from, scope.to);
    const nights = grid.sum('nights', scopeKey, months, scope.suppressed);
    const currencies = [...new Set([...items.map((i) => i.currency), ...budgetOf.keys()])].sort();
    const peopleCount = people;
    return {
      ...scope,
      groupBy,
      items,
      total: items.length,
      summary: currencies.map((currency) => {
        const amountCents = items.filter((i) => i.currency === currency).reduce((sum, i) => sum + i.amountCents, 0);
        return {
          currency,
          amountCents,
          budgetCents: Number(budgetOf.get(currency) ?? 0n),
          costPerBedNightCents: isExact(nights) && nights > 0 ? Math.round(amountCents / nights) : null,
          costPerPersonCents: peopleCount > 0 && !(scope.suppressed && peopleCount < 5) ? Math.round(amountCents / peopleCount) : null,
        };
      }),
    };
  }

  async outcomes(actor: Actor, query: ReportQuery): Promise<OutcomesReport> {
    const scope = await this.scope(actor, query);
    const centres = await this.centres();
    const grid = await this.grid(scope, centres);
    const scopeKey = scope.centreId ?? ALL;
    const months = eachMonth(scope.from, scope.to);
    const stays = grid.sum('out', scopeKey, months, scope.suppressed);
    const chosen = scope.centreId ? [scope.centreId] : centres.map((c) => c.id);
    const lengths = grid.lengths.get(scopeKey);
    const statistics = lengthStatistics(lengths?.tenths ?? new Map(), lengths?.seconds ?? 0);
    // A mean over a handful of people, or over a period that hides a few of them, would tell about those people.
    const publishStatistics = !scope.suppressed || (isExact(stays) && stays >= 5);
    const sumOver = (measure: string) => grid.sum(measure, scopeKey, months, scope.suppressed);
    return {
      ...scope,
      exitReasons: EXIT_REASONS.map((reason) => ({ reason, count: sumOver(`exit:${reason}`) })),
      referralOutcomes: REFERRAL_OUTCOMES.map((outcome) => ({ outcome, count: sumOver(`referral:${outcome}`) })),
      lengthOfStay: {
        stays,
        meanDays: publishStatistics ? statistics.meanDays : null,
        medianDays: publishStatistics ? statistics.medianDays : null,
        p90Days: publishStatistics ? statistics.p90Days : null,
        legalMaximumDays: scope.centreId ? (centres.find((c) => c.id === scope.centreId)?.maxStayDays ?? null) : null,
        overLegalMaximum: sumOver('over'),
        distribution: LOS_BUCKETS.map((bucket) => ({ bucket, count: sumOver(`los:${bucket}`) })),
      },
    };
  }

  /**
   * Days until each centre is full at its current arrival rate and length of stay. Admins and
   * auditors get the last 28 days; funders the last complete month, which is what they may read.
   */
  async outlook(actor: Actor, centreId?: string): Promise<OutlookRow[]> {
    if (!READERS.includes(actor.role)) throw new Forbidden();
    const centres = (await this.centres()).filter((c) => !centreId || c.id === centreId);
    if (centreId && centres.length === 0) throw new NotFound('centre');
    const today = this.today();
    const funder = actor.role === 'funder';
    const to = funder ? addDays(monthStart(today), -1) : addDays(today, -1);
    const from = funder ? monthStart(to) : addDays(today, -28);
    const ids = centres.map((c) => c.id);
    const scope: ReportScope = { from, to, granularity: 'month', centreId: null, suppressed: funder };
    const grid = await this.grid(scope, await this.centres());
    const capacity = await currentCapacity(this.dataSource.manager, ids);
    const present = new Map(
      (await this.dataSource.manager.query<{ centre_id: string; n: number }[]>(`SELECT centre_id, count(*)::int AS n FROM stays WHERE checked_out_at IS NULL AND centre_id = ANY($1) GROUP BY 1`, [ids])).map((r) => [r.centre_id, r.n]),
    );
    const windowDays = daysBetween(from, to) + 1;
    const statisticsByCentre = await meanStayByCentre(this.dataSource.manager, ids, from, to);
    const rows: OutlookRow[] = [];
    for (const centre of centres) {
      const beds = capacity.get(centre.id) ?? 0;
      const occupied = present.get(centre.id) ?? 0;
      const arrivals = grid.sum('in', centre.id, eachMonth(from, to), funder);
      const statistics = statisticsByCentre.get(centre.id) ?? { meanDays: null };
      const departures = grid.sum('out', centre.id, eachMonth(from, to), funder);
      const usable = isExact(arrivals) && (!funder || (isExact(departures) && departures >= 5));
      const rate = usable ? (arrivals as number) / windowDays : null;
      const meanStay = usable ? statistics.meanDays : null;
      const expected = rate !== null && meanStay !== null ? rate * meanStay : null;
      let daysUntilFull: number | null = null;
      if (beds > 0 && occupied >= beds) daysUntilFull = 0;
      else if (expected !== null && meanStay && expected > beds) daysUntilFull = Math.ceil(-meanStay * Math.log((expected - beds) / (expected - occupied)));
      rows.push({
        centreId: centre.id,
        centreCode: centre.code,
        capacity: beds,
        occupied: funder ? publishCell(occupied, undefined) : occupied,
        arrivalsPerDay: rate === null ? null : Math.round(rate * 100) / 100,
        meanStayDays: meanStay,
        expectedOccupancy: expected === null ? null : Math.round(expected * 10) / 10,
        daysUntilFull,
        basis: { from, to },
      });
    }
    return rows;
  }

  /**
   * Writes each centre's nightly figures up to `upTo` (default yesterday): new nights with the
   * beds in service now, and the last month's nights again, since check-ins and check-outs may be
   * recorded late. Returns how many nights were written.
   */
  async takeSnapshots(upTo: string = addDays(this.today(), -1)): Promise<number> {
    const centres = await this.dataSource.manager.query<{ id: string; last: string | null; first: string | null }[]>(
      `SELECT c.id,
              (SELECT to_char(max(day), 'YYYY-MM-DD') FROM occupancy_snapshots o WHERE o.centre_id = c.id) AS last,
              (SELECT to_char(min(s.checked_in_at AT TIME ZONE c.timezone)::date, 'YYYY-MM-DD') FROM stays s WHERE s.centre_id = c.id) AS first
         FROM centres c ORDER BY c.code`,
    );
    let written = 0;
    for (const centre of centres) {
      const from = centre.last ? (addDays(centre.last, 1) < addDays(upTo, -LIVE_DAYS) ? addDays(centre.last, 1) : addDays(upTo, -LIVE_DAYS)) : (centre.first ?? upTo);
      if (from > upTo) continue;
      written += await this.dataSource.transaction(async (manager) => {
        const figures = (await liveDailyFigures(manager, [centre.id], from, upTo)).get(centre.id)!;
        const days = [...figures.keys()];
        const list = days.map((day) => figures.get(day)!);
        await manager.query(
          `INSERT INTO occupancy_snapshots (centre_id, day, capacity, occupied_bed_nights, admissions, discharges, taken_at)
           SELECT $1, d, cap, nights, ins, outs, $7
             FROM unnest($2::date[], $3::int[], $4::int[], $5::int[], $6::int[]) AS t(d, cap, nights, ins, outs)
           ON CONFLICT (centre_id, day) DO UPDATE
              SET occupied_bed_nights = EXCLUDED.occupied_bed_nights, admissions = EXCLUDED.admissions, discharges = EXCLUDED.discharges, taken_at = EXCLUDED.taken_at`,
          [centre.id, days, list.map((f) => f.capacity), list.map((f) => f.bedNights), list.map((f) => f.admissions), list.map((f) => f.discharges), this.clock.now()],
        );
        return days.length;
      });
      await this.takeOutcomeSnapshots(centre.id, centre.first, upTo);
    }
    return written;
  }

  /**
   * Counts a centre's departures and referral outcomes once for every month that can no longer
   * change (check-outs may be recorded up to 30 days late; a referral step dated back into a
   * counted month removes its count) and has not been counted yet.
   */
  private async takeOutcomeSnapshots(centreId: string, first: string | null, upTo: string): Promise<void> {
    if (!first) return;
    const last = lastClosedMonthEnd(addDays(upTo, 1));
    if (first > last) return;
    await this.dataSource.transaction(async (manager) => {
      // One job at a time per centre: a second run waits and then finds the months taken.
      await manager.query(`SELECT 1 FROM centres WHERE id = $1 FOR UPDATE`, [centreId]);
      const taken = new Set(
        (await manager.query<{ month: string }[]>(`SELECT to_char(month, 'YYYY-MM') AS month FROM outcome_snapshots WHERE centre_id = $1 AND measure = 'departures'`, [centreId])).map((row) => row.month),
      );
      const missing = eachMonth(first, last).filter((month) => !taken.has(month));
      if (missing.length === 0) return;
      const measures = await liveOutcomeMeasures(manager, [centreId], `${missing[0]}-01`, last);
      const wanted = new Set(missing);
      const rows = measures.filter((row) => wanted.has(row.month));
      const counted = new Set(rows.filter((row) => row.measure === 'departures').map((row) => row.month));
      for (const month of missing) if (!counted.has(month)) rows.push({ centreId, month, measure: 'departures', value: 0 });
      await saveOutcomeSnapshots(manager, rows, this.clock.now());
    });
  }

  /**
   * How many people stayed in the centres during the period. Counting them over years reads every
   * stay, so a count for a period that ended more than a month ago, which can no longer change, is
   * kept (per process) and not made again.
   */
  private async peopleServed(centreIds: string[], from: string, to: string): Promise<number> {
    const key = `${centreIds.join(',')}|${from}|${to}`;
    const known = this.peopleByPeriod.get(key);
    if (known !== undefined) return known;
    const [{ n }] = await this.dataSource.manager.query<{ n: number }[]>(
      `SELECT count(DISTINCT s.person_id)::int AS n FROM stays s JOIN centres c ON c.id = s.centre_id
          WHERE s.centre_id = ANY($1)
            AND s.checked_in_at < (($3::date + 1)::timestamp AT TIME ZONE c.timezone)
            AND (s.checked_out_at IS NULL OR s.checked_out_at >= ($2::date::timestamp AT TIME ZONE c.timezone))
            AND s.checked_in_at < ($3::date + 2)::timestamptz AND (s.checked_out_at IS NULL OR s.checked_out_at >= ($2::date - 1)::timestamptz)`,
      [centreIds, from, to],
    );
    if (to < addDays(this.today(), -LIVE_DAYS)) {
      if (this.peopleByPeriod.size >= PEOPLE_CACHE_PERIODS) this.peopleByPeriod.clear();
      this.peopleByPeriod.set(key, n);
    }
    return n;
  }

  /** The period a report covers, checked, and for funders widened to whole months that have ended. */
  async scope(actor: Actor, query: ReportQuery): Promise<ReportScope> {
    if (!READERS.includes(actor.role)) throw new Forbidden();
    const suppressed = actor.role === 'funder';
    const granularity = query.granularity ?? 'month';
    const today = this.today();
    if (query.from && query.to && query.from > query.to) throw new ValidationFailed({ from: ['must not be after to'] });
    let to = query.to && query.to < today ? query.to : today;
    let from = query.from ?? monthStart(addDays(monthStart(to), -335));
    if (from > to) from = to;
    if (suppressed) {
      from = monthStart(from);
      const lastComplete = addDays(monthStart(today), -1);
      to = monthEnd(to) > lastComplete ? lastComplete : monthEnd(to);
      if (from > to) from = monthStart(to);
    }
    if (granularity === 'day' && daysBetween(from, to) + 1 > MAX_DAILY_DAYS) throw new ValidationFailed({ to: [`a daily report covers at most ${MAX_DAILY_DAYS} days`] });
    if (eachMonth(from, to).length > MAX_MONTHS) throw new ValidationFailed({ to: [`a report covers at most ${MAX_MONTHS} months`] });
    if (from < '2000-01-01') throw new ValidationFailed({ from: ['must be in 2000 or later'] });
    if (query.centreId) {
      const [centre] = await this.dataSource.manager.query<{ id: string }[]>(`SELECT id FROM centres WHERE id = $1`, [query.centreId]);
      if (!centre) throw new NotFound('centre');
    }
    return { from, to, granularity, centreId: query.centreId ?? null, suppressed };
  }

  private periods(scope: ReportScope): { period: string; days: string[] }[] {
    const byPeriod = new Map<string, string[]>();
    for (const day of eachDay(scope.from, scope.to)) {
      const period = periodOf(day, scope.granularity);
      if (!byPeriod.has(period)) byPeriod.set(period, []);
      byPeriod.get(period)!.push(day);
    }
    return [...byPeriod].map(([period, days]) => ({ period, days }));
  }

  private async centres(): Promise<CentreInfo[]> {
    return this.dataSource.manager.query<CentreInfo[]>(`SELECT id, code, max_stay_days AS "maxStayDays" FROM centres ORDER BY code`);
  }

  /**
   * Every count the report may show, for every centre and for all of them, per day and per month
   * of the months it touches; for funders, with the hidden cells chosen month by month over the
   * whole grid, so that asking for one centre or another period hides the same cells.
   */
  private grid(scope: ReportScope, centres: CentreInfo[]): Promise<Grid> {
    // Reports asked for together (a dashboard) share one computation of the same grid while it runs; nothing is kept after.
    const key = JSON.stringify([scope.from, scope.to, scope.granularity, scope.suppressed, centres.map((c) => c.id)]);
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.buildGrid(scope, centres).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async buildGrid(scope: ReportScope, centres: CentreInfo[]): Promise<Grid> {
    // A funder's period is whole months, so the month cells are whole months; anyone else's month cells hold only the period's days.
    const { from, to } = scope;
    const ids = centres.map((c) => c.id);
    const manager = this.dataSource.manager;
    const [daily, outcomes] = await Promise.all([this.dailyFigures(manager, ids, from, to), this.outcomeFigures(manager, ids, from, to)]);
    const grid = new Grid();
    // Months are summed in plain arrays first: five years of 25 centres are 45,000 nights, and a
    // cell per night is only made where a day is shown (daily reports) or checked (disclosure control).
    const perMonth = new Map<string, number[]>();
    for (const [centreId, days] of daily) {
      for (const [day, figure] of days) {
        const key = `${centreId}|${monthOf(day)}`;
        let sums = perMonth.get(key);
        if (!sums) perMonth.set(key, (sums = [0, 0, 0, 0]));
        sums[0] += figure.capacity;
        sums[1] += figure.bedNights;
        sums[2] += figure.admissions;
        sums[3] += figure.discharges;
        if (scope.granularity === 'day') for (const centre of [centreId, ALL]) this.addDay(grid, centre, day, figure);
      }
    }
    for (const [key, sums] of perMonth) {
      const [centreId, month] = key.split('|');
      for (const centre of [centreId, ALL]) DAY_MEASURES.forEach((measure, i) => grid.add(measure, centre, month, sums[i]));
    }
    for (const [key, month] of outcomes) {
      const [centreId, period] = key.split('|');
      this.addOutcomes(grid, centreId, period, month);
      this.addOutcomes(grid, ALL, period, month);
    }
    if (scope.suppressed) {
      for (const month of eachMonth(from, to)) {
        const days = eachDay(`${month}-01`, monthEnd(`${month}-01`));
        // The hidden cells follow from the month's counts alone: a month whose counts have not
        // changed since it was last worked out (the past, mostly) is not worked out again.
        const fingerprint = this.monthFingerprint(grid, daily, month, ids, days);
        const cacheKey = `${ids.join(',')}|${month}`;
        const cached = this.hiddenByMonth.get(cacheKey);
        if (cached?.fingerprint === fingerprint) {
          for (const [key, suppression] of cached.hidden) grid.hidden.set(key, suppression);
          continue;
        }
        // The month's nights, for the additive relations between days and months.
        const dayCells = scope.granularity === 'day' ? grid : new Grid();
        if (dayCells !== grid) {
          for (const centreId of ids) {
            const figures = daily.get(centreId);
            for (const day of days) {
              const figure = figures?.get(day);
              if (figure) for (const centre of [centreId, ALL]) this.addDay(dayCells, centre, day, figure);
            }
          }
        }
        const values = new Map<string, number>();
        const groups = this.groupsOf(month, ids, days);
        for (const group of groups) for (const key of [group.total, ...group.members]) values.set(key, grid.values.get(key) ?? dayCells.values.get(key) ?? 0);
        const hidden = suppress(values, groups);
        for (const [key, suppression] of hidden) grid.hidden.set(key, suppression);
        if (this.hiddenByMonth.size >= HIDDEN_CACHE_MONTHS) this.hiddenByMonth.clear();
        this.hiddenByMonth.set(cacheKey, { fingerprint, hidden: [...hidden] });
      }
    }
    return grid;
  }

  /** Every count of a month that disclosure control looks at, as one string. */
  private monthFingerprint(grid: Grid, daily: Map<string, Map<string, DayFigure>>, month: string, ids: string[], days: string[]): string {
    const numbers: number[] = [];
    for (const id of ids) {
      const figures = daily.get(id);
      for (const day of days) {
        const figure = figures?.get(day);
        numbers.push(figure?.bedNights ?? 0, figure?.admissions ?? 0, figure?.discharges ?? 0);
      }
    }
    for (const measure of MONTH_MEASURES) for (const centre of [...ids, ALL]) numbers.push(grid.get(measure, centre, month));
    return numbers.join(',');
  }

  private addDay(grid: Grid, centre: string, day: string, figure: DayFigure): void {
    grid.add('capacity', centre, day, figure.capacity);
    grid.add('nights', centre, day, figure.bedNights);
    grid.add('in', centre, day, figure.admissions);
    grid.add('out', centre, day, figure.discharges);
  }

  private addOutcomes(grid: Grid, centre: string, month: string, outcomes: MonthOutcomes): void {
    for (const [reason, n] of outcomes.exits) grid.add(`exit:${reason}`, centre, month, n);
    for (const [bucket, n] of outcomes.buckets) grid.add(`los:${bucket}`, centre, month, n);
    for (const [outcome, n] of outcomes.referrals) grid.add(`referral:${outcome}`, centre, month, n);
    grid.add('over', centre, month, outcomes.overLegalMaximum);
    let lengths = grid.lengths.get(centre);
    if (!lengths) grid.lengths.set(centre, (lengths = { tenths: new Map(), seconds: 0 }));
    lengths.seconds += outcomes.seconds;
    for (const [value, n] of outcomes.tenths) lengths.tenths.set(value, (lengths.tenths.get(value) ?? 0) + n);
  }

  /**
   * Departures and referral outcomes per centre and month for `from`..`to`: from the monthly
   * snapshots for whole months that ended more than a month ago, from the stays and referrals
   * for the rest.
   */
  private async outcomeFigures(manager: EntityManager, centreIds: string[], from: string, to: string): Promise<Map<string, MonthOutcomes>> {
    const closed = lastClosedMonthEnd(this.today());
    const whole = eachMonth(from, to).filter((month) => `${month}-01` >= from && monthEnd(`${month}-01`) <= to && monthEnd(`${month}-01`) <= closed);
    const taken = whole.length
      ? await manager.query<{ centre_id: string; month: string; measure: string; value: string; histogram: Record<string, number> | null }[]>(
          `SELECT centre_id, to_char(month, 'YYYY-MM') AS month, measure, value::text AS value, histogram
             FROM outcome_snapshots WHERE centre_id = ANY($1) AND month = ANY($2::date[])`,
          [centreIds, whole.map((month) => `${month}-01`)],
        )
      : [];
    const done = new Set(taken.filter((row) => row.measure === 'departures').map((row) => `${row.centre_id}|${row.month}`));
    const measures: OutcomeMeasure[] = taken
      .filter((row) => done.has(`${row.centre_id}|${row.month}`))
      .map((row) => ({ centreId: row.centre_id, month: row.month, measure: row.measure, value: Number(row.value), histogram: row.histogram }));
    // The days still to count from the stays: every month some centre has no snapshot of, as few ranges as possible.
    const ranges: [string, string][] = [];
    for (const month of eachMonth(from, to)) {
      if (centreIds.every((id) => done.has(`${id}|${month}`))) continue;
      const start = `${month}-01` < from ? from : `${month}-01`;
      const end = monthEnd(`${month}-01`) > to ? to : monthEnd(`${month}-01`);
      const last = ranges[ranges.length - 1];
      if (last && addDays(last[1], 1) === start) last[1] = end;
      else ranges.push([start, end]);
    }
    const live = await Promise.all(ranges.map(([start, end]) => liveOutcomeMeasures(manager, centreIds, start, end)));
    for (const row of live.flat()) if (!done.has(`${row.centreId}|${row.month}`)) measures.push(row);
    const result = new Map<string, MonthOutcomes>();
    for (const measure of measures) {
      const key = `${measure.centreId}|${measure.month}`;
      let outcomes = result.get(key);
      if (!outcomes) result.set(key, (outcomes = emptyOutcomes()));
      addOutcomeMeasure(outcomes, measure);
    }
    return result;
  }

  /** The additive relations between a month's cells: what a total would give away. */
  private groupsOf(month: string, centreIds: string[], days: string[]): CellGroup[] {
    const key = Grid.key;
    const groups: CellGroup[] = [];
    for (const measure of PEOPLE_MEASURES) {
      for (const centre of centreIds) groups.push({ total: key(measure, centre, month), members: days.map((day) => key(measure, centre, day)) });
      for (const day of days) groups.push({ total: key(measure, ALL, day), members: centreIds.map((centre) => key(measure, centre, day)) });
      groups.push({ total: key(measure, ALL, month), members: centreIds.map((centre) => key(measure, centre, month)) });
      groups.push({ total: key(measure, ALL, month), members: days.map((day) => key(measure, ALL, day)) });
    }
    const breakdowns = [EXIT_REASONS.map((reason) => `exit:${reason}`), LOS_BUCKETS.map((bucket) => `los:${bucket}`)];
    for (const measures of breakdowns) {
      for (const centre of [...centreIds, ALL]) groups.push({ total: key('out', centre, month), members: measures.map((measure) => key(measure, centre, month)) });
      for (const measure of measures) groups.push({ total: key(measure, ALL, month), members: centreIds.map((centre) => key(measure, centre, month)) });
    }
    for (const measure of ['over', ...REFERRAL_OUTCOMES.map((outcome) => `referral:${outcome}`)]) {
      groups.push({ total: key(measure, ALL, month), members: centreIds.map((centre) => key(measure, centre, month)) });
    }
    return groups;
  }

  /** Nightly figures: snapshots for nights older than a month, the stays themselves for the rest and for any night not yet snapshotted. */
  private async dailyFigures(manager: EntityManager, centreIds: string[], from: string, to: string): Promise<Map<string, Map<string, DayFigure>>> {
    const liveFrom = addDays(this.today(), -LIVE_DAYS);
    // Raw rows: five years of 25 centres are 45,000 snapshots, too many to hydrate as entities for one report.
    const [snapshots, openings] = await Promise.all([
      manager.query<{ centreId: string; day: string; capacity: number; occupiedBedNights: number; admissions: number; discharges: number }[]>(
        `SELECT centre_id AS "centreId", to_char(day, 'YYYY-MM-DD') AS day, capacity, occupied_bed_nights AS "occupiedBedNights", admissions, discharges
           FROM occupancy_snapshots WHERE centre_id = ANY($1) AND day BETWEEN $2 AND $3`,
        [centreIds, from, to],
      ),
      // Each centre's first check-in and beds in service now: the nights before it have no one to count.
      manager.query<{ id: string; first: string | null; beds: number }[]>(
        `SELECT c.id, to_char(((SELECT min(s.checked_in_at) FROM stays s WHERE s.centre_id = c.id) AT TIME ZONE c.timezone)::date, 'YYYY-MM-DD') AS first,
                (SELECT count(*)::int FROM beds b WHERE b.centre_id = c.id AND b.in_service) AS beds
           FROM centres c WHERE c.id = ANY($1)`,
        [centreIds],
      ),
    ]);
    const result = new Map<string, Map<string, DayFigure>>(centreIds.map((id) => [id, new Map()]));
    for (const opening of openings) {
      const days = result.get(opening.id)!;
      const before = opening.first && opening.first <= to ? addDays(opening.first, -1) : to;
      for (let day = from; day <= before; day = addDays(day, 1)) days.set(day, { capacity: opening.beds, bedNights: 0, admissions: 0, discharges: 0 });
    }
    const capacityOn = new Map<string, number>();
    for (const snapshot of snapshots) {
      capacityOn.set(`${snapshot.centreId}|${snapshot.day}`, snapshot.capacity);
      if (snapshot.day >= liveFrom) continue;
      result.get(snapshot.centreId)!.set(snapshot.day, { capacity: snapshot.capacity, bedNights: snapshot.occupiedBedNights, admissions: snapshot.admissions, discharges: snapshot.discharges });
    }
    // The nights some centre has no snapshot for, as few ranges as possible, each counted from the stays.
    const ranges: [string, string][] = [];
    for (let day = from; day <= to; day = addDays(day, 1)) {
      if ([...result.values()].every((days) => days.has(day))) continue;
      const last = ranges[ranges.length - 1];
      if (last && addDays(last[1], 1) === day) last[1] = day;
      else ranges.push([day, day]);
    }
    const live = await Promise.all(ranges.map(([start, end]) => liveDailyFigures(manager, centreIds, start, end)));
    for (const figures of live) {
      for (const [centreId, days] of figures) {
        const known = result.get(centreId)!;
        for (const [day, figure] of days) {
          if (known.has(day)) continue;
          known.set(day, { ...figure, capacity: capacityOn.get(`${centreId}|${day}`) ?? figure.capacity });
        }
      }
    }
    return result;
  }
}
