import { ValidationFailed } from '@escale/platform';

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The agenda's period when none is asked for: the next 7 days (and everything overdue). */
export const DEFAULT_PERIOD_DAYS = 7;
/** The longest period one request may ask for. */
export const MAX_PERIOD_DAYS = 92;

/** The instants items are due in: from `from` (none: overdue of any age) up to, not including, `until`. */
export interface AgendaPeriod {
  from: Date | null;
  until: Date;
}

/**
 * Reads the agenda's `from` and `to` (days or instants, as the query DTO allows): a day as `from`
 * is its start, a day as `to` includes the whole day (UTC); `to` defaults to a week after now,
 * or after `from` when that is later. A period that runs backwards, or longer than
 * MAX_PERIOD_DAYS after `from` (or now), is refused with the field to correct.
 */
export function agendaPeriod(now: Date, from?: string, to?: string): AgendaPeriod {
  const start = from === undefined ? null : DAY.test(from) ? new Date(`${from}T00:00:00Z`) : new Date(from);
  const until =
    to === undefined
      ? new Date(Math.max(now.getTime(), start?.getTime() ?? 0) + DEFAULT_PERIOD_DAYS * DAY_MS)
      : DAY.test(to)
        ? new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS)
        : new Date(Date.parse(to) + 1);
  const problems: Record<string, string[]> = {};
  if (start && Number.isNaN(start.getTime())) problems.from = ['must be a day or a date and time'];
  if (Number.isNaN(until.getTime())) problems.to = ['must be a day or a date and time'];
  if (Object.keys(problems).length) throw new ValidationFailed(problems);
  if (start && until.getTime() <= start.getTime()) throw new ValidationFailed({ to: ['must not be before from'] });
  const base = start ?? now;
  if (until.getTime() - base.getTime() > MAX_PERIOD_DAYS * DAY_MS) {
    throw new ValidationFailed({ to: [`must be at most ${MAX_PERIOD_DAYS} days after ${start ? 'from' : 'now'}`] });
  }
  return { from: start, until };
}
