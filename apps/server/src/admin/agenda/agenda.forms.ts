import { FormText, PageForm } from '../forms.js';

/** The periods the agenda page offers: everything overdue, and what falls due until its end. */
export const AGENDA_PERIODS = ['overdue', 'today', 'week', 'month'] as const;
export type AgendaPagePeriod = (typeof AGENDA_PERIODS)[number];

/** The agenda page's filters, as its GET form sends them: empty means "any". */
export class AgendaPageQuery {
  @FormText(64) centreId?: string;
  @FormText(64) kind?: string;
  @FormText(16) period?: string;
  @FormText(9) offset?: string;
  @FormText(32) done?: string;
}

/** Issuing or revoking the calendar feed: the CSRF token alone. */
export class CalendarFeedForm extends PageForm {}
