/** The holding clocks of a removal-centre placement, as pure arithmetic. */

const DAY_MS = 86_400_000;

export interface ExtensionRules {
  sequenceDays: readonly number[];
  maxDays: number;
}

export type ExtensionDecision = { allowed: true; authorisedUntil: Date } | { allowed: false; reason: string };

/**
 * Whether the next extension may be granted: it must be the next one of the configured
 * sequence, with that many days, and may not carry the placement past its legal limit.
 */
export function nextExtension(rules: ExtensionRules, state: { legalLimitAt: Date; authorisedUntil: Date; extensionsSoFar: number }, days: number): ExtensionDecision {
  const expected = rules.sequenceDays[state.extensionsSoFar];
  if (expected === undefined) return { allowed: false, reason: `all ${rules.sequenceDays.length} extensions have been granted` };
  if (days !== expected) return { allowed: false, reason: `extension ${state.extensionsSoFar + 1} is of ${expected} days, not ${days}` };
  const authorisedUntil = new Date(state.authorisedUntil.getTime() + days * DAY_MS);
  if (authorisedUntil > state.legalLimitAt) return { allowed: false, reason: `it would pass the ${rules.maxDays}-day limit` };
  return { allowed: true, authorisedUntil };
}

/** CESEDA L754-1: the 5-day window to claim asylum runs from the notification of rights at check-in. */
export function asylumClaimWindowEndsAt(placedAt: Date, windowDays: number): Date {
  return new Date(placedAt.getTime() + windowDays * DAY_MS);
}
