/** The asylum procedure (DOMAIN.md) as a state machine with its legal deadlines. */
import { DEFAULT_DEADLINE_RULES, type DeadlineRules } from '@escale/platform';
import { addWorkingDays } from './working-days.js';

export { addWorkingDays } from './working-days.js';
export { DEFAULT_DEADLINE_RULES, type DeadlineRules } from '@escale/platform';

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
  'dublin_requested',
  'dublin_accepted',
  'dublin_transferred',
  'withdrawn',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const TERMINAL_STATUSES: readonly ReferralStatus[] = ['decided_granted', 'appeal_granted', 'appeal_refused', 'dublin_transferred', 'withdrawn'];

const MOVES: Record<ReferralStatus, readonly ReferralStatus[]> = {
  draft: ['submitted'],
  submitted: ['registered'],
  registered: ['lodged', 'dublin_requested'],
  // The accelerated procedure decides straight from lodging.
  lodged: ['interview_scheduled', 'decided_granted', 'decided_refused'],
  interview_scheduled: ['decided_granted', 'decided_refused'],
  decided_refused: ['appeal_lodged'],
  appeal_lodged: ['appeal_granted', 'appeal_refused'],
  // The other state accepts (or lets its reply deadline pass), or refuses and France examines the claim.
  dublin_requested: ['dublin_accepted', 'lodged'],
  // Transferred, or the transfer deadline lapsed and France became responsible (Dublin III art. 29(2)).
  dublin_accepted: ['dublin_transferred', 'lodged'],
  decided_granted: [],
  appeal_granted: [],
  appeal_refused: [],
  dublin_transferred: [],
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

/** What a first-instance or appeal decision was; the status says granted or refused, the decision says how. */
export const DECISION_KINDS = ['refugee_status', 'subsidiary_protection', 'refusal', 'inadmissible'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** The decisions a status may carry. */
export function decisionsFor(status: ReferralStatus): readonly DecisionKind[] {
  if (status === 'decided_granted' || status === 'appeal_granted') return ['refugee_status', 'subsidiary_protection'];
  if (status === 'decided_refused' || status === 'appeal_refused') return ['refusal', 'inadmissible'];
  return [];
}

/** On what a Dublin request rests: a Eurodac hit shortens the other state's reply deadline. */
export const DUBLIN_BASES = ['take_charge', 'eurodac_hit'] as const;
export type DublinBasis = (typeof DUBLIN_BASES)[number];

export const TRANSFER_APPEAL_OUTCOMES = ['rejected', 'allowed'] as const;
export type TransferAppealOutcome = (typeof TRANSFER_APPEAL_OUTCOMES)[number];

export type DeadlineKind = 'registration' | 'lodging' | 'ofpra_decision' | 'appeal' | 'appeal_decision' | 'dublin_reply' | 'dublin_transfer';

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

/** What the Dublin clocks depend on besides the status. */
export interface DublinContext {
  basis?: DublinBasis | null;
  absconded?: boolean;
  /** An appeal against the transfer decision is lodged and not yet decided: the transfer clock stops. */
  appealPending?: boolean;
  /** The transfer clock then runs again, whole, from the appeal's decision. */
  appealDecidedAt?: Date | null;
}

/**
 * The deadline that runs once a referral has entered a status at a time. `detained` is true
 * when the person is held in a removal centre; `accelerated` when the procedure is.
 */
export function deadlineFor(
  status: ReferralStatus,
  enteredAt: Date,
  context: { detained: boolean; accelerated: boolean; dublin?: DublinContext },
  rules: DeadlineRules = DEFAULT_DEADLINE_RULES,
): Deadline | null {
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
    case 'dublin_requested':
      return {
        kind: 'dublin_reply',
        dueAt: context.dublin?.basis === 'eurodac_hit' ? new Date(enteredAt.getTime() + rules.dublinEurodacReplyWeeks * 7 * DAY_MS) : addMonths(enteredAt, rules.dublinReplyMonths),
      };
    case 'dublin_accepted': {
      if (context.dublin?.appealPending) return null;
      const from = context.dublin?.appealDecidedAt ?? enteredAt;
      return { kind: 'dublin_transfer', dueAt: addMonths(from, context.dublin?.absconded ? rules.dublinAbscondedTransferMonths : rules.dublinTransferMonths) };
    }
    default:
      return null;
  }
}
