import { ValidationFailed } from '../errors/domain-error.js';

/** Clocks of different machines disagree a little: a time this far ahead still counts as now. */
export const CLOCK_SKEW_MS = 60_000;
/** Something may be recorded late, but not this late. */
export const MAX_BACKDATE_MS = 30 * 86_400_000;

/**
 * A time the caller says something happened: now when not given, never in the future, not
 * more than `maxBackdateMs` ago (30 days unless told), and not before `notBefore` (with its
 * own message). A time a little ahead is taken as now.
 */
export function pastTime(
  now: Date,
  field: string,
  value: string | undefined,
  options: { notBefore?: { at: Date; message: string }; maxBackdateMs?: number } = {},
): Date {
  const { notBefore, maxBackdateMs = MAX_BACKDATE_MS } = options;
  if (value === undefined) return now;
  const at = new Date(value);
  const refuse = (problem: string) => new ValidationFailed({ [field]: [problem] });
  if (Number.isNaN(at.getTime())) throw refuse('must be a date-time');
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw refuse('must not be in the future');
  if (at.getTime() < now.getTime() - maxBackdateMs) throw refuse('must be within the last 30 days');
  if (notBefore && at < notBefore.at) throw refuse(notBefore.message);
  return at > now ? now : at;
}
