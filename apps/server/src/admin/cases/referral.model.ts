import { type CaseStatus, decisionsFor, type ReferralStatus, type ReferralView } from '@escale/cases';
import type { Locale, MessageKey } from '@escale/platform';
import { translate } from '@escale/platform';

/** Moves with legal consequences for the person: the page asks the caseworker to confirm them. */
const CONFIRMED_MOVES: readonly ReferralStatus[] = ['decided_granted', 'decided_refused', 'appeal_granted', 'appeal_refused', 'dublin_requested', 'dublin_accepted', 'dublin_transferred', 'withdrawn'];
const DUBLIN_STAGES: readonly ReferralStatus[] = ['dublin_requested', 'dublin_accepted'];
/** The notes the product writes on a step are codes, worded in the reader's language. */
const NOTE_CODES = ['implicit_acceptance', 'transfer_deadline_lapsed', 'transfer_appeal_allowed'];
export const REFERRAL_DATES = [
  { kind: 'guda_appointment', field: 'gudaAppointmentAt' },
  { kind: 'ofpra_interview', field: 'ofpraInterviewAt' },
  { kind: 'cnda_hearing', field: 'cndaHearingAt' },
] as const;

/** Case statuses with legal consequences for the person (all but the claim going on): the page asks to confirm them. */
const CONFIRMED_STATUSES: readonly CaseStatus[] = ['protection_granted', 'removal_pending', 'dublin_transfer_pending', 'released', 'closed'];

export function statusNeedsConfirmation(to: CaseStatus): boolean {
  return CONFIRMED_STATUSES.includes(to);
}

export function needsConfirmation(from: ReferralStatus, to: ReferralStatus): boolean {
  return CONFIRMED_MOVES.includes(to) || (to === 'lodged' && DUBLIN_STAGES.includes(from));
}

/** A step's note as the page shows it. */
export function noteText(locale: Locale, note: string | null): string | null {
  return note && NOTE_CODES.includes(note) ? translate(locale, `referral.note.${note}` as MessageKey) : note;
}

/** What a move's form asks besides the note and the time: the decision, the request's basis, a confirmation. */
export function moveExtras(referral: ReferralView, to: ReferralStatus) {
  return {
    moveLabel: to === 'lodged' && DUBLIN_STAGES.includes(referral.status) ? 'referralMove.lodged.fromDublin' : `referralMove.${to}`,
    decisions: decisionsFor(to).map((value) => ({ value, label: `decision.${value}` })),
    askBasis: to === 'dublin_requested',
    confirm: needsConfirmation(referral.status, to),
  };
}

/** The Dublin panel and the appointments of a referral, with the forms the caseworker may use. */
export function dublinAndDates(referral: ReferralView, context: { canAct: boolean; errors: (form: string) => Record<string, string>; values: (form: string) => Record<string, string> }) {
  const inDublin = DUBLIN_STAGES.includes(referral.status);
  const appeal = referral.dublin.transferAppeal;
  const shown = inDublin || referral.dublin.basis !== null || referral.dublin.abscondedAt !== null || appeal !== null;
  const act = context.canAct;
  return {
    dublin: shown
      ? {
          basis: referral.dublin.basis ? `dublinBasis.${referral.dublin.basis}` : null,
          abscondedAt: referral.dublin.abscondedAt,
          abscondForm: act && inDublin && !referral.dublin.abscondedAt ? { errors: context.errors(`abscond:${referral.id}`), values: context.values(`abscond:${referral.id}`) } : null,
          appealShown: referral.status === 'dublin_accepted' || appeal !== null,
          appeal: appeal ? { ...appeal, outcomeLabel: appeal.outcome ? `transferAppeal.${appeal.outcome}` : null } : null,
          lodgeForm: act && referral.status === 'dublin_accepted' && !appeal ? { errors: context.errors(`appeal:${referral.id}`), values: context.values(`appeal:${referral.id}`) } : null,
          decideForm: act && referral.status === 'dublin_accepted' && appeal && !appeal.decidedAt ? { errors: context.errors(`decide:${referral.id}`), values: context.values(`decide:${referral.id}`) } : null,
        }
      : null,
    dates: REFERRAL_DATES.map(({ kind, field }) => ({
      kind,
      label: `referralDates.${kind}`,
      at: referral.dates[field],
      inputId: `date-${referral.id}-${kind}`,
      form: act && referral.allowedMoves.length > 0 ? { errors: context.errors(`date:${referral.id}:${kind}`), values: context.values(`date:${referral.id}:${kind}`) } : null,
    })),
  };
}
