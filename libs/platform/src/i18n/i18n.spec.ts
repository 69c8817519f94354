import { negotiateLocale, translate } from './i18n.js';
import { en } from './locales/en.js';
import { fr } from './locales/fr.js';

describe('i18n', () => {
  it('has every English key in French, with the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(fr[key]).toBeTruthy();
      const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(placeholders(fr[key])).toEqual(placeholders(en[key]));
    }
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('writes French with its typography: a narrow no-break space before : ; ? and !', () => {
    const wrong = Object.entries(fr).flatMap(([key, text]) => {
      // Placeholders, web addresses and times (14:30) are not sentences.
      const prose = text.replace(/\{\{\w+\}\}/g, 'x').replace(/https?:\/\/\S+/g, '').replace(/\d:\d/g, '');
      return [...prose.matchAll(/(^|[^\u202f])[:;?!]/g)].map((match) => `${key}: …${prose.slice(Math.max(0, match.index - 12), match.index + 2)}…`);
    });
    expect(wrong).toEqual([]);
  });

  it('fills placeholders', () => {
    expect(translate('en', 'home.welcome', { name: 'Awa' })).toBe('Welcome, Awa');
    expect(translate('fr', 'home.welcome', { name: 'Awa' })).toBe('Bienvenue, Awa');
  });

  it('negotiates the language from Accept-Language', () => {
    expect(negotiateLocale('en-GB,en;q=0.9')).toBe('en');
    expect(negotiateLocale('de-DE, en;q=0.5, fr;q=0.8')).toBe('fr');
    expect(negotiateLocale('de')).toBe('fr');
    expect(negotiateLocale(undefined)).toBe('fr');
  });
});
