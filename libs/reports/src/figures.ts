import type { EntityManager } from 'typeorm';
import { addDays } from './periods.js';

/** A centre's night: beds in service, people present at the midnight ending the day, arrivals and departures that day. */
export interface DayFigure {
  capacity: number;
  bedNights: number;
  admissions: number;
  discharges: number;
}

export const LOS_BUCKETS = ['0-1', '2-4', '5-7', '8-30', '31-60', '61-90', '91+'] as const;
export type LosBucket = (typeof LOS_BUCKETS)[number];
/** The first length (in days) past each bucket: a stay of `d` days is in the first bucket whose bound is above `d`. */
export const LOS_UPPER_DAYS: Record<LosBucket, number> = { '0-1': 2, '2-4': 5, '5-7': 8, '8-30': 31, '31-60': 61, '61-90': 91, '91+': Number.POSITIVE_INFINITY };

export const REFERRAL_OUTCOMES = ['decided_granted', 'decided_refused', 'appeal_granted', 'appeal_refused', 'dublin_transferred', 'withdrawn'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

/** A centre's departures in a month (by the centre's calendar), by reason and by length of stay. */
export interface MonthOutcomes {
  exits: Map<string, number>;
  buckets: Map<LosBucket, number>;
  overLegalMaximum: number;
  referrals: Map<string, number>;
  /** Lengths of stay in tenths of a day (rounded), and how many stays had each. */
  tenths: Map<number, number>;
  /** The lengths of stay added up, in seconds. */
  seconds: number;
}

/**
 * One figure of a centre's month: `exit:<reason>`, `los:<bucket>`, `over`, `referral:<outcome>`,
 * `seconds`, `departures`, or `lengths` with how many stays lasted each length in tenths of a day.
 */
export interface OutcomeMeasure {
  centreId: string;
  month: string;
  measure: string;
  value: number;
  histogram?: Record<string, number> | null;
}

export const emptyOutcomes = (): MonthOutcomes => ({ exits: new Map(), buckets: new Map(), overLegalMaximum: 0, referrals: new Map(), tenths: new Map(), seconds: 0 });

/** Adds one measure to a month's outcomes. */
export function addOutcomeMeasure(outcomes: MonthOutcomes, { measure, value, histogram }: Pick<OutcomeMeasure, 'measure' | 'value' | 'histogram'>): void {
  const [kind, name] = measure.split(':');
  if (kind === 'lengths') for (const [tenths, n] of Object.entries(histogram ?? {})) outcomes.tenths.set(Number(tenths), (outcomes.tenths.get(Number(tenths)) ?? 0) + n);
  if (kind === 'exit') outcomes.exits.set(name, (outcomes.exits.get(name) ?? 0) + value);
  else if (kind === 'los') outcomes.buckets.set(name as LosBucket, (outcomes.buckets.get(name as LosBucket) ?? 0) + value);
  else if (kind === 'referral') outcomes.referrals.set(name, (outcomes.referrals.get(name) ?? 0) + value);
  else if (kind === 'over') outcomes.overLegalMaximum += value;
  else if (kind === 'seconds') outcomes.seconds += value;
}

/**
 * The nights a stay is counted for: a bed-night is a person present at a midnight in the centre's
 * timezone, counted for the day the midnight ends. A stay present at a midnight was checked in
 * at or before it and checked out after it. `first_night` is the day before the first midnight
 * at or after check-in, `last_night` the day before the last midnight before check-out (NULL
 * while the stay is open); a stay with no midnight has `last_night < first_night`.
 */
const NIGHTS = `
  ((s.checked_in_at AT TIME ZONE c.timezone) - interval '1 microsecond')::date AS first_night,
  ((s.checked_out_at AT TIME ZONE c.timezone) - interval '1 microsecond')::date - 1 AS last_night`;

/**
 * Daily figures computed from the stays themselves for `from`..`to`, per centre: bed-nights by a
 * running sum of arrivals into and departures out of the nights, so the cost is one pass over the
 * stays that touch the period, whatever its length.
 */
export async function liveDailyFigures(manager: EntityManager, centreIds: string[], from: string, to: string): Promise<Map<string, Map<string, DayFigure>>> {
  const result = new Map<string, Map<string, DayFigure>>();
  if (centreIds.length === 0 || from > to) return result;
  const [nights, arrivals, departures, capacity] = await Promise.all([
    manager.query<{ centre_id: string; day: string; delta: number }[]>(
      // The stays still open and those checked out after the first night, each read from its own index (the open stays',
      // and the check-outs' that holds the check-in): a stay checked in before the period is never read for nothing.
      `WITH spans AS (
         SELECT s.centre_id, ${NIGHTS}
           FROM stays s JOIN centres c ON c.id = s.centre_id
          WHERE s.centre_id = ANY($1) AND s.checked_out_at IS NULL
            AND s.checked_in_at <= (($3::date + 1)::timestamp AT TIME ZONE c.timezone) AND s.checked_in_at < ($3::date + 3)::timestamptz
         UNION ALL
         SELECT s.centre_id, ${NIGHTS}
           FROM stays s JOIN centres c ON c.id = s.centre_id
          WHERE s.centre_id = ANY($1) AND s.checked_out_at IS NOT NULL
            AND s.checked_out_at > (($2::date + 1)::timestamp AT TIME ZONE c.timezone) AND s.checked_out_at > $2::date::timestamptz
            AND s.checked_in_at <= (($3::date + 1)::timestamp AT TIME ZONE c.timezone) AND s.checked_in_at < ($3::date + 3)::timestamptz
       )
       SELECT centre_id, to_char(greatest(first_night, $2::date), 'YYYY-MM-DD') AS day, count(*)::int AS delta
         FROM spans WHERE first_night <= $3::date GROUP BY 1, 2
       UNION ALL
       SELECT centre_id, to_char(last_night + 1, 'YYYY-MM-DD'), -count(*)::int
         FROM spans WHERE last_night + 1 <= $3::date AND first_night <= $3::date GROUP BY 1, 2`,
      [centreIds, from, to],
    ),
    countByLocalDay(manager, 'checked_in_at', centreIds, from, to),
    countByLocalDay(manager, 'checked_out_at', centreIds, from, to),
    currentCapacity(manager, centreIds),
  ]);
  for (const centreId of centreIds) {
    const days = new Map<string, DayFigure>();
    for (let day = from; day <= to; day = addDays(day, 1)) days.set(day, { capacity: capacity.get(centreId) ?? 0, bedNights: 0, admissions: 0, discharges: 0 });
    result.set(centreId, days);
  }
  const deltas = new Map<string, number>();
  for (const row of nights) deltas.set(`${row.centre_id}|${row.day}`, (deltas.get(`${row.centre_id}|${row.day}`) ?? 0) + row.delta);
  for (const [centreId, days] of result) {
    let present = 0;
    for (const [day, figure] of days) {
      present += deltas.get(`${centreId}|${day}`) ?? 0;
      figure.bedNights = present;
    }
  }
  for (const row of arrivals) result.get(row.centre_id)!.get(row.day)!.admissions = row.n;
  for (const row of departures) result.get(row.centre_id)!.get(row.day)!.discharges = row.n;
  return result;
}

// Every range on a centre's local days is also given in UTC with a day's margin on each side
// (no timezone is a day off UTC), so that it can be read from the indexes on the times.

/** Stays per centre and local day of their check-in or check-out, for `from`..`to`. */
function countByLocalDay(manager: EntityManager, column: 'checked_in_at' | 'checked_out_at', centreIds: string[], from: string, to: string) {
  return manager.query<{ centre_id: string; day: string; n: number }[]>(
    `SELECT s.centre_id, to_char((s.${column} AT TIME ZONE c.timezone)::date, 'YYYY-MM-DD') AS day, count(*)::int AS n
       FROM stays s JOIN centres c ON c.id = s.centre_id
      WHERE s.centre_id = ANY($1)
        AND s.${column} >= ($2::date::timestamp AT TIME ZONE c.timezone)
        AND s.${column} < (($3::date + 1)::timestamp AT TIME ZONE c.timezone)
        AND s.${column} >= ($2::date - 1)::timestamptz AND s.${column} < ($3::date + 2)::timestamptz
      GROUP BY 1, 2`,
    [centreIds, from, to],
  );
}

/** Beds in service now, per centre. */
export async function currentCapacity(manager: EntityManager, centreIds: string[]): Promise<Map<string, number>> {
  const rows = await manager.query<{ centre_id: string; n: number }[]>(
    `SELECT centre_id, count(*) FILTER (WHERE in_service)::int AS n FROM beds WHERE centre_id = ANY($1) GROUP BY centre_id`,
    [centreIds],
  );
  return new Map(rows.map((row) => [row.centre_id, row.n]));
}

type MeasureRow = { centre_id: string; month: string; measure: string; value: string; histogram?: Record<string, number> | null };

const toMeasures = (rows: MeasureRow[]): OutcomeMeasure[] =>
  rows.map((row) => ({ centreId: row.centre_id, month: row.month, measure: row.measure, value: Number(row.value), histogram: row.histogram ?? null }));

/**
 * Departures per centre and month (`YYYY-MM`) for the days `from`..`to`, counted from the stays:
 * every measure but the referral outcomes; a month has a `departures` measure only if it had one.
 */
async function liveDepartureMeasures(manager: EntityManager, centreIds: string[], [from, to]: Range, [alsoFrom, alsoTo]: Range): Promise<OutcomeMeasure[]> {
  if (centreIds.length === 0 || (from > to && alsoFrom > alsoTo)) return [];
  const ended = (a: string, b: string) => `
         SELECT s.centre_id, to_char(s.checked_out_at AT TIME ZONE c.timezone, 'YYYY-MM') AS month, s.exit_reason,
                extract(epoch FROM s.checked_out_at - s.checked_in_at) AS seconds, c.max_stay_days
           FROM stays s JOIN centres c ON c.id = s.centre_id
          WHERE s.centre_id = ANY($1)
            AND s.checked_out_at >= (${a}::date::timestamp AT TIME ZONE c.timezone)
            AND s.checked_out_at < ((${b}::date + 1)::timestamp AT TIME ZONE c.timezone)
            AND s.checked_out_at >= (${a}::date - 1)::timestamptz AND s.checked_out_at < (${b}::date + 2)::timestamptz`;
  return toMeasures(
    await manager.query<MeasureRow[]>(
      `WITH ended AS MATERIALIZED (${ended('$2', '$3')}
         UNION ALL ${ended('$4', '$5')}
       ), lengths AS (SELECT *, seconds / 86400 AS d FROM ended)
       SELECT centre_id, month, 'departures' AS measure, count(*)::text AS value, NULL::jsonb AS histogram FROM lengths GROUP BY 1, 2
       UNION ALL
       SELECT centre_id, month, 'seconds', round(sum(seconds))::bigint::text, NULL FROM lengths GROUP BY 1, 2
       UNION ALL
       SELECT centre_id, month, 'exit:' || exit_reason, count(*)::text, NULL FROM lengths GROUP BY 1, 2, 3
       UNION ALL
       SELECT centre_id, month, 'los:' || CASE WHEN d < 2 THEN '0-1' WHEN d < 5 THEN '2-4' WHEN d < 8 THEN '5-7' WHEN d < 31 THEN '8-30'
                                               WHEN d < 61 THEN '31-60' WHEN d < 91 THEN '61-90' ELSE '91+' END, count(*)::text, NULL
         FROM lengths GROUP BY 1, 2, 3
       UNION ALL
       SELECT centre_id, month, 'over', count(*)::text, NULL FROM lengths WHERE d > max_stay_days GROUP BY 1, 2
       UNION ALL
       SELECT centre_id, month, 'lengths', sum(n)::text, jsonb_object_agg(tenths, n)
         FROM (SELECT centre_id, month, round(d * 10)::int AS tenths, count(*) AS n FROM lengths GROUP BY 1, 2, 3) histogram GROUP BY 1, 2`,
      [centreIds, from, to, alsoFrom, alsoTo],
    ),
  );
}

/** Referral outcomes per centre and month for the days `from`..`to`, counted from the referrals. */
async function referralOutcomeMeasures(manager: EntityManager, centreIds: string[], [from, to]: Range, [alsoFrom, alsoTo]: Range): Promise<OutcomeMeasure[]> {
  if (centreIds.length === 0 || (from > to && alsoFrom > alsoTo)) return [];
  const within = (a: string, b: string) => `(o.at >= (${a}::date::timestamp AT TIME ZONE c.timezone) AND o.at < ((${b}::date + 1)::timestamp AT TIME ZONE c.timezone))`;
  return toMeasures(
    await manager.query<MeasureRow[]>(
      // The outcomes in the period are found first by the index on (to_status, at), then placed in their centre and month.
      `WITH outcomes AS MATERIALIZED (
         SELECT t.referral_id, t.at, t.to_status FROM referral_transitions t
          WHERE t.to_status = ANY($4) AND t.at >= ($2::date - 1)::timestamptz AND t.at < ($3::date + 2)::timestamptz
         UNION ALL
         SELECT t.referral_id, t.at, t.to_status FROM referral_transitions t
          WHERE t.to_status = ANY($4) AND t.at >= ($5::date - 1)::timestamptz AND t.at < ($6::date + 2)::timestamptz
            AND NOT (t.at >= ($2::date - 1)::timestamptz AND t.at < ($3::date + 2)::timestamptz)
       )
       SELECT r.centre_id, to_char(o.at AT TIME ZONE c.timezone, 'YYYY-MM') AS month, 'referral:' || o.to_status AS measure, count(*)::text AS value
         FROM outcomes o JOIN referrals r ON r.id = o.referral_id JOIN centres c ON c.id = r.centre_id
        WHERE r.centre_id = ANY($1) AND (${within('$2', '$3')} OR ${within('$5', '$6')})
        GROUP BY 1, 2, 3`,
      [centreIds, from, to, REFERRAL_OUTCOMES, alsoFrom, alsoTo],
    ),
  );
}

/** Days from the first to the last (`YYYY-MM-DD`); empty when the first is after the last. */
export type Range = readonly [string, string];
export const NO_DAYS: Range = ['9999-12-31', '0001-01-01'];

/** Departures and referral outcomes per centre and month for the days `from`..`to`, and those of `also` (another range, apart from the first). */
export async function liveOutcomeMeasures(manager: EntityManager, centreIds: string[], from: string, to: string, also: Range = NO_DAYS): Promise<OutcomeMeasure[]> {
  const [departures, referrals] = await Promise.all([liveDepartureMeasures(manager, centreIds, [from, to], also), referralOutcomeMeasures(manager, centreIds, [from, to], also)]);
  return [...departures, ...referrals];
}

/** Mean, median and 90th percentile length in days (to a tenth), from lengths in tenths of a day and their exact sum. */
export function lengthStatistics(tenths: Map<number, number>, seconds: number): { stays: number; meanDays: number | null; medianDays: number | null; p90Days: number | null } {
  const bins = [...tenths].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const stays = bins.reduce((sum, [, n]) => sum + n, 0);
  if (stays === 0) return { stays, meanDays: null, medianDays: null, p90Days: null };
  // The value at a 0-based rank of the sorted lengths.
  const at = (rank: number): number => {
    let seen = 0;
    for (const [value, n] of bins) {
      seen += n;
      if (rank < seen) return value / 10;
    }
    return bins[bins.length - 1][0] / 10;
  };
  // As PostgreSQL's percentile_cont: interpolated between the two nearest ranks.
  const percentile = (fraction: number): number => {
    const position = fraction * (stays - 1);
    const low = Math.floor(position);
    return at(low) + (at(Math.ceil(position)) - at(low)) * (position - low);
  };
  const round = (value: number) => Math.round(value * 10) / 10;
  return { stays, meanDays: round(seconds / 86_400 / stays), medianDays: round(percentile(0.5)), p90Days: round(percentile(0.9)) };
}

/** Mean length (days) of the stays that ended in the period, per centre. */
export async function meanStayByCentre(manager: EntityManager, centreIds: string[], from: string, to: string): Promise<Map<string, { meanDays: number | null }>> {
  const rows = await manager.query<{ centre_id: string; mean: number | null }[]>(
    `SELECT s.centre_id, avg(extract(epoch FROM s.checked_out_at - s.checked_in_at) / 86400)::float8 AS mean
       FROM stays s JOIN centres c ON c.id = s.centre_id
      WHERE s.centre_id = ANY($1)
        AND s.checked_out_at >= ($2::date::timestamp AT TIME ZONE c.timezone)
        AND s.checked_out_at < (($3::date + 1)::timestamp AT TIME ZONE c.timezone)
        AND s.checked_out_at >= ($2::date - 1)::timestamptz AND s.checked_out_at < ($3::date + 2)::timestamptz
      GROUP BY s.centre_id`,
    [centreIds, from, to],
  );
  return new Map(rows.map((row) => [row.centre_id, { meanDays: row.mean === null ? null : Math.round(row.mean * 10) / 10 }]));
}
