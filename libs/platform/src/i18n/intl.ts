// Making an Intl formatter costs far more than using one, and a page formats hundreds of dates and
// numbers: each formatter is made once per kind, language and options, and kept.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.DisplayNames>();

function kept<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.DisplayNames>(key: string, make: () => T): T {
  let made = formatters.get(key) as T | undefined;
  if (!made) formatters.set(key, (made = make()));
  return made;
}

export const dateTimeFormat = (locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  kept(`date|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));

export const numberFormat = (locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat =>
  kept(`number|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));

export const languageNames = (locale: string): Intl.DisplayNames =>
  kept(`language|${locale}`, () => new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' }));

export const regionNames = (locale: string): Intl.DisplayNames =>
  kept(`region|${locale}`, () => new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }));
