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
