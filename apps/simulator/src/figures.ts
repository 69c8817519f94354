import type { DataSource } from 'typeorm';

/** The safeguarding figures: each counts a failure of a rule, so each must be 0. */
export interface SafeguardingFigures {
  /** Removal-centre stays held past their authorised_until without an urgent authority_expired alert raised within one minute of it. */
  heldPastAuthorityWithoutAlert: number;
  /** Overdue welfare-check episodes with no welfare_check_overdue alert raised within 5 minutes of the due time (observed each step). */
  overdueChecksUnalertedAfter5Min: number;
  /** Stays opened in a removal centre for someone who was then a minor by date of birth, assessed a minor, or age-disputed and not assessed an adult. */
  minorsPlacedInRemovalCentres: number;
  /** Stays of an age-disputed person (not yet assessed an adult) that shared a unit, at an overlapping time, with an adult of another household. */
  disputedAgesHousedWithAdults: number;
  /** Medical reports past their reply_due_at with no reply and no medical_report_unanswered alert raised within a minute of it. */
  medicalReportsWithoutTrackedReply: number;
  /** Urgent alerts left open and unacknowledged longer than the escalation period + 1 minute with no escalation recorded by then. */
  urgentAlertsNeverEscalated: number;
  /** Extensions decided after the authority they extended had run out. */
  lateExtensionsAccepted: number;
  /** People without an open stay whose latest case is still open. */
  departedWithOpenCase: number;
}

export const FIGURE_NAMES: readonly (keyof SafeguardingFigures)[] = [
  'heldPastAuthorityWithoutAlert',
  'overdueChecksUnalertedAfter5Min',
  'minorsPlacedInRemovalCentres',
  'disputedAgesHousedWithAdults',
  'medicalReportsWithoutTrackedReply',
  'urgentAlertsNeverEscalated',
  'lateExtensionsAccepted',
  'departedWithOpenCase',
];

/** The latest conclusive age assessment of person `p` completed at or before `at` ('adult', 'minor' or null). */
const assessedBy = (person: string, at: string) => `(
  SELECT a.outcome FROM age_assessments a
   WHERE a.person_id = ${person} AND a.status = 'completed' AND a.outcome IN ('adult', 'minor') AND a.updated_at <= ${at}
   ORDER BY a.updated_at DESC, a.created_at DESC LIMIT 1)`;

/** Under 18 by the recorded date of birth at `at` (ages in whole years on UTC days, as the services count them). */
const underEighteen = (person: string, at: string) => `(${at} < ((${person}.date_of_birth + interval '18 years')::timestamp AT TIME ZONE 'UTC'))`;

/**
 * Whether a person's age was ever in dispute. The flag on the person is cleared by a conclusive
 * assessment, so the assessments (which only a dispute asks for) count as well.
 */
const everDisputed = (person: string) => `(${person}.age_disputed OR EXISTS (SELECT 1 FROM age_assessments ad WHERE ad.person_id = ${person}.id))`;

/** A person treated as a minor at `at`: by date of birth, by assessment, or age-disputed and not assessed an adult (never NULL, so NOT works). */
const minorAt = (person: string, at: string) =>
  `(${underEighteen(person, at)} OR ${assessedBy(`${person}.id`, at)} IS NOT DISTINCT FROM 'minor' OR (${everDisputed(person)} AND ${assessedBy(`${person}.id`, at)} IS DISTINCT FROM 'adult'))`;

/** Records which rule each figure breaks, for the report: at most a few ids per figure. */
export type FigureExamples = Partial<Record<keyof SafeguardingFigures, string[]>>;

/**
 * Computes the figures from what the services wrote. `end` is the simulated end of the run;
 * `overdueUnalerted` comes from the observations made at every step.
 */
