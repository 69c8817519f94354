/**
 * The singular forms of the messages that show a number: `key.one` is chosen over `key` by the
 * language's plural rules (in English for 1 only; in French for 0 and 1). See `translate`.
 */
export const pluralsEn = {
  'centres.days.one': '{{count}} day',
  'registerEntry.days.one': '{{count}} day',
  'roster.done.one': '{{count}} person recorded.',
  'roster.problem.one': '{{count}} row needs correcting; the other rows are recorded.',
  'interceptionPage.missing.one': '{{count}} intercepted but not recorded.',
  'waitingPlan.confirm.one': 'Confirm and check in {{count}}',
  'waitingPlan.done.one': '{{count}} of the household checked in as planned.',
  'waitingPlan.failed.one': '{{name}} could not be checked in: {{reason}} {{count}} checked in before; the others are still on the waiting list.',
  'register.csv.one': 'Download the period as CSV ({{total}} row)',
  'agenda.caption.one': 'What is due, soonest first: {{total}} item. Times are in each centre’s time zone.',
  'holding.next.one': 'The next extension is number {{sequence}}, of {{days}} day.',
  'holding.notAllowed.next.one': 'Extension number {{sequence}} is of {{days}} day: enter {{days}}.',
  'welfareTimeline.extension.one': 'Judge’s extension of {{days}} day ({{decidedBy}}), authorised until',
  'reports.los.bucket.one': '{{from}} to {{to}} day',
  'reports.los.againstMaximum.one': 'Against the legal maximum of {{days}} day',
  'audit.csv.one': 'Download {{total}} event (CSV)',
  'sar.bytes.one': '{{count}} byte',
  'sar.audit.truncated.one': 'The first {{shown}} of {{total}} event is listed here.',
  'legal.confirm.extension_granted.one': 'The placement is extended by {{days}} day: the holding authority will run until {{until}}.',
  'notices.print.intro.one': '{{count}} notice, in the person’s language, on one printed page.',
  'alerts.dutyContacts.intro.one': 'An urgent alert nobody acknowledges within {{minutes}} minute goes to the centre’s duty contacts, and again every {{minutes}} minute until someone does.',
  'dutyContacts.intro.one': 'When nobody acknowledges an urgent alert of this centre within {{minutes}} minute, it goes to these people (in Escale, and by email when email is set up), and again every {{minutes}} minute until someone acknowledges it.',
  'welfareBoard.unitRecorded.one': '“Seen well” recorded for {{count}} person in {{unit}}.',
} as const;
