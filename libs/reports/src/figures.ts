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

export const REFERRAL_OUTCOMES = ['decided_granted', 'decided_refused', 'appeal_granted', 'appeal_refused', 'dublin_transfer', 'withdrawn'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

/** A centre's departures in a month (by the centre's calendar), by reason and by length of stay. */
export interface MonthOutcomes {
  exits: Map<string, number>;
  buckets: Map<LosBucket, number>;
  overLegalMaximum: number;
  referrals: Map<string, number>;
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
      `WITH spans AS (
         SELECT s.centre_id, ${NIGHTS}
           FROM stays s JOIN centres c ON c.id = s.centre_id
          WHERE s.centre_id = ANY($1)
            AND s.checked_in_at <= (($3::date + 1)::timestamp AT TIME ZONE c.timezone)
            AND (s.checked_out_at IS NULL OR s.checked_out_at > (($2::date + 1)::timestamp AT TIME ZONE c.timezone))
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

/** Stays per centre and local day of their check-in or check-out, for `from`..`to`. */
function countByLocalDay(manager: EntityManager, column: 'checked_in_at' | 'checked_out_at', centreIds: string[], from: string, to: string) {
  return manager.query<{ centre_id: string; day: string; n: number }[]>(
    `SELECT s.centre_id, to_char((s.${column} AT TIME ZONE c.timezone)::date, 'YYYY-MM-DD') AS day, count(*)::int AS n
       FROM stays s JOIN centres c ON c.id = s.centre_id
      WHERE s.centre_id = ANY($1)
        AND s.${column} >= ($2::date::timestamp AT TIME ZONE c.timezone)
        AND s.${column} < (($3::date + 1)::timestamp AT TIME ZONE c.timezone)
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

/** Departures and referral outcomes per centre and month (`YYYY-MM`) for the months `fromMonth`..`toMonth`. */
export async function monthlyOutcomes(manager: EntityManager, centreIds: string[], from: string, to: string): Promise<Map<string, MonthOutcomes>> {
  const [exits, referrals] = await Promise.all([
    manager.query<{ centre_id: string; month: string; reason: string; bucket: LosBucket; over: boolean; n: number }[]>(
      `SELECT s.centre_id, to_char(s.checked_out_at AT TIME ZONE c.timezone, 'YYYY-MM') AS month, s.exit_reason AS reason,
              CASE WHEN d < 2 THEN '0-1' WHEN d < 5 THEN '2-4' WHEN d < 8 THEN '5-7' WHEN d < 31 THEN '8-30'
                   WHEN d < 61 THEN '31-60' WHEN d < 91 THEN '61-90' ELSE '91+' END AS bucket,
              (d > c.max_stay_days) AS over, count(*)::int AS n
         FROM stays s JOIN centres c ON c.id = s.centre_id,
              LATERAL (SELECT extract(epoch FROM s.checked_out_at - s.checked_in_at) / 86400 AS d) len
        WHERE s.centre_id = ANY($1)
          AND s.checked_out_at >= ($2::date::timestamp AT TIME ZONE c.timezone)
          AND s.checked_out_at < (($3::date + 1)::timestamp AT TIME ZONE c.timezone)
        GROUP BY 1, 2, 3, 4, 5`,
      [centreIds, from, to],
    ),
    manager.query<{ centre_id: string; month: string; outcome: string; n: number }[]>(
      `SELECT r.centre_id, to_char(t.at AT TIME ZONE c.timezone, 'YYYY-MM') AS month, t.to_status AS outcome, count(*)::int AS n
         FROM referral_transitions t JOIN referrals r ON r.id = t.referral_id JOIN centres c ON c.id = r.centre_id
        WHERE r.centre_id = ANY($1) AND t.to_status = ANY($4)
          AND t.at >= ($2::date::timestamp AT TIME ZONE c.timezone)
          AND t.at < (($3::date + 1)::timestamp AT TIME ZONE c.timezone)
        GROUP BY 1, 2, 3`,
      [centreIds, from, to, REFERRAL_OUTCOMES],
    ),
  ]);
  const result = new Map<string, MonthOutcomes>();
  const cell = (centreId: string, month: string) => {
    const key = `${centreId}|${month}`;
    let outcomes = result.get(key);
    if (!outcomes) result.set(key, (outcomes = { exits: new Map(), buckets: new Map(), overLegalMaximum: 0, referrals: new Map() }));
    return outcomes;
  };
  for (const row of exits) {
    const outcomes = cell(row.centre_id, row.month);
    outcomes.exits.set(row.reason, (outcomes.exits.get(row.reason) ?? 0) + row.n);
    outcomes.buckets.set(row.bucket, (outcomes.buckets.get(row.bucket) ?? 0) + row.n);
    if (row.over) outcomes.overLegalMaximum += row.n;
  }
  for (const row of referrals) cell(row.centre_id, row.month).referrals.set(row.outcome, row.n);
  return result;
}

/** Mean, median and 90th percentile length (days) of the stays that ended in the period. */
export async function lengthOfStayStatistics(
  manager: EntityManager,
  centreIds: string[],
  from: string,
  to: string,
): Promise<{ stays: number; meanDays: number | null; medianDays: number | null; p90Days: number | null }> {
  const [row] = await manager.query<{ stays: number; mean: number | null; median: number | null; p90: number | null }[]>(
    `SELECT count(*)::int AS stays, avg(d)::float8 AS mean,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY d)::float8 AS median,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY d)::float8 AS p90
       FROM stays s JOIN centres c ON c.id = s.centre_id,
            LATERAL (SELECT extract(epoch FROM s.checked_out_at - s.checked_in_at) / 86400 AS d) len
      WHERE s.centre_id = ANY($1)
        AND s.checked_out_at >= ($2::date::timestamp AT TIME ZONE c.timezone)
        AND s.checked_out_at < (($3::date + 1)::timestamp AT TIME ZONE c.timezone)`,
    [centreIds, from, to],
  );
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  return { stays: row.stays, meanDays: round(row.mean), medianDays: round(row.median), p90Days: round(row.p90) };
}

/** Mean length (days) of the stays that ended in the period, per centre. */
export async function meanStayByCentre(manager: EntityManager, centreIds: string[], from: string, to: string): Promise<Map<string, { meanDays: number | null }>> {
  const rows = await manager.query<{ centre_id: string; mean: number | null }[]>(
    `SELECT s.centre_id, avg(extract(epoch FROM s.checked_out_at - s.checked_in_at) / 86400)::float8 AS mean
       FROM stays s JOIN centres c ON c.id = s.centre_id
      WHERE s.centre_id = ANY($1)
        AND s.checked_out_at >= ($2::date::timestamp AT TIME ZONE c.timezone)
        AND s.checked_out_at < (($3::date + 1)::timestamp AT TIME ZONE c.timezone)
      GROUP BY s.centre_id`,
    [centreIds, from, to],
  );
  return new Map(rows.map((row) => [row.centre_id, { meanDays: row.mean === null ? null : Math.round(row.mean * 10) / 10 }]));
}
