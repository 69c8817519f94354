import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, Clock, Forbidden, NotFound, ValidationFailed } from '@escale/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { isExact, type Published } from './disclosure.js';
import { interpreterUse, type InterpreterUseRow } from './interpreter-use.js';
import { ALL, type CentreInfo, Grid, statisticsOf } from './grid.js';
import { gridOfTables, type PublishedTable, tableOf } from './published-tables.js';
import type { ReportQuery, SpendGrouping } from './dto/report-query.dto.js';
import { addOutcomeMeasure, currentCapacity, type DayFigure, emptyOutcomes, liveDailyFigures, liveOutcomeMeasures, LOS_BUCKETS, meanStayByCentre, type MonthOutcomes, NO_DAYS, type OutcomeMeasure, type Range, REFERRAL_OUTCOMES } from './figures.js';
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
  /** Arrivals recorded with no suitable bed free, put on the centre's waiting list. */
  arrivalsWithoutBed: Published;
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
  /**
   * Notices handed over per language, with and without an interpreter. Not for funders: a count
   * per language of a month in one centre is often one person.
   */
  interpreterUse: InterpreterUseRow[] | null;
}

export interface OutlookRow {
  centreId: string;
  centreCode: string;
  capacity: number;
  /** People present now; null for funders, who read published months only. */
  occupied: number | null;
  arrivalsPerDay: number | null;
  meanStayDays: number | null;
  /** Where occupancy settles at this arrival rate and length of stay (Little's law). */
  expectedOccupancy: number | null;
  /** Days until every bed is taken; 0 when full now, null when not expected to fill. */
  daysUntilFull: number | null;
  basis: { from: string; to: string };
}

/** Published months kept in memory: twenty years of them. */
const KEPT_TABLES = 240;
/** Funders' grids kept in memory: the periods last asked for. */
const KEPT_GRIDS = 32;

/** The scope of the people served in all centres together (the counts per centre are under the centre's id). */
const ALL_CENTRES = '00000000-0000-0000-0000-000000000000';

/** The measures of a night, in the order of a month's sums. */
const DAY_MEASURES = ['capacity', 'nights', 'in', 'out'] as const;

const rate = (occupied: Published, capacityBedNights: number): number | null =>
  isExact(occupied) && capacityBedNights > 0 ? Math.round((occupied / capacityBedNights) * 10_000) / 10_000 : null;

/** Arrivals put on a waiting list (no suitable bed free), per centre and local day of `from`..`to`. */
function waitingArrivals(manager: EntityManager, centreIds: string[], from: string, to: string) {
  return manager.query<{ centre_id: string; day: string; n: number }[]>(
    `SELECT w.centre_id, to_char((w.arrived_at AT TIME ZONE c.timezone)::date, 'YYYY-MM-DD') AS day, count(*)::int AS n
       FROM waiting_list w JOIN centres c ON c.id = w.centre_id
      WHERE w.centre_id = ANY($1)
        AND w.arrived_at >= ($2::date::timestamp AT TIME ZONE c.timezone) AND w.arrived_at < (($3::date + 1)::timestamp AT TIME ZONE c.timezone)
        AND w.arrived_at >= ($2::date - 1)::timestamptz AND w.arrived_at < ($3::date + 2)::timestamptz
      GROUP BY 1, 2`,
    [centreIds, from, to],
  );
}

/**
 * Occupancy, spend and outcomes for funders, admins and auditors. Figures come from the nightly
 * snapshots for nights older than a month and from the stays for recent ones. Funders read every
 * count through disclosure control computed over the whole grid of centres and days of each month
 * — the same cells hidden whichever centre or period is asked for.
 */
@Injectable()
export class ReportsService {
  private readonly inFlight = new Map<string, Promise<Grid>>();
  /** Published tables read, by month (`YYYY-MM`). */
  private readonly tables = new Map<string, PublishedTable>();
  /** Funders' grids, by the months they cover (the reports only read a grid). */
  private readonly funderGrids = new Map<string, Grid>();

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
    const grid = await this.grid(scope, centres, false);
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
        arrivalsWithoutBed: grid.cell('waiting', centre, period, scope.suppressed),
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
        arrivalsWithoutBed: grid.sum('waiting', scopeKey, months, scope.suppressed),
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
      this.grid(scope, centres, false),
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
      scope.suppressed ? Promise.resolve(0) : this.peopleServed(scope.centreId, scope.from, scope.to),
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
          // People served is no cell of the published tables: funders get no cost per person, which would give it back.
          costPerPersonCents: !scope.suppressed && peopleCount > 0 ? Math.round(amountCents / peopleCount) : null,
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
    const sumOver = (measure: string) => grid.sum(measure, scopeKey, months, scope.suppressed);
    const statistics = statisticsOf(grid, scopeKey, months, scope.suppressed);

