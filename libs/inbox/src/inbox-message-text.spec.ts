import { inboxMessageText } from './inbox-message-text.js';

const NNBSP = '\u202f';

describe('an inbox message in the reader’s language', () => {
  it('words an alert from the kind it stores, with its centre, in whichever language the reader reads today', () => {
    const message = { kind: 'inbox.alert', params: { alertKind: 'authority_expired', centreName: 'CRA de Coquelles' } };
    expect(inboxMessageText(message, 'en')).toEqual({ subject: 'Alert', body: 'URGENT: person held without authority (CRA de Coquelles)' });
    expect(inboxMessageText(message, 'fr')).toEqual({ subject: 'Alerte', body: `URGENT${NNBSP}: personne retenue sans titre (CRA de Coquelles)` });
  });

  it('words a notice about no centre without one', () => {
    expect(inboxMessageText({ kind: 'inbox.alert', params: { alertKind: 'caseworker_daily_digest' } }, 'fr').body).toBe('Votre journée dans Escale');
  });

  it('words the role a welcome message names', () => {
    const message = { kind: 'inbox.welcome', params: { email: 'awa@escale.test', role: 'caseworker' } };
    expect(inboxMessageText(message, 'en').body).toBe('Your account (awa@escale.test) is ready. Your role: caseworker.');
  });
});
