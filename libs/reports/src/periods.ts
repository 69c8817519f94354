/** Calendar arithmetic on `YYYY-MM-DD` dates (no time, no timezone) for the reports. */

export const GRANULARITIES = ['day', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

const DAY_MS = 86_400_000;

const toUtc = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const fromUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const addDays = (day: string, days: number): string => fromUtc(toUtc(day) + days * DAY_MS);
export const daysBetween = (from: string, to: string): number => Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
export const monthOf = (day: string): string => day.slice(0, 7);
export const monthStart = (day: string): string => `${day.slice(0, 7)}-01`;

export function monthEnd(day: string): string {
  const [year, month] = day.split('-').map(Number);
  return fromUtc(Date.UTC(year, month, 0));
}

export const periodOf = (day: string, granularity: Granularity): string => (granularity === 'day' ? day : monthOf(day));

export function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The months from the one holding `from` to the one holding `to`, as `YYYY-MM`. */
export function eachMonth(from: string, to: string): string[] {
  const months: string[] = [];
  for (let day = monthStart(from); day <= to; day = addDays(monthEnd(day), 1)) months.push(monthOf(day));
  return months;
}

/** The calendar date of an instant in a timezone. */
export function localDate(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

const daysInYear = (year: number): number => daysBetween(`${year}-01-01`, `${year + 1}-01-01`);

/**
 * The part of a yearly amount that falls on the days `from`..`to` (inclusive, within one year),
 * spread evenly over the year's days. Rounding is cumulative, so the parts of a year always add
 * up to the whole amount.
 */
export function prorate(amountCents: bigint, year: number, from: string, to: string): bigint {
  const total = BigInt(daysInYear(year));
  const upTo = (dayIndex: number) => (amountCents * BigInt(dayIndex) * 2n + total) / (2n * total);
  const first = daysBetween(`${year}-01-01`, from);
  const last = daysBetween(`${year}-01-01`, to) + 1;
  return upTo(last) - upTo(first);
}