export async function computeFigures(
  dataSource: DataSource,
  input: { end: Date; escalationMinutes: number; overdueUnalerted: string[] },
): Promise<{ figures: SafeguardingFigures; examples: FigureExamples }> {
  const end = input.end;
  const examples: FigureExamples = {};
  const count = async (name: keyof SafeguardingFigures, sql: string, params: unknown[]): Promise<number> => {
    const rows = await dataSource.query<{ id: string }[]>(sql, params);
    if (rows.length) examples[name] = rows.slice(0, 5).map((row) => row.id);
    return rows.length;
  };

  const heldPastAuthorityWithoutAlert = await count(
    'heldPastAuthorityWithoutAlert',
    `WITH passed AS (
       -- the authority a removal stay ran out of while the person was still there
       SELECT s.id AS stay_id, s.authorised_until AS until FROM stays s JOIN centres c ON c.id = s.centre_id
        WHERE c.kind = 'removal' AND s.authorised_until IS NOT NULL AND s.authorised_until < LEAST(COALESCE(s.checked_out_at, $1), $1)
       UNION
       -- and any an extension came too late for
       SELECT e.stay_id, e.previous_authorised_until FROM stay_extensions e WHERE e.decided_at > e.previous_authorised_until
     )
     SELECT p.stay_id || ' until ' || to_char(p.until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') AS id FROM passed p
      WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.stay_id = p.stay_id AND a.kind = 'authority_expired' AND a.severity = 'urgent'
                           AND a.due_at = p.until AND a.raised_at <= p.until + interval '1 minute')
      ORDER BY 1`,
    [end],
  );

  const minorsPlacedInRemovalCentres = await count(
    'minorsPlacedInRemovalCentres',
    `SELECT s.id FROM stays s JOIN centres c ON c.id = s.centre_id JOIN people p ON p.id = s.person_id
      WHERE c.kind = 'removal' AND ${minorAt('p', 's.checked_in_at')}
      ORDER BY s.checked_in_at, s.id`,
    [],
  );

  const disputedAgesHousedWithAdults = await count(
    'disputedAgesHousedWithAdults',
    `WITH disputed AS (
       SELECT s.id, s.person_id, s.unit_id, s.household_id, s.checked_in_at AS from_at,
              LEAST(COALESCE(s.checked_out_at, $1), $1, COALESCE(adult.at, 'infinity')) AS to_at
         FROM stays s JOIN people p ON p.id = s.person_id
         LEFT JOIN LATERAL (SELECT min(a.updated_at) AS at FROM age_assessments a
                             WHERE a.person_id = p.id AND a.status = 'completed' AND a.outcome = 'adult') adult ON true
        WHERE ${everDisputed('p')}
     )
     SELECT DISTINCT d.id FROM disputed d
       JOIN stays o ON o.unit_id = d.unit_id AND o.person_id <> d.person_id
                   AND tstzrange(o.checked_in_at, LEAST(COALESCE(o.checked_out_at, $1), $1)) && tstzrange(d.from_at, d.to_at)
                   AND (d.household_id IS NULL OR o.household_id IS NULL OR o.household_id <> d.household_id)
       JOIN people q ON q.id = o.person_id
      WHERE d.from_at < d.to_at AND NOT ${minorAt('q', 'GREATEST(o.checked_in_at, d.from_at)')}
      ORDER BY d.id`,
    [end],
  );

  const medicalReportsWithoutTrackedReply = await count(
    'medicalReportsWithoutTrackedReply',
    `SELECT r.id FROM medical_reports r
      WHERE r.reply_due_at + interval '1 minute' <= LEAST(COALESCE(r.replied_at, $1), $1) AND r.reply_due_at < COALESCE(r.replied_at, $1)
        AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.episode_key = 'medical_report_unanswered:' || r.id
                           AND a.raised_at <= r.reply_due_at + interval '1 minute')
      ORDER BY r.sent_at, r.id`,
    [end],
  );

  const escalations = await dataSource.query<{ present: boolean }[]>(`SELECT to_regclass('alert_escalations') IS NOT NULL AS present`);
  const escalated = escalations[0].present
    ? `EXISTS (SELECT 1 FROM alert_escalations e WHERE e.alert_id = a.id AND e.escalated_at <= a.raised_at + ($2::int + 1) * interval '1 minute')`
    : 'false';
  const urgentAlertsNeverEscalated = await count(
    'urgentAlertsNeverEscalated',
    `SELECT a.id FROM alerts a
      WHERE a.severity = 'urgent'
        AND LEAST(COALESCE(a.acknowledged_at, 'infinity'), COALESCE(a.resolved_at, 'infinity'), $1) > a.raised_at + ($2::int + 1) * interval '1 minute'
        AND NOT ${escalated}
      ORDER BY a.raised_at, a.id`,
    [end, input.escalationMinutes],
  );

  const lateExtensionsAccepted = await count(
    'lateExtensionsAccepted',
    `SELECT e.id FROM stay_extensions e WHERE e.decided_at > e.previous_authorised_until ORDER BY e.decided_at, e.id`,
    [],
  );

  const departedWithOpenCase = await count(
    'departedWithOpenCase',
    `SELECT p.id FROM people p
      WHERE NOT EXISTS (SELECT 1 FROM stays s WHERE s.person_id = p.id AND s.checked_out_at IS NULL)
        AND (SELECT c.status FROM cases c WHERE c.person_id = p.id ORDER BY c.opened_at DESC, c.created_at DESC, c.id LIMIT 1) = 'open'
      ORDER BY p.id`,
    [],
  );

  if (input.overdueUnalerted.length) examples.overdueChecksUnalertedAfter5Min = input.overdueUnalerted.slice(0, 5);
  return {
    figures: {
      heldPastAuthorityWithoutAlert,
      overdueChecksUnalertedAfter5Min: input.overdueUnalerted.length,
      minorsPlacedInRemovalCentres,
      disputedAgesHousedWithAdults,
      medicalReportsWithoutTrackedReply,
      urgentAlertsNeverEscalated,
      lateExtensionsAccepted,
      departedWithOpenCase,
    },
    examples,
  };
}

