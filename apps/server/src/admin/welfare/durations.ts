import { type Locale, translate } from '@escale/platform';

/** A length of time in whole minutes, as staff say it: "45 min", "2 h 05 min", "3 d 4 h". */
export function durationText(locale: Locale, minutes: number): string {
  const whole = Math.max(0, Math.floor(minutes));
  if (whole < 60) return translate(locale, 'duration.minutes', { minutes: whole });
  const hours = Math.floor(whole / 60);
  if (hours < 24) return translate(locale, 'duration.hours', { hours, minutes: String(whole % 60).padStart(2, '0') });
  return translate(locale, 'duration.days', { days: Math.floor(hours / 24), hours: hours % 24 });
}
