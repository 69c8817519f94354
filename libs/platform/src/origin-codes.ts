import { ValidateBy } from 'class-validator';
import { type OriginKind, originListProblems } from './i18n/origins.js';

/**
 * Rules that check a list item by item. The validation pipe names each refused item by its
 * index (`person.languages.1`), so a caller knows which one to correct.
 */
export const LIST_ITEM_RULES: Readonly<Record<string, (list: readonly unknown[]) => Map<number, string>>> = {
  isLanguageCodes: (list) => originListProblems('language', list),
  isNationalityCodes: (list) => originListProblems('nationality', list),
};

const codeList = (name: keyof typeof LIST_ITEM_RULES, kind: OriginKind, what: string) =>
  ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => Array.isArray(value) && originListProblems(kind, value).size === 0,
      defaultMessage: () => `each item must be ${what}, listed once`,
    },
  });

/** ISO 639 language codes (`ps`, `prs`), each once, best understood first. */
export const IsLanguageCodes = () => codeList('isLanguageCodes', 'language', 'an ISO 639 language code');

/** ISO 3166-1 alpha-3 country codes (`AFG`), each once. */
export const IsNationalityCodes = () => codeList('isNationalityCodes', 'nationality', 'an ISO 3166-1 alpha-3 country code');
