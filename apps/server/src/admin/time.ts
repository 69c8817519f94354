import { dateTimeFormat } from '@escale/platform';

/** The admin UI shows and reads times in the centres' time zone (all of them are in France). */
export const UI_TIME_ZONE = 'Europe/Paris';

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
/** A date and time as typed in a text field: day/month/year then hours:minutes (07/12/2026 14:30). */
const TYPED_DATE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s*,?\s*|T)(\d{1,2})[:hH](\d{2})$/;

/** How far the wall clock of `timeZone` is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = dateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  const wallClock = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wallClock - Math.floor(instant / 1000) * 1000;
}

/**
 * Reads what a date-and-time field sends, typed as day/month/year and time ("01/03/2026 21:30")
 * or as a `datetime-local` value ("2026-03-01T21:30"), a wall-clock time with no zone, as a time
 * in `timeZone`, and gives the instant as ISO 8601 UTC; null if it is not such a value. On the
 * night clocks go back, the repeated hour is read as the second (winter-time) one; a time skipped
 * when clocks go forward is read one hour later.
 */
export function localDateTimeToIso(value: string, timeZone = UI_TIME_ZONE): string | null {
  const iso = LOCAL_DATE_TIME.exec(value);
  const typed = iso ? null : TYPED_DATE_TIME.exec(value.trim());
  if (!iso && !typed) return null;
  const [year, month, day, hour, minute, second] = iso
    ? iso.slice(1).map((part) => Number(part ?? 0))
    : [typed![3], typed![2], typed![1], typed![4], typed![5], '0'].map(Number);
  const wallClock = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wallClock);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  // Two passes: the offset at the first guess may differ from the offset at the answer near a change of time.
  let instant = wallClock - offsetAt(wallClock, timeZone);
  instant = wallClock - offsetAt(instant, timeZone);
  return new Date(instant).toISOString();
}

/** An instant as the value a `datetime-local` field shows, in `timeZone`. */
export function isoToLocalDateTime(iso: string, timeZone = UI_TIME_ZONE): string {
  const instant = new Date(iso).getTime();
  return new Date(instant + offsetAt(instant, timeZone)).toISOString().slice(0, 16);
}

/** An instant as typed in a date-and-time field (07/12/2026 14:30), in `timeZone`. */
export function isoToTypedDateTime(iso: string, timeZone = UI_TIME_ZONE): string {
  const [date, time] = isoToLocalDateTime(iso, timeZone).split('T');
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year} ${time}`;
}
