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
