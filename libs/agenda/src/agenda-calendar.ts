import ical, { ICalCalendarMethod, ICalEventTransparency } from 'ical-generator';
import { type Locale, translate } from '@escale/platform';
import { type AgendaEntry, agendaPath } from './agenda.service.js';

/** How often a calendar application is asked to fetch the feed again. */
export const FEED_REFRESH_SECONDS = 3_600;

/**
 * An agenda as an iCalendar feed that carries nobody's data: each event says what is due (the
 * kind, in the user's language), where (the centre's name and code), when, and links to the
 * page of the record (ids only). Names, notes, task titles and anything else about a person are
 * deliberately left out: a calendar is synchronised to phones and third-party services.
 */
export function agendaCalendar(entries: readonly AgendaEntry[], options: { locale: Locale; publicUrl: string; now: Date }): string {
  const { locale, publicUrl, now } = options;
  const calendar = ical({
    name: translate(locale, 'agenda.feed.calendarName'),
    description: translate(locale, 'agenda.feed.calendarDescription'),
    prodId: { company: 'Escale', product: 'agenda', language: locale.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    ttl: FEED_REFRESH_SECONDS,
    url: `${publicUrl}/agenda`,
  });
  for (const entry of entries) {
    const url = `${publicUrl}${agendaPath(entry)}`;
    const source = entry.taskId ?? entry.medicalReportId ?? entry.referralId ?? entry.stayId ?? entry.caseId;
    const what = translate(locale, `agenda.kind.${entry.kind}`);
    calendar.createEvent({
      id: `${entry.kind}-${source}@escale`,
      start: new Date(entry.dueAt),
      stamp: now,
      summary: entry.overdue ? translate(locale, 'agenda.feed.overdueSummary', { what }) : what,
      location: `${entry.centre.name} (${entry.centre.code})`,
      description: translate(locale, 'agenda.feed.eventDescription', { url }),
      url,
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  return calendar.toString();
}
