import type { Locale } from './i18n.js';
import { languageNames, regionNames } from './intl.js';
import countries from 'i18n-iso-countries';
import iso6391 from 'iso-639-1';

/*
 * Nationalities (ISO 3166-1 alpha-3) and languages (ISO 639) chosen by name in the page's
 * language: the names come from Intl.DisplayNames, only the codes are stored. A name typed in
 * English or French, or a code, is read back as the code.
 */

export interface OriginOption {
  code: string;
  name: string;
}

/** The nationalities of people crossing the Channel in small boats, most first (2024-25): offered first. */
const COMMON_NATIONALITIES = ['AFG', 'SYR', 'IRN', 'VNM', 'ERI', 'SDN', 'IRQ', 'ETH', 'TUR', 'EGY', 'SOM', 'ALB'];
/** Their languages, offered first: Dari, Pashto, Arabic, Persian, Sorani, Kurmanji, Vietnamese, Tigrinya, Amharic, Turkish, Somali, Albanian. */
const COMMON_LANGUAGES = ['prs', 'ps', 'ar', 'fa', 'ckb', 'kmr', 'vi', 'ti', 'am', 'tr', 'so', 'sq'];
/** Languages with no ISO 639-1 code that arrivals speak, by their ISO 639-3 code. */
const MORE_LANGUAGES = ['bal', 'tig', 'bej'];
/** Kurdish as a whole: Sorani (ckb) and Kurmanji (kmr) are offered instead. */
const LEFT_OUT_LANGUAGES = new Set(['ku']);

/** Codes that are in ISO 639 without naming one language: undetermined, multiple, uncoded, no linguistic content. */
const NOT_A_LANGUAGE = new Set(['und', 'mul', 'mis', 'zxx']);

/** ISO 3166-1 alpha-3 to alpha-2 (Intl.DisplayNames names regions by alpha-2), and back. */
const ALPHA_2 = new Map(Object.entries(countries.getAlpha3Codes()));
const ALPHA_3 = new Map([...ALPHA_2].map(([alpha3, alpha2]) => [alpha2, alpha3]));
/** The ISO 639-1 language codes. */
const ISO_639_1 = iso6391.getAllCodes();
const ISO_639_1_SET = new Set<string>(ISO_639_1);
const intlLocale = (locale: Locale) => (locale === 'fr' ? 'fr-FR' : 'en-GB');

/** A name as compared: no case, no accents, single spaces. */
export const foldName = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

/** A country's name in a language, from its alpha-3 code; the code itself when unknown. */
export function countryName(locale: Locale, alpha3: string): string {
  const alpha2 = ALPHA_2.get(alpha3.trim().toUpperCase());
  return alpha2 ? (regionNames(intlLocale(locale)).of(alpha2) ?? alpha3) : alpha3;
}

