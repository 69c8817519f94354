import type { CaseStatus } from './case.entity.js';

/** The moves a case's status may make; anything else is ILLEGAL_TRANSITION. */
export const CASE_TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ['asylum_in_progress', 'removal_pending', 'dublin_transfer_pending', 'released', 'closed'],
  asylum_in_progress: ['protection_granted', 'removal_pending', 'dublin_transfer_pending', 'released'],
  protection_granted: ['released', 'closed'],
  removal_pending: ['asylum_in_progress', 'dublin_transfer_pending', 'released', 'closed'],
  dublin_transfer_pending: ['asylum_in_progress', 'released', 'closed'],
  released: ['closed'],
  closed: [],
};

export function canMoveCase(from: CaseStatus, to: CaseStatus): boolean {
  return CASE_TRANSITIONS[from].includes(to);
}

/** Exit reasons after which the case is over for good; after the others the person was released. */
const CLOSING_EXITS: readonly string[] = ['removed', 'dublin_transfer', 'deceased'];

/**
 * Where a case goes when the person leaves (any exit but a transfer): 'closed' or 'released' by the
 * exit reason, or the nearest of the two its status may move to; null when it is already out.
 */
export function statusAtDeparture(from: CaseStatus, exitReason: string): CaseStatus | null {
  if (from === 'closed' || from === 'released') return null;
  const wanted: CaseStatus = CLOSING_EXITS.includes(exitReason) ? 'closed' : 'released';
  if (canMoveCase(from, wanted)) return wanted;
  const other: CaseStatus = wanted === 'closed' ? 'released' : 'closed';
  return canMoveCase(from, other) ? other : null;
}
