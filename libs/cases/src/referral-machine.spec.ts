import { addMonths, addWorkingDays, allowedMoves, canMoveReferral, deadlineFor, REFERRAL_STATUSES, type ReferralStatus } from './referral-machine.js';
import { CASE_TRANSITIONS, canMoveCase } from './case-machine.js';
import { CASE_STATUSES } from './case.entity.js';

const ALLOWED: [ReferralStatus, ReferralStatus][] = [
  ['draft', 'submitted'],
  ['submitted', 'registered'],
  ['registered', 'lodged'],
  ['registered', 'dublin_transfer'],
  ['lodged', 'interview_scheduled'],
  ['lodged', 'decided_granted'],
  ['lodged', 'decided_refused'],
  ['interview_scheduled', 'decided_granted'],
  ['interview_scheduled', 'decided_refused'],
  ['decided_refused', 'appeal_lodged'],
  ['appeal_lodged', 'appeal_granted'],
  ['appeal_lodged', 'appeal_refused'],
  ...(['draft', 'submitted', 'registered', 'lodged', 'interview_scheduled', 'decided_refused', 'appeal_lodged'] as const).map((from) => [from, 'withdrawn'] as [ReferralStatus, ReferralStatus]),
];

describe('the referral state machine', () => {
  const key = (from: string, to: string) => `${from}→${to}`;
  const allowed = new Set(ALLOWED.map(([from, to]) => key(from, to)));

  it.each(ALLOWED)('allows %s → %s', (from, to) => {
    expect(canMoveReferral(from, to)).toBe(true);
  });

  it('refuses every other move, terminal states included', () => {
    const refused: string[] = [];
    for (const from of REFERRAL_STATUSES) {
      for (const to of REFERRAL_STATUSES) {
        if (!allowed.has(key(from, to))) {
          expect({ move: key(from, to), allowed: canMoveReferral(from, to) }).toEqual({ move: key(from, to), allowed: false });
          refused.push(key(from, to));
        }
      }
    }
    expect(refused.length).toBe(REFERRAL_STATUSES.length ** 2 - ALLOWED.length);
    for (const terminal of ['decided_granted', 'appeal_granted', 'appeal_refused', 'dublin_transfer', 'withdrawn'] as const) expect(allowedMoves(terminal)).toEqual([]);
  });
});

describe('the case state machine', () => {
  it('allows only the listed moves and ends at closed', () => {
    for (const from of CASE_STATUSES) {
      for (const to of CASE_STATUSES) expect(canMoveCase(from, to)).toBe(CASE_TRANSITIONS[from].includes(to));
    }
    expect(CASE_TRANSITIONS.closed).toEqual([]);
    expect(canMoveCase('open', 'asylum_in_progress')).toBe(true);
    expect(canMoveCase('closed', 'open')).toBe(false);
    expect(canMoveCase('protection_granted', 'removal_pending')).toBe(false);
  });
});

describe('deadlines', () => {
  const at = new Date('2026-11-20T10:00:00Z'); // a Friday
  const free = { detained: false, accelerated: false };

  it('registration: 3 working days after the intention, over the weekend', () => {
    expect(deadlineFor('submitted', at, free)).toEqual({ kind: 'registration', dueAt: new Date('2026-11-25T10:00:00Z') });
  });

  it('lodging: 21 days after registration', () => {
    expect(deadlineFor('registered', at, free)).toEqual({ kind: 'lodging', dueAt: new Date('2026-12-11T10:00:00Z') });
  });

  it('OFPRA decision: 96 hours for a person in a removal centre, none otherwise', () => {
    expect(deadlineFor('lodged', at, { detained: true, accelerated: false })).toEqual({ kind: 'ofpra_decision', dueAt: new Date('2026-11-24T10:00:00Z') });
    expect(deadlineFor('interview_scheduled', at, { detained: true, accelerated: false })?.kind).toBe('ofpra_decision');
    expect(deadlineFor('lodged', at, free)).toBeNull();
  });

  it('appeal: one month after a refusal, clamped to the end of a shorter month', () => {
    expect(deadlineFor('decided_refused', at, free)).toEqual({ kind: 'appeal', dueAt: new Date('2026-12-20T10:00:00Z') });
    expect(addMonths(new Date('2027-01-31T09:00:00Z'), 1)).toEqual(new Date('2027-02-28T09:00:00Z'));
    expect(addMonths(new Date('2028-01-31T09:00:00Z'), 1)).toEqual(new Date('2028-02-29T09:00:00Z'));
  });

  it('appeal decision: 5 months, or 5 weeks in the accelerated procedure', () => {
    expect(deadlineFor('appeal_lodged', at, free)).toEqual({ kind: 'appeal_decision', dueAt: new Date('2027-04-20T10:00:00Z') });
    expect(deadlineFor('appeal_lodged', at, { detained: false, accelerated: true })).toEqual({ kind: 'appeal_decision', dueAt: new Date('2026-12-25T10:00:00Z') });
  });

  it('Dublin transfer: 6 months after acceptance', () => {
    expect(deadlineFor('dublin_transfer', at, free)).toEqual({ kind: 'dublin_transfer', dueAt: new Date('2027-05-20T10:00:00Z') });
  });

  it('no deadline runs in draft or after a final decision', () => {
    for (const status of ['draft', 'decided_granted', 'appeal_granted', 'appeal_refused', 'withdrawn'] as const) expect(deadlineFor(status, at, free)).toBeNull();
  });

  it('counts working days across a weekend', () => {
    expect(addWorkingDays(new Date('2026-11-21T08:00:00Z'), 1)).toEqual(new Date('2026-11-23T08:00:00Z'));
  });
});
