/** Working days in France: Monday to Friday, less the public holidays (Code du travail L3133-1). */

const DAY_MS = 86_400_000;
const PARIS_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' });

/** Easter Sunday of a Gregorian year (the anonymous Gregorian computus), as a UTC date. */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

const iso = (date: Date) => date.toISOString().slice(0, 10);

/** The French public holidays of a year as `YYYY-MM-DD`: eight fixed, and Easter Monday, Ascension and Whit Monday. */
export function frenchPublicHolidays(year: number): Set<string> {
  const fixed = ['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25'].map((day) => `${year}-${day}`);
  const easter = easterSunday(year).getTime();
  const movable = [1, 39, 50].map((days) => iso(new Date(easter + days * DAY_MS)));
  return new Set([...fixed, ...movable]);
}

const holidaysByYear = new Map<number, Set<string>>();

/** The calendar day of an instant in Paris, and whether it is a working day there. */
export function isFrenchWorkingDay(at: Date): boolean {
  const parts = Object.fromEntries(PARIS_DATE.formatToParts(at).map((part) => [part.type, part.value]));
  if (parts.weekday === 'Sat' || parts.weekday === 'Sun') return false;
  const year = Number(parts.year);
  let holidays = holidaysByYear.get(year);
  if (!holidays) holidaysByYear.set(year, (holidays = frenchPublicHolidays(year)));
  return !holidays.has(`${parts.year}-${parts.month}-${parts.day}`);
}

/** Adds working days, skipping weekends and French public holidays, keeping the time of day. */
export function addWorkingDays(from: Date, days: number): Date {
  const result = new Date(from.getTime());
  let left = days;
  while (left > 0) {
    result.setTime(result.getTime() + DAY_MS);
    if (isFrenchWorkingDay(result)) left -= 1;
  }
  return result;
}
