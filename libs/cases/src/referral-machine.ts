/** The asylum procedure (DOMAIN.md) as a state machine with its legal deadlines. */

export const REFERRAL_STATUSES = [
  'draft',
  'submitted',
  'registered',
  'lodged',
  'interview_scheduled',
  'decided_granted',
  'decided_refused',
  'appeal_lodged',
  'appeal_granted',
  'appeal_refused',
  'dublin_transfer',
  'withdrawn',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const TERMINAL_STATUSES: readonly ReferralStatus[] = ['decided_granted', 'appeal_granted', 'appeal_refused', 'dublin_transfer', 'withdrawn'];

const MOVES: Record<ReferralStatus, readonly ReferralStatus[]> = {
  draft: ['submitted'],
  submitted: ['registered'],
  registered: ['lodged', 'dublin_transfer'],
  // The accelerated procedure decides straight from lodging.
  lodged: ['interview_scheduled', 'decided_granted', 'decided_refused'],
  interview_scheduled: ['decided_granted', 'decided_refused'],
  decided_refused: ['appeal_lodged'],
  appeal_lodged: ['appeal_granted', 'appeal_refused'],
  decided_granted: [],
  appeal_granted: [],
  appeal_refused: [],
  dublin_transfer: [],
  withdrawn: [],
};

export function isOpen(status: ReferralStatus): boolean {
  return !TERMINAL_STATUSES.includes(status);
}

/** The moves allowed from a status: its procedure's next steps, and withdrawal from any open state. */
export function allowedMoves(from: ReferralStatus): ReferralStatus[] {
  return isOpen(from) ? [...MOVES[from], 'withdrawn'] : [];
}

export function canMoveReferral(from: ReferralStatus, to: ReferralStatus): boolean {
  return allowedMoves(from).includes(to);
}

/** Durations of the procedure, configuration data with DOMAIN.md's defaults. */
export interface DeadlineRules {
  /** Appointment at the single desk (GUDA) within 3 working days of the intention (10 at peak). */
  registrationWorkingDays: number;
  /** The application must reach OFPRA within 21 days of registration. */
  lodgingDays: number;
  /** OFPRA decides within 96 hours for a person held in a removal centre. */
  detainedDecisionHours: number;
  /** Appeal to the CNDA within one month of the refusal's notification. */
  appealMonths: number;
  /** The CNDA decides within 5 months, 5 weeks in the accelerated procedure. */
  appealDecisionMonths: number;
  appealDecisionAcceleratedWeeks: number;
  /** Transfer within 6 months of the other state's acceptance. */
  dublinTransferMonths: number;
}

export const DEFAULT_DEADLINE_RULES: DeadlineRules = {
  registrationWorkingDays: 3,
  lodgingDays: 21,
  detainedDecisionHours: 96,
  appealMonths: 1,
  appealDecisionMonths: 5,
  appealDecisionAcceleratedWeeks: 5,
  dublinTransferMonths: 6,
};

export type DeadlineKind = 'registration' | 'lodging' | 'ofpra_decision' | 'appeal' | 'appeal_decision' | 'dublin_transfer';

export interface Deadline {
  kind: DeadlineKind;
  dueAt: Date;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Adds calendar months, keeping the day where it exists (31 January + 1 month = 28 or 29 February). */
export function addMonths(from: Date, months: number): Date {
  const result = new Date(from.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/** Adds working days (Monday to Friday; public holidays are not known here). */
export function addWorkingDays(from: Date, days: number): Date {
  const result = new Date(from.getTime());
  let left = days;
  while (left > 0) {
    result.setTime(result.getTime() + DAY_MS);
    const weekday = result.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return result;
}

/**
 * The deadline that runs once a referral has entered a status at a time. `detained` is true
 * when the person is held in a removal centre; `accelerated` when the procedure is.
 */
export function deadlineFor(status: ReferralStatus, enteredAt: Date, context: { detained: boolean; accelerated: boolean }, rules: DeadlineRules = DEFAULT_DEADLINE_RULES): Deadline | null {
  switch (status) {
    case 'submitted':
      return { kind: 'registration', dueAt: addWorkingDays(enteredAt, rules.registrationWorkingDays) };
    case 'registered':
      return { kind: 'lodging', dueAt: new Date(enteredAt.getTime() + rules.lodgingDays * DAY_MS) };
    case 'lodged':
    case 'interview_scheduled':
      return context.detained ? { kind: 'ofpra_decision', dueAt: new Date(enteredAt.getTime() + rules.detainedDecisionHours * HOUR_MS) } : null;
    case 'decided_refused':
      return { kind: 'appeal', dueAt: addMonths(enteredAt, rules.appealMonths) };
    case 'appeal_lodged':
      return {
        kind: 'appeal_decision',
        dueAt: context.accelerated ? new Date(enteredAt.getTime() + rules.appealDecisionAcceleratedWeeks * 7 * DAY_MS) : addMonths(enteredAt, rules.appealDecisionMonths),
      };
    case 'dublin_transfer':
      return { kind: 'dublin_transfer', dueAt: addMonths(enteredAt, rules.dublinTransferMonths) };
    default:
      return null;
  }
}
