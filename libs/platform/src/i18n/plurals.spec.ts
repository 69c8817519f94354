import { PLURAL_PARAMS, pluralCategory, translate, type MessageKey } from './i18n.js';
import { en } from './locales/en.js';
import { fr } from './locales/fr.js';

/** French words that are the same in the singular (or units written short). */
const INVARIABLE = new Set(['mois', 'fois', 'min', 'h', 'j']);

/** A number placeholder followed by a plural word: "{{count}} jours", "{{total}} éléments", or a "(s)" form. */
const COUNTED = new RegExp(`\\{\\{(${PLURAL_PARAMS.join('|')})\\}\\}\\s+(?:[^\\s{]+\\s+){0,3}?([\\p{L}’]+(?:[sx]|\\(s\\)))(?=[\\s.,;:)]|$)`, 'u');

describe('plurals', () => {
  it('follows each language’s rules: French takes the singular for 0 and 1, English for 1 only', () => {
    expect([0, 1, 2].map((n) => pluralCategory('fr', n))).toEqual(['one', 'one', 'other']);
    expect([0, 1, 2].map((n) => pluralCategory('en', n))).toEqual(['other', 'one', 'other']);
    expect(translate('fr', 'centres.days', { count: 0 })).toBe('0 jour');
    expect(translate('fr', 'centres.days', { count: 1 })).toBe('1 jour');
    expect(translate('fr', 'centres.days', { count: 2 })).toBe('2 jours');
    expect(translate('en', 'centres.days', { count: 0 })).toBe('0 days');
    expect(translate('en', 'centres.days', { count: 1 })).toBe('1 day');
  });

  it('reads length-of-stay ranges as French says them: "de 0 à 1 jour", "de 2 à 4 jours"', () => {
    expect(translate('fr', 'reports.los.bucket', { from: '0', to: '1' })).toBe('de 0 à 1 jour');
    expect(translate('fr', 'reports.los.bucket', { from: 2, to: 4 })).toBe('de 2 à 4 jours');
    // English says a range in the plural, even up to one.
    expect(translate('en', 'reports.los.bucket', { from: '0', to: '1' })).toBe('0 to 1 days');
    expect(translate('en', 'reports.los.bucket', { from: 2, to: 4 })).toBe('2 to 4 days');
    // Dates are no range of numbers.
    expect(translate('fr', 'reports.periodShown', { from: '1 janv. 2026', to: '31 janv. 2026' })).toBe('du 1 janv. 2026 au 31 janv. 2026');
  });

  it('decides by the number even when given as text, and leaves a message with no number alone', () => {
    expect(translate('fr', 'holding.next', { sequence: 2, days: '1' })).toBe('La prochaine prolongation est la n° 2, de 1 jour.');
    expect(translate('fr', 'holding.next', { sequence: 2, days: '30' })).toBe('La prochaine prolongation est la n° 2, de 30 jours.');
    expect(translate('fr', 'board.capacity', { count: 1 })).toBe(fr['board.capacity'].replace('{{count}}', '1'));
  });

  it('has a singular form for every French message that shows a number before a plural word', () => {
    const missing = Object.entries(fr).flatMap(([key, text]) => {
      if (/\.(one|two|few|many|zero)$/.test(key)) return [];
      const found = COUNTED.exec(text);
      if (!found || INVARIABLE.has(found[2])) return [];
      // A key "x.other" has its singular beside it as "x.one".
      const base = key.endsWith('.other') ? key.slice(0, -'.other'.length) : key;
      return Object.hasOwn(fr, `${base}.one`) ? [] : [`${key}: ${text}`];
    });
    expect(missing).toEqual([]);
  });

  it('writes no "(s)" after a number: the count chooses the form', () => {
    const hedged = (catalogue: Record<string, string>) => Object.entries(catalogue).filter(([, text]) => /\{\{\w+\}\}[^.{]*\(s\)/.test(text)).map(([key]) => key);
    expect(hedged(fr)).toEqual([]);
    expect(hedged(en)).toEqual([]);
  });

  it('gives every singular form the placeholders of its plural, and no singular form without its plural', () => {
    for (const catalogue of [en, fr] as Record<string, string>[]) {
      for (const key of Object.keys(catalogue).filter((name) => name.endsWith('.one'))) {
        const base = key.slice(0, -'.one'.length);
        if (!Object.hasOwn(catalogue, base) || key === 'ageAssessments.waiting.one' || key === 'alerts.escalated.one') continue;
        const placeholders = (text: string) => [...new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]))].sort();
        expect([key, placeholders(catalogue[key])]).toEqual([key, placeholders(catalogue[base as MessageKey])]);
      }
    }
  });
});