/** A language's name in a language, from its ISO 639 code; the code itself when unknown. */
export function languageName(locale: Locale, code: string): string {
  try {
    return languageNames(intlLocale(locale)).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Names shared by two codes get the code beside them, so that each name says one thing. */
function unambiguous(options: OriginOption[]): OriginOption[] {
  const counts = new Map<string, number>();
  for (const option of options) counts.set(foldName(option.name), (counts.get(foldName(option.name)) ?? 0) + 1);
  return options.map((option) => (counts.get(foldName(option.name))! > 1 ? { ...option, name: `${option.name} (${option.code})` } : option));
}

/** Common ones first, in the order given, then the rest by name in the language. */
function ordered(locale: Locale, options: OriginOption[], common: string[]): OriginOption[] {
  const collator = new Intl.Collator(intlLocale(locale));
  const first = common.map((code) => options.find((option) => option.code === code)!).filter(Boolean);
  const rest = options.filter((option) => !common.includes(option.code)).sort((a, b) => collator.compare(a.name, b.name));
  return [...first, ...rest];
}

const nationalityCache = new Map<Locale, OriginOption[]>();
const languageCache = new Map<Locale, OriginOption[]>();

/** Every nationality, by name in the page's language, the common ones first. */
export function nationalityOptions(locale: Locale): OriginOption[] {
  let options = nationalityCache.get(locale);
  if (!options) {
    options = ordered(locale, unambiguous([...ALPHA_2.keys()].map((alpha3) => ({ code: alpha3, name: countryName(locale, alpha3) }))), COMMON_NATIONALITIES);
    nationalityCache.set(locale, options);
  }
  return options;
}

/** Every language Intl can name, by name in the page's language, the common ones first. */
export function languageOptions(locale: Locale): OriginOption[] {
  let options = languageCache.get(locale);
  if (!options) {
    const codes = [...new Set([...COMMON_LANGUAGES, ...ISO_639_1, ...MORE_LANGUAGES])].filter((code) => !LEFT_OUT_LANGUAGES.has(code));
    const named = codes.map((code) => ({ code, name: languageName(locale, code) })).filter((option) => option.name !== option.code);
    options = ordered(locale, unambiguous(named), COMMON_LANGUAGES);
    languageCache.set(locale, options);
  }
  return options;
}

function lookup(options: (locale: Locale) => OriginOption[]): Map<string, string> {
  const byName = new Map<string, string>();
  for (const locale of ['en', 'fr'] as const) for (const option of options(locale)) if (!byName.has(foldName(option.name))) byName.set(foldName(option.name), option.code);
  return byName;
}

/** "Kurdish (kmr)", as an ambiguous name is offered: the code in brackets. */
const codeInBrackets = (text: string) => /\(([A-Za-z]{2,3})\)\s*$/.exec(text)?.[1] ?? text.trim();

let nationalityNames: Map<string, string> | undefined;
let languageNamesByFold: Map<string, string> | undefined;

/**
 * The alpha-3 code for a nationality typed as a name (English or French), an alpha-3 or an
 * alpha-2 code; what was typed, unchanged, when it is none of these (for validation to refuse).
 */
export function nationalityCode(text: string): string {
  const typed = codeInBrackets(text);
  const upper = typed.toUpperCase();
  if (ALPHA_2.has(upper)) return upper;
  if (ALPHA_3.has(upper)) return ALPHA_3.get(upper)!;
  nationalityNames ??= lookup(nationalityOptions);
  return nationalityNames.get(foldName(typed)) ?? typed;
}

/** The ISO 639 code for a language typed as a name (English or French) or a code; what was typed, unchanged, when it is neither. */
export function languageCode(text: string): string {
  const typed = codeInBrackets(text);
  languageNamesByFold ??= lookup(languageOptions);
  const byName = languageNamesByFold.get(foldName(typed));
  if (byName) return byName;
  return /^[A-Za-z]{2,3}$/.test(typed) ? typed.toLowerCase() : typed;
}

/** True for an ISO 3166-1 alpha-3 code, as stored (upper case). */
export function isNationalityCode(code: string): boolean {
  return ALPHA_2.has(code);
}

/**
 * The ISO 639-1 code a three-letter code is written as (ISO 639-2 `fas` and `per`, Iranian
 * Persian `pes`: `fa`), if it has one; Kurmanji (`kmr`, which Intl folds into Kurdish) is kept
 * apart, as the arrivals' languages are.
 */
function shorterLanguageCode(code: string): string | undefined {
  if (COMMON_LANGUAGES.includes(code) || MORE_LANGUAGES.includes(code)) return undefined;
  const [canonical] = Intl.getCanonicalLocales(code);
  return canonical !== code && ISO_639_1_SET.has(canonical) ? canonical : undefined;
}

/**
 * True for a language code as stored: ISO 639-1 (`ps`), or three letters (ISO 639-2/3, `prs`,
 * `ckb`) for a language with no ISO 639-1 code that Intl can name, so that it is shown by name.
 * A three-letter code of a language with a two-letter one is not: notices and interpreters are
 * found by the two-letter code.
 */
export function isLanguageCode(code: string): boolean {
  if (/^[a-z]{2}$/.test(code)) return ISO_639_1_SET.has(code);
  if (!/^[a-z]{3}$/.test(code) || NOT_A_LANGUAGE.has(code) || shorterLanguageCode(code)) return false;
  return languageName('en', code) !== code;
}

export type OriginKind = 'language' | 'nationality';

/** Why a code is not one, said to the API's caller. */
function codeProblem(kind: OriginKind, code: unknown): string | undefined {
  if (typeof code !== 'string') return kind === 'language' ? 'must be an ISO 639 language code' : 'must be an ISO 3166-1 alpha-3 country code';
  if (kind === 'nationality') {
    if (isNationalityCode(code)) return undefined;
    const alpha3 = ALPHA_3.get(code.toUpperCase()) ?? (ALPHA_2.has(code.toUpperCase()) ? code.toUpperCase() : undefined);
    return alpha3 ? `must be an ISO 3166-1 alpha-3 code in upper case: ${alpha3}` : 'is not an ISO 3166-1 alpha-3 country code';
  }
  if (isLanguageCode(code)) return undefined;
  const lower = code.toLowerCase();
  const shorter = /^[a-z]{3}$/.test(lower) ? shorterLanguageCode(lower) : undefined;
  if (shorter) return `is written ${shorter} (ISO 639-1)`;
  return lower !== code && isLanguageCode(lower) ? `must be in lower case: ${lower}` : 'is not an ISO 639 language code';
}

/**
 * What is wrong with the items of a list of codes, by index: a code that is not one, or one
 * already in the list (the order says which language comes first, so each is there once).
 */
export function originListProblems(kind: OriginKind, list: readonly unknown[]): Map<number, string> {
  const problems = new Map<number, string>();
  const seen = new Map<unknown, number>();
  list.forEach((code, index) => {
    const problem = codeProblem(kind, code);
    if (problem) problems.set(index, problem);
    else if (seen.has(code)) problems.set(index, `repeats item ${seen.get(code)}`);
    else seen.set(code, index);
  });
  return problems;
}

const offeredNames = new Map<string, Map<string, string>>();

/** A code as the page names it: the name offered for it (with its code beside a name two codes share), else its name in the language. */
export function originName(locale: Locale, kind: OriginKind, code: string): string {
  let names = offeredNames.get(`${kind}|${locale}`);
  if (!names) {
    names = new Map((kind === 'language' ? languageOptions(locale) : nationalityOptions(locale)).map((option) => [option.code, option.name]));
    offeredNames.set(`${kind}|${locale}`, names);
  }
  return names.get(code) ?? (kind === 'language' ? languageName(locale, code) : countryName(locale, code));
}
