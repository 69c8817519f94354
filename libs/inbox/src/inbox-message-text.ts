import { isMessageKey, type Locale, translate } from '@escale/platform';
import type { InboxMessage } from './inbox-message.entity.js';

/** The params of a message worded in the reader's language: codes become words. */
function wordedParams(locale: Locale, params: Record<string, string>): Record<string, string> {
  const worded = { ...params };
  const role = `role.${params.role}`;
  if (isMessageKey(role)) worded.role = translate(locale, role);
  const alert = `inboxAlert.${params.alertKind}`;
  if (isMessageKey(alert)) {
    const subject = translate(locale, alert);
    worded.subject = params.centreName ? translate(locale, 'inbox.alert.bodyAtCentre', { subject, centre: params.centreName }) : subject;
  }
  return worded;
}

/** A message's subject and body in the reader's language, worded from its kind and params when read. */
export function inboxMessageText(message: Pick<InboxMessage, 'kind' | 'params'>, locale: Locale): { subject: string; body: string } {
  const subject = `${message.kind}.subject`;
  const body = `${message.kind}.body`;
  return {
    subject: isMessageKey(subject) ? translate(locale, subject) : message.kind,
    body: isMessageKey(body) ? translate(locale, body, wordedParams(locale, message.params)) : '',
  };
}
