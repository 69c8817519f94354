import type { EntityManager } from 'typeorm';

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
 * interpreter, and how many came from an unreviewed translation. Read from the notices module's
 * view of hand-overs, in each centre's own days.
 */
export async function interpreterUse(manager: EntityManager, from: string, to: string, centreId: string | null): Promise<InterpreterUseRow[]> {
  const rows = await manager.query<{ language: string; handed_over: number; with_interpreter: number; by_phone: number; unreviewed: number }[]>(
    `SELECT h.language, count(*)::int AS handed_over, count(*) FILTER (WHERE h.with_interpreter)::int AS with_interpreter,
            count(*) FILTER (WHERE h.by_phone)::int AS by_phone, count(*) FILTER (WHERE NOT h.translation_reviewed)::int AS unreviewed
       FROM notice_hand_overs h JOIN centres c ON c.id = h.centre_id
      WHERE h.handed_over_at >= ($1::date::timestamp AT TIME ZONE c.timezone) AND h.handed_over_at < (($2::date + 1)::timestamp AT TIME ZONE c.timezone)
        AND ($3::uuid IS NULL OR h.centre_id = $3)
      GROUP BY h.language
      ORDER BY handed_over DESC, h.language`,
    [from, to, centreId],
  );
  return rows.map((row) => ({ language: row.language, handedOver: row.handed_over, withInterpreter: row.with_interpreter, byPhone: row.by_phone, unreviewed: row.unreviewed }));
}