    return {
      ...scope,
      exitReasons: EXIT_REASONS.map((reason) => ({ reason, count: sumOver(`exit:${reason}`) })),
      referralOutcomes: REFERRAL_OUTCOMES.map((outcome) => ({ outcome, count: sumOver(`referral:${outcome}`) })),
      lengthOfStay: {
        stays,
        meanDays: statistics?.meanDays ?? null,
        medianDays: statistics?.medianDays ?? null,
        p90Days: statistics?.p90Days ?? null,
        legalMaximumDays: scope.centreId ? (centres.find((c) => c.id === scope.centreId)?.maxStayDays ?? null) : null,
        overLegalMaximum: sumOver('over'),
        distribution: LOS_BUCKETS.map((bucket) => ({ bucket, count: sumOver(`los:${bucket}`) })),
      },
      interpreterUse: scope.suppressed ? null : await interpreterUse(this.dataSource.manager, scope.from, scope.to, scope.centreId),
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
    // Funders read the last published month, never a live count: who is in a centre tonight is a count of people.
    const to = funder ? lastClosedMonthEnd(today) : addDays(today, -1);
    const from = funder ? monthStart(to) : addDays(today, -28);
    const ids = centres.map((c) => c.id);
    const scope: ReportScope = { from, to, granularity: 'month', centreId: null, suppressed: funder };
    const grid = await this.grid(scope, await this.centres(), false);
    const capacity = await currentCapacity(this.dataSource.manager, ids);
    const present = funder
      ? new Map<string, number>()
      : new Map(
          (await this.dataSource.manager.query<{ centre_id: string; n: number }[]>(`SELECT centre_id, count(*)::int AS n FROM stays WHERE checked_out_at IS NULL AND centre_id = ANY($1) GROUP BY 1`, [ids])).map((r) => [
            r.centre_id,
            r.n,
          ]),
        );
    const windowDays = daysBetween(from, to) + 1;
    const months = eachMonth(from, to);
    const statisticsByCentre = funder ? new Map<string, { meanDays: number | null }>() : await meanStayByCentre(this.dataSource.manager, ids, from, to);
    const rows: OutlookRow[] = [];
    for (const centre of centres) {
      const beds = capacity.get(centre.id) ?? 0;
      const arrivals = grid.sum('in', centre.id, months, funder);
      const statistics = funder ? statisticsOf(grid, centre.id, months, true) : (statisticsByCentre.get(centre.id) ?? { meanDays: null });
      const usable = isExact(arrivals) && statistics !== null;
      const rate = usable ? (arrivals as number) / windowDays : null;
      const meanStay = usable ? statistics.meanDays : null;
      const expected = rate !== null && meanStay !== null ? rate * meanStay : null;
      // For funders the outlook starts from the month's average night, from its published bed-nights.
      const nights = grid.sum('nights', centre.id, months, funder);
      const occupied = funder ? (isExact(nights) ? nights / windowDays : null) : (present.get(centre.id) ?? 0);
      let daysUntilFull: number | null = null;
      if (occupied !== null && beds > 0 && occupied >= beds) daysUntilFull = 0;
      else if (occupied !== null && expected !== null && meanStay && expected > beds) daysUntilFull = Math.ceil(-meanStay * Math.log((expected - beds) / (expected - occupied)));
      rows.push({
        centreId: centre.id,
        centreCode: centre.code,
        capacity: beds,
        occupied: funder ? null : occupied,
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
   * How many people stayed in the centres (one centre, or all of them) during the period, exactly,
   * from the counts the database keeps per check-in day: each person is counted by the first of
   * their stays that overlaps the period, the one after which none of their earlier stays ends on
   * or after its first day. Those checked in during the period are summed per day; those checked in
   * before it and still there on its first day are few, found by the index on their days.
   */
  async peopleServed(centreId: string | null, from: string, to: string): Promise<number> {
    const [{ n }] = await this.dataSource.manager.query<{ n: number }[]>(
      centreId === null
        ? `SELECT ((SELECT coalesce(sum(stays), 0) FROM people_served_days WHERE scope = $1 AND in_day BETWEEN $2 AND $3 AND previous_day < $2)
                 + (SELECT count(*) FROM stay_visits v WHERE daterange(v.in_day, v.end_day, '[]') @> $2::date AND v.in_day < $2 AND v.prev_any_day < $2))::int AS n`
        : `SELECT ((SELECT coalesce(sum(stays), 0) FROM people_served_days WHERE scope = $1 AND in_day BETWEEN $2 AND $3 AND previous_day < $2)
                 + (SELECT count(*) FROM stay_visits v WHERE daterange(v.in_day, v.end_day, '[]') @> $2::date AND v.in_day < $2 AND v.prev_centre_day < $2 AND v.centre_id = $1))::int AS n`,
      [centreId ?? ALL_CENTRES, from, to],
    );
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
      // Funders read the published tables: whole months that can no longer change, never a day.
      if (granularity === 'day') throw new ValidationFailed({ granularity: ['funders read monthly figures only'] });
      from = monthStart(from);
      const lastFinal = lastClosedMonthEnd(today);
      to = monthEnd(to) > lastFinal ? lastFinal : monthEnd(to);
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
   * of the months it touches; for funders, the published tables of its months, so that asking for
   * one centre, all of them or another period shows the same cells, as they were first published.
   */
  private grid(scope: ReportScope, centres: CentreInfo[], withOutcomes = true): Promise<Grid> {
    // Reports asked for together (a dashboard) share one computation of the same grid while it runs; nothing is kept after.
    // The departures by reason and length and the referral outcomes are counted only for the reports that show them.
    const outcomes = withOutcomes || scope.suppressed;
    const key = JSON.stringify([scope.from, scope.to, scope.granularity, scope.suppressed, outcomes, centres.map((c) => c.id)]);
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = (scope.suppressed ? this.funderGrid(eachMonth(scope.from, scope.to)) : this.buildGrid(scope, centres, outcomes)).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /** A funder's grid of the months' published tables; each grid made is kept, as the tables it is made of never change. */
  private async funderGrid(months: string[]): Promise<Grid> {
    const key = months.join(',');
    const kept = this.funderGrids.get(key);
    if (kept) return kept;
    const grid = gridOfTables(await this.publishedTables(months));
    if (this.funderGrids.size >= KEPT_GRIDS) this.funderGrids.clear();
    this.funderGrids.set(key, grid);
    return grid;
  }

  /**
   * The published tables of the months, publishing those not yet published (only final months are
   * ever asked for). A published table never changes (the database refuses it), so each one read is
   * kept: reading and parsing five years of them again would take longer than the rest of the report.
   */
  private async publishedTables(months: string[]): Promise<PublishedTable[]> {
    const wanted = months.filter((month) => !this.tables.has(month));
    const read = wanted.length
      ? await this.dataSource.manager.query<PublishedTable[]>(
          `SELECT to_char(month, 'YYYY-MM') AS month, cells, hidden, lengths FROM published_tables WHERE month = ANY($1::date[])`,
          [wanted.map((month) => `${month}-01`)],
        )
      : [];
    const found = new Map(months.filter((month) => this.tables.has(month)).map((month) => [month, this.tables.get(month)!]));
    for (const table of read) found.set(table.month, table);
    for (const month of wanted) if (!found.has(month)) found.set(month, await this.publishMonth(month));
    for (const month of wanted) this.keep(found.get(month)!);
    return months.map((month) => found.get(month)!);
  }

  private keep(table: PublishedTable): void {
    if (this.tables.size >= KEPT_TABLES) this.tables.clear();
    this.tables.set(table.month, table);
  }

  /** Publishes every final month from the first stay's up to the last one that can no longer change; returns how many were new. */
  async publishFinalMonths(): Promise<number> {
    const [{ first }] = await this.dataSource.manager.query<{ first: string | null }[]>(
      `SELECT to_char(min(s.checked_in_at AT TIME ZONE c.timezone)::date, 'YYYY-MM-DD') AS first FROM stays s JOIN centres c ON c.id = s.centre_id`,
    );
    const last = lastClosedMonthEnd(this.today());
    if (!first || first > last) return 0;
    const months = eachMonth(first, last);
    const published = new Set(
      (await this.dataSource.manager.query<{ month: string }[]>(`SELECT to_char(month, 'YYYY-MM') AS month FROM published_tables`)).map((row) => row.month),
    );
    const missing = months.filter((month) => !published.has(month));
    for (const month of missing) await this.publishMonth(month);
    return missing.length;
  }

  /**
   * Works out a final month's table from the stays and snapshots, with the cells disclosure control
   * hides, and keeps it: the database refuses to change a published table, so what funders read of
   * a month never changes afterwards. Two processes publishing the same month wait for each other.
   */
  private async publishMonth(month: string): Promise<PublishedTable> {
    if (monthEnd(`${month}-01`) > lastClosedMonthEnd(this.today())) throw new Error(`${month} is not final yet`);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('published_tables'), hashtext($1))`, [month]);
      const [existing] = await manager.query<PublishedTable[]>(
        `SELECT to_char(month, 'YYYY-MM') AS month, cells, hidden, lengths FROM published_tables WHERE month = $1`,
        [`${month}-01`],
      );
      if (existing) return existing;
      const centres = await this.centres();
      const from = `${month}-01`;
      const grid = await this.buildGrid({ from, to: monthEnd(from), granularity: 'month', centreId: null, suppressed: false }, centres);
      const table = await tableOf(month, centres, grid);
      await manager.query(`INSERT INTO published_tables (month, centre_ids, cells, hidden, lengths, published_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
        from,
        centres.map((c) => c.id),
        JSON.stringify(table.cells),
        JSON.stringify(table.hidden),
        JSON.stringify(table.lengths),
        this.clock.now(),
      ]);
      return table;
    });
  }

  private async buildGrid(scope: ReportScope, centres: CentreInfo[], withOutcomes = true): Promise<Grid> {
    // A funder's period is whole months, so the month cells are whole months; anyone else's month cells hold only the period's days.
    const { from, to } = scope;
    const ids = centres.map((c) => c.id);
    const manager = this.dataSource.manager;
    const [{ daily, months }, outcomes, waiting] = await Promise.all([
      this.dailyFigures(manager, ids, from, to, scope.granularity === 'month'),
      withOutcomes ? this.outcomeFigures(manager, ids, from, to) : new Map<string, MonthOutcomes>(),
      waitingArrivals(manager, ids, from, to),
    ]);
    const grid = new Grid();
    // Months are summed in plain arrays first, starting from the months summed already; a cell per
    // night is only made where a day is shown (daily reports).
    const perMonth = months;
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
    for (const row of waiting) {
      for (const centre of [row.centre_id, ALL]) {
        grid.add('waiting', centre, monthOf(row.day), row.n);
        if (scope.granularity === 'day') grid.add('waiting', centre, row.day, row.n);
      }
    }
    for (const [key, month] of outcomes) {
      const [centreId, period] = key.split('|');
      this.addOutcomes(grid, centreId, period, month);
      this.addOutcomes(grid, ALL, period, month);
    }
    return grid;
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
    // The days still to count from the stays, in one statement whatever the period: the months before the first one every
    // centre has a snapshot of (a period's first month is often partial), and from the first month after it some centre
    // has none of to the end (the months counted already are left out below).
    const months = eachMonth(from, to);
    const counted = (month: string) => centreIds.every((id) => done.has(`${id}|${month}`));
    const first = months.findIndex(counted);
    const head: Range = first < 0 ? [from, to] : first > 0 ? [from, addDays(`${months[first]}-01`, -1)] : NO_DAYS;
    const next = first < 0 ? -1 : months.findIndex((month, i) => i > first && !counted(month));
    const tail: Range = next < 0 ? NO_DAYS : [`${months[next]}-01`, to];
    const live = head[0] <= head[1] || tail[0] <= tail[1] ? await liveOutcomeMeasures(manager, centreIds, head[0], head[1], tail) : [];
    for (const row of live) if (!done.has(`${row.centreId}|${row.month}`)) measures.push(row);
    const result = new Map<string, MonthOutcomes>();
    for (const measure of measures) {
      const key = `${measure.centreId}|${measure.month}`;
      let outcomes = result.get(key);
      if (!outcomes) result.set(key, (outcomes = emptyOutcomes()));
      addOutcomeMeasure(outcomes, measure);
    }
    return result;
  }

  /**
   * A centre's whole months, each the sum of its nightly snapshots, for `from`..`to`: the longest
   * run of months inside the period, before the nights still counted from the stays, whose every
   * night is snapshotted in every centre. Sums per `centre|YYYY-MM`: capacity, bed-nights, arrivals, departures.
   */
  private async summedMonths(manager: EntityManager, centreIds: string[], from: string, to: string): Promise<{ months: string[]; sums: Map<string, number[]> }> {
    const liveFrom = addDays(this.today(), -LIVE_DAYS);
    const candidates = eachMonth(from, to).filter((month) => `${month}-01` >= from && monthEnd(`${month}-01`) <= to && monthEnd(`${month}-01`) < liveFrom);
    const rows = await manager.query<{ centre_id: string; month: string; nights: number; capacity: string; occupied: string; admissions: string; discharges: string }[]>(
      `SELECT centre_id, to_char(month, 'YYYY-MM') AS month, nights, capacity_bed_nights AS capacity, occupied_bed_nights AS occupied, admissions, discharges
         FROM occupancy_months WHERE centre_id = ANY($1) AND month BETWEEN $2 AND $3`,
      [centreIds, `${candidates[0] ?? monthOf(from)}-01`, `${candidates[candidates.length - 1] ?? monthOf(from)}-01`],
    );
    const complete = new Map<string, number>();
    for (const row of rows) if (row.nights === daysBetween(`${row.month}-01`, monthEnd(`${row.month}-01`)) + 1) complete.set(row.month, (complete.get(row.month) ?? 0) + 1);
    let best: string[] = [];
    let run: string[] = [];
    for (const month of candidates) {
      run = complete.get(month) === centreIds.length ? [...run, month] : [];
      if (run.length > best.length) best = run;
    }
    const chosen = new Set(best);
    const sums = new Map<string, number[]>();
    for (const row of rows) {
      if (chosen.has(row.month)) sums.set(`${row.centre_id}|${row.month}`, [Number(row.capacity), Number(row.occupied), Number(row.admissions), Number(row.discharges)]);
    }
    return { months: best, sums };
  }

  /**
   * Nightly figures: snapshots for nights older than a month, the stays themselves for the rest
   * and for any night not yet snapshotted. With `byMonth`, whole months summed already are not
   * read night by night: they come back as `months`, and `daily` leaves their nights out.
   */
  private async dailyFigures(
    manager: EntityManager,
    centreIds: string[],
    from: string,
    to: string,
    byMonth: boolean,
  ): Promise<{ daily: Map<string, Map<string, DayFigure>>; months: Map<string, number[]> }> {
    const liveFrom = addDays(this.today(), -LIVE_DAYS);
    const summed = byMonth ? await this.summedMonths(manager, centreIds, from, to) : { months: [], sums: new Map<string, number[]>() };
    // The nights read one by one: the period but for the summed months (`gap`), as two ranges.
    const gap = summed.months.length ? ([`${summed.months[0]}-01`, monthEnd(`${summed.months[summed.months.length - 1]}-01`)] as const) : null;
    const inGap = (day: string) => gap !== null && day >= gap[0] && day <= gap[1];
    const [before, after] = gap ? [[from, addDays(gap[0], -1)], [addDays(gap[1], 1), to]] : [[from, to], [to, from]];
    // Raw rows: the nights of a long period are too many to hydrate as entities for one report.
    const [snapshots, openings] = await Promise.all([
      manager.query<{ centreId: string; day: string; capacity: number; occupiedBedNights: number; admissions: number; discharges: number }[]>(
        `SELECT centre_id AS "centreId", to_char(day, 'YYYY-MM-DD') AS day, capacity, occupied_bed_nights AS "occupiedBedNights", admissions, discharges
           FROM occupancy_snapshots WHERE centre_id = ANY($1) AND (day BETWEEN $2 AND $3 OR day BETWEEN $4 AND $5)`,
        [centreIds, ...before, ...after],
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
      const last = opening.first && opening.first <= to ? addDays(opening.first, -1) : to;
      for (let day = from; day <= last; day = addDays(day, 1)) if (!inGap(day)) days.set(day, { capacity: opening.beds, bedNights: 0, admissions: 0, discharges: 0 });
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
      if (inGap(day)) {
        day = gap![1];
        continue;
      }
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
    return { daily: result, months: summed.sums };
  }
}
