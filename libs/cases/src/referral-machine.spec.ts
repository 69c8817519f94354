import { addMonths, addWorkingDays, allowedMoves, canMoveReferral, DEFAULT_DEADLINE_RULES, deadlineFor, decisionsFor, REFERRAL_STATUSES, type ReferralStatus } from './referral-machine.js';
import { CASE_TRANSITIONS, canMoveCase } from './case-machine.js';
import { CASE_STATUSES } from './case.entity.js';

const ALLOWED: [ReferralStatus, ReferralStatus][] = [
  ['draft', 'submitted'],
  ['submitted', 'registered'],
  ['registered', 'lodged'],
  ['registered', 'dublin_requested'],
  ['dublin_requested', 'dublin_accepted'],
  ['dublin_requested', 'lodged'],
  ['dublin_accepted', 'dublin_transferred'],
  ['dublin_accepted', 'lodged'],
  ['lodged', 'interview_scheduled'],
  ['lodged', 'decided_granted'],
  ['lodged', 'decided_refused'],
  ['interview_scheduled', 'decided_granted'],
  ['interview_scheduled', 'decided_refused'],
  ['decided_refused', 'appeal_lodged'],
  ['appeal_lodged', 'appeal_granted'],
  ['appeal_lodged', 'appeal_refused'],
  ...(['draft', 'submitted', 'registered', 'lodged', 'interview_scheduled', 'decided_refused', 'appeal_lodged', 'dublin_requested', 'dublin_accepted'] as const).map((from) => [from, 'withdrawn'] as [ReferralStatus, ReferralStatus]),
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
    for (const terminal of ['decided_granted', 'appeal_granted', 'appeal_refused', 'dublin_transferred', 'withdrawn'] as const) expect(allowedMoves(terminal)).toEqual([]);
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

  it('Dublin reply: 2 months for a take-charge request, 2 weeks on a Eurodac hit', () => {
    expect(deadlineFor('dublin_requested', at, { ...free, dublin: { basis: 'take_charge' } })).toEqual({ kind: 'dublin_reply', dueAt: new Date('2027-01-20T10:00:00Z') });
    expect(deadlineFor('dublin_requested', at, { ...free, dublin: { basis: 'eurodac_hit' } })).toEqual({ kind: 'dublin_reply', dueAt: new Date('2026-12-04T10:00:00Z') });
  });

  it('Dublin transfer: 6 months after acceptance, 18 when the person absconded', () => {
    expect(deadlineFor('dublin_accepted', at, free)).toEqual({ kind: 'dublin_transfer', dueAt: new Date('2027-05-20T10:00:00Z') });
    expect(deadlineFor('dublin_accepted', at, { ...free, dublin: { absconded: true } })).toEqual({ kind: 'dublin_transfer', dueAt: new Date('2028-05-20T10:00:00Z') });
    expect(deadlineFor('dublin_transferred', at, free)).toBeNull();
  });

  it('Dublin transfer: suspended by a pending appeal, then counted again from its decision', () => {
    expect(deadlineFor('dublin_accepted', at, { ...free, dublin: { appealPending: true } })).toBeNull();
    const decided = new Date('2027-02-10T09:00:00Z');
    expect(deadlineFor('dublin_accepted', at, { ...free, dublin: { appealDecidedAt: decided } })).toEqual({ kind: 'dublin_transfer', dueAt: new Date('2027-08-10T09:00:00Z') });
    expect(deadlineFor('dublin_accepted', at, { ...free, dublin: { appealDecidedAt: decided, absconded: true } })).toEqual({ kind: 'dublin_transfer', dueAt: new Date('2028-08-10T09:00:00Z') });
  });

  it('reads its durations from the rules it is given', () => {
    const rules = { ...DEFAULT_DEADLINE_RULES, dublinTransferMonths: 3, dublinEurodacReplyWeeks: 1, lodgingDays: 10 };
    expect(deadlineFor('dublin_accepted', at, free, rules)?.dueAt).toEqual(new Date('2027-02-20T10:00:00Z'));
    expect(deadlineFor('dublin_requested', at, { ...free, dublin: { basis: 'eurodac_hit' } }, rules)?.dueAt).toEqual(new Date('2026-11-27T10:00:00Z'));
    expect(deadlineFor('registered', at, free, rules)?.dueAt).toEqual(new Date('2026-11-30T10:00:00Z'));
  });

  it('decisions: granted carries refugee status or subsidiary protection, refused a refusal or inadmissibility', () => {
    expect(decisionsFor('decided_granted')).toEqual(['refugee_status', 'subsidiary_protection']);
    expect(decisionsFor('appeal_refused')).toEqual(['refusal', 'inadmissible']);
    expect(decisionsFor('lodged')).toEqual([]);
  });

  it('no deadline runs in draft or after a final decision', () => {
    for (const status of ['draft', 'decided_granted', 'appeal_granted', 'appeal_refused', 'withdrawn'] as const) expect(deadlineFor(status, at, free)).toBeNull();
  });

  it('counts working days across a weekend', () => {
    expect(addWorkingDays(new Date('2026-11-21T08:00:00Z'), 1)).toEqual(new Date('2026-11-23T08:00:00Z'));
  });
});
