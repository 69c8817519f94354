import type { EntityManager } from 'typeorm';
import { addDays, eachMonth, monthEnd } from './periods.js';

export interface InterpreterUseRow {
  /** The language the notices were given in (ISO 639). */
  language: string;
  handedOver: number;
  withInterpreter: number;
  byPhone: number;
  /** Given from a translation no qualified translator had reviewed. */
  unreviewed: number;
}

/**
 * Person notices handed over in the period, per language they were given in: how many needed an
 * interpreter, and how many came from an unreviewed translation, in each centre's own days. The
 * period's whole months are read from the counts kept per centre and month; the days of a partial
 * first or last month from the notices module's view of hand-overs.
 */
export async function interpreterUse(manager: EntityManager, from: string, to: string, centreId: string | null): Promise<InterpreterUseRow[]> {
  const whole = eachMonth(from, to).filter((month) => `${month}-01` >= from && monthEnd(`${month}-01`) <= to);
  // With no whole month, the days are one range; else the days before the first whole month and after the last.
  const [head, tail, months] = whole.length
    ? [[from, addDays(`${whole[0]}-01`, -1)], [addDays(monthEnd(`${whole[whole.length - 1]}-01`), 1), to], [`${whole[0]}-01`, `${whole[whole.length - 1]}-01`]]
    : [[from, to], ['9999-12-31', '0001-01-01'], ['9999-12-01', '0001-01-01']];
  const within = (a: string, b: string) =>
    `(h.handed_over_at >= (${a}::date::timestamp AT TIME ZONE c.timezone) AND h.handed_over_at < ((${b}::date + 1)::timestamp AT TIME ZONE c.timezone))`;
  const rows = await manager.query<{ language: string; handed_over: number; with_interpreter: number; by_phone: number; unreviewed: number }[]>(
    `SELECT language, sum(handed_over)::int AS handed_over, sum(with_interpreter)::int AS with_interpreter, sum(by_phone)::int AS by_phone, sum(unreviewed)::int AS unreviewed
       FROM (SELECT m.language, m.handed_over, m.with_interpreter, m.by_phone, m.unreviewed FROM interpreter_use_months m
              WHERE m.month BETWEEN $6::date AND $7::date AND ($1::uuid IS NULL OR m.centre_id = $1)
             UNION ALL
             SELECT h.language, 1, h.with_interpreter::int, coalesce(h.by_phone, false)::int, (NOT h.translation_reviewed)::int
               FROM notice_hand_overs h JOIN centres c ON c.id = h.centre_id
              WHERE ((h.handed_over_at >= ($2::date - 1)::timestamptz AND h.handed_over_at < ($3::date + 2)::timestamptz AND ${within('$2', '$3')})
                  OR (h.handed_over_at >= ($4::date - 1)::timestamptz AND h.handed_over_at < ($5::date + 2)::timestamptz AND ${within('$4', '$5')}))
                AND ($1::uuid IS NULL OR h.centre_id = $1)) counts
      GROUP BY language
     HAVING sum(handed_over) > 0
      ORDER BY handed_over DESC, language`,
    [centreId, ...head, ...tail, ...months],
  );
  return rows.map((row) => ({ language: row.language, handedOver: row.handed_over, withInterpreter: row.with_interpreter, byPhone: row.by_phone, unreviewed: row.unreviewed }));
}
