/** Welfare levels, intervals and vulnerabilities, as pure rules. */

export const LEVELS = ['standard', 'heightened', 'constant'] as const;
export type Level = (typeof LEVELS)[number];

export const VULNERABILITY_TYPES = [
  'minor',
  'age_disputed',
  'pregnancy',
  'disability',
  'serious_illness',
  'mental_health',
  'suicide_self_harm_risk',
  'torture_survivor',
  'trafficking_indicators',
  'lgbtqi_risk',
  'elderly',
] as const;
export type VulnerabilityType = (typeof VULNERABILITY_TYPES)[number];

/** The level each vulnerability raises a stay to at least (configuration data; never lowers it). */
export const DEFAULT_VULNERABILITY_LEVELS: Record<VulnerabilityType, Level> = {
  minor: 'heightened',
  age_disputed: 'heightened',
  pregnancy: 'heightened',
  disability: 'heightened',
  serious_illness: 'heightened',
  mental_health: 'heightened',
  suicide_self_harm_risk: 'constant',
  torture_survivor: 'heightened',
  trafficking_indicators: 'heightened',
  lgbtqi_risk: 'standard',
  elderly: 'standard',
};

export const rank = (level: Level) => LEVELS.indexOf(level);

export const higher = (a: Level, b: Level): Level => (rank(a) >= rank(b) ? a : b);

export interface Intervals {
  standard: number;
  heightened: number;
  constant: number;
  first: number;
}

const MINUTE = 60_000;

/** A recorded check sets the next one: its time plus the level's interval. */
export function nextDueAfterCheck(performedAt: Date, level: Level, intervals: Intervals): Date {
  return new Date(performedAt.getTime() + intervals[level] * MINUTE);
}

/**
 * After a change of level the next check is due at the sooner of: the usual time after the
 * last check (or the first check after arrival), and one new interval from the change.
 * Raising a level brings the next check forward; lowering it never hides one that is due.
 */
export function nextDueAfterLevelChange(input: { changedAt: Date; level: Level; lastCheckAt: Date | null; checkedInAt: Date; currentDue: Date }, intervals: Intervals): Date {
  const usual = input.lastCheckAt
    ? nextDueAfterCheck(input.lastCheckAt, input.level, intervals)
    : new Date(input.checkedInAt.getTime() + intervals.first * MINUTE);
  const fromChange = new Date(input.changedAt.getTime() + intervals[input.level] * MINUTE);
  const candidate = usual < fromChange ? usual : fromChange;
  // An overdue check stays overdue: lowering the level does not move it later.
  return input.currentDue < input.changedAt && input.currentDue < candidate ? input.currentDue : candidate;
}

/** On the welfare board, a check due within this many minutes is "due soon". */
export const DUE_SOON_MINUTES = 60;

export type DueState = 'overdue' | 'due_soon' | 'later';

/** Where a stay's next check stands: past due, due within the hour, or later. */
export function dueState(due: Date, now: Date): DueState {
  if (due < now) return 'overdue';
  return due.getTime() - now.getTime() <= DUE_SOON_MINUTES * MINUTE ? 'due_soon' : 'later';
}