/** What the services wrote, counted, to show beside the figures. */
export async function recordedCounts(dataSource: DataSource): Promise<Record<string, number | Record<string, number>>> {
  const [row] = await dataSource.query<Record<string, string>[]>(
    `SELECT (SELECT count(*) FROM people) AS people, (SELECT count(*) FROM stays) AS stays,
            (SELECT count(*) FROM stays WHERE checked_out_at IS NULL) AS "openStays",
            (SELECT count(*) FROM interceptions) AS interceptions, (SELECT count(*) FROM welfare_checks) AS "welfareChecks",
            (SELECT count(*) FROM vulnerabilities) AS vulnerabilities, (SELECT count(*) FROM age_assessments) AS "ageAssessmentSteps",
            (SELECT count(*) FROM stay_extensions) AS extensions, (SELECT count(*) FROM medical_reports) AS "medicalReports",
            (SELECT count(*) FROM alerts) AS alerts, (SELECT count(*) FROM alerts WHERE severity = 'urgent') AS "urgentAlerts",
            (SELECT count(*) FROM notices) AS notices, (SELECT count(*) FROM notices WHERE audience = 'staff') AS "staffNotices",
            (SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM audit_events) AS "auditEvents"`,
  );
  const alertKinds = await dataSource.query<{ kind: string; n: string }[]>(`SELECT kind, count(*) AS n FROM alerts GROUP BY kind ORDER BY kind`);
  const exits = await dataSource.query<{ reason: string; n: string }[]>(`SELECT exit_reason AS reason, count(*) AS n FROM stays WHERE exit_reason IS NOT NULL GROUP BY exit_reason ORDER BY exit_reason`);
  const cases = await dataSource.query<{ status: string; n: string }[]>(`SELECT status, count(*) AS n FROM cases GROUP BY status ORDER BY status`);
  const numbers = Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)]));
  return {
    ...numbers,
    alertsByKind: Object.fromEntries(alertKinds.map((r) => [r.kind, Number(r.n)])),
    exitsByReason: Object.fromEntries(exits.map((r) => [r.reason, Number(r.n)])),
    casesByStatus: Object.fromEntries(cases.map((r) => [r.status, Number(r.n)])),
  };
}
