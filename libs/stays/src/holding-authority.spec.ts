import { asylumClaimWindowEndsAt, nextExtension } from './holding-authority.js';

const DAY = 86_400_000;
const rules = { sequenceDays: [26, 30, 15, 15], maxDays: 90 };
const placedAt = new Date('2026-11-01T10:00:00Z');
const plus = (days: number) => new Date(placedAt.getTime() + days * DAY);

describe('holding authority', () => {
  it('walks the whole sequence 4 + 26 + 30 + 15 + 15 to exactly 90 days', () => {
    let authorisedUntil = plus(4);
    for (const [index, days] of rules.sequenceDays.entries()) {
      const decision = nextExtension(rules, { legalLimitAt: plus(90), authorisedUntil, extensionsSoFar: index }, days);
      expect(decision.allowed).toBe(true);
      if (decision.allowed) authorisedUntil = decision.authorisedUntil;
    }
    expect(authorisedUntil).toEqual(plus(90));
  });

  it('refuses an extension out of sequence', () => {
    expect(nextExtension(rules, { legalLimitAt: plus(90), authorisedUntil: plus(4), extensionsSoFar: 0 }, 30)).toEqual({ allowed: false, reason: 'extension 1 is of 26 days, not 30' });
  });

  it('refuses a fifth extension', () => {
    expect(nextExtension(rules, { legalLimitAt: plus(90), authorisedUntil: plus(90), extensionsSoFar: 4 }, 15).allowed).toBe(false);
  });

  it('refuses an extension that would pass the legal limit', () => {
    const decision = nextExtension({ sequenceDays: [26, 30, 15, 20], maxDays: 90 }, { legalLimitAt: plus(90), authorisedUntil: plus(75), extensionsSoFar: 3 }, 20);
    expect(decision).toEqual({ allowed: false, reason: 'it would pass the 90-day limit' });
  });

  it('ends the asylum-claim window 5 days after placement, to the minute', () => {
    expect(asylumClaimWindowEndsAt(placedAt, 5).toISOString()).toBe('2026-11-06T10:00:00.000Z');
  });
});
