import { en, type Catalogue, type MessageKey } from './locales/en.js';
import { fr } from './locales/fr.js';

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';

const CATALOGUES: Record<Locale, Catalogue> = { en, fr };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(en, value);
}

/**
 * The parameters whose number decides a message's grammatical number, the first one given
 * deciding: a message `key` is the plural ("other") form, and `key.one` (or `.two`, `.few`…),
 * where the catalogue has it, the form the language's plural rules choose for that number —
 * French says "0 jour" and "1 jour", English "0 days" and "1 day".
 */
export const PLURAL_PARAMS = ['count', 'days', 'months', 'minutes', 'total'] as const;

// `selectRange` is in Node since 19, not yet in TypeScript's ES2023 library.
type PluralRules = Intl.PluralRules & { selectRange(start: number, end: number): Intl.LDMLPluralRule };
const pluralRules = new Map<Locale, PluralRules>();

function rulesOf(locale: Locale): PluralRules {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale) as PluralRules));
  return rules;
}

/** The plural category of a number in a language ("one", "other"…). */
export const pluralCategory = (locale: Locale, count: number): Intl.LDMLPluralRule => rulesOf(locale).select(count);

/** The plural category of a range of numbers: French "de 0 à 1 jour" (one), English "0 to 1 days" (other). */
export const pluralRangeCategory = (locale: Locale, from: number, to: number): Intl.LDMLPluralRule => rulesOf(locale).selectRange(from, to);

const numberIn = (value: unknown): number | null => {
  if (value === undefined || value === null || value === '') return null;
  const number = Number(String(value).replace(/[\s\u202f\u00a0,]/g, ''));
  return Number.isFinite(number) ? number : null;
};

function pluralKey(locale: Locale, key: MessageKey, params: Record<string, unknown>): string {
  const name = PLURAL_PARAMS.find((param) => numberIn(params[param]) !== null);
  // A range of numbers ({{from}} to {{to}}, both numbers) takes the category of the range.
  const from = numberIn(params.from);
  const to = numberIn(params.to);
  let category: Intl.LDMLPluralRule;
  if (name) category = pluralCategory(locale, numberIn(params[name])!);
  else if (from !== null && to !== null && from <= to) category = pluralRangeCategory(locale, from, to);
  else return key;
  const form = `${key}.${category}`;
  return category !== 'other' && Object.hasOwn(CATALOGUES[locale], form) ? form : key;
}

/** The message for a key in a language, in the grammatical number of its count, with {{param}} placeholders filled in. */
export function translate(locale: Locale, key: MessageKey, params: Record<string, unknown> = {}): string {
  const template = CATALOGUES[locale][pluralKey(locale, key, params) as MessageKey];
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** The first supported language of an Accept-Language header, else the default. */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q);
  return ranked.find((entry) => isLocale(entry.lang))?.lang as Locale | undefined ?? DEFAULT_LOCALE;
}

export type { MessageKey, Catalogue };
