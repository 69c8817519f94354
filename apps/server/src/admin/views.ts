import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import hbs from 'hbs';
import { dateTimeFormat, DEFAULT_LOCALE, isLocale, isMessageKey, languageNames, LOCALES, numberFormat, originName, projectRoot, translate, type Locale } from '@escale/platform';
import { UI_TIME_ZONE } from './time.js';

interface HelperOptions {
  hash: Record<string, unknown>;
  data: { root: { locale?: Locale } };
}

const localeOf = (options: HelperOptions): Locale => {
  const locale = options.data.root.locale;
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
};
const intlLocale = (options: HelperOptions) => (localeOf(options) === 'fr' ? 'fr-FR' : 'en-GB');

/** Handlebars for the admin UI: a layout, partials, and `t` for every string. */
export async function configureViews(app: NestExpressApplication): Promise<void> {
  const views = join(projectRoot(), 'apps/server/views');
  app.setBaseViewsDir(views);
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/main' });

  hbs.registerHelper('t', function (key: string, options: HelperOptions) {
    if (!isMessageKey(key)) throw new Error(`Unknown message key ${key}`);
    return translate(localeOf(options), key, options.hash);
  });
  // An audit code (`auditAction` or `auditRecord`) in words; one recorded before it had words is shown as it is.
  hbs.registerHelper('auditWord', function (prefix: string, code: string, options: HelperOptions) {
    const key = `${prefix}.${code}`;
    return isMessageKey(key) ? translate(localeOf(options), key) : code;
  });
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('locales', () => LOCALES);
  hbs.registerHelper('formatDateTime', function (value: Date | string, options: HelperOptions) {
    const date = value instanceof Date ? value : new Date(value);
    return dateTimeFormat(intlLocale(options), { dateStyle: 'medium', timeStyle: 'short', timeZone: UI_TIME_ZONE }).format(date);
  });
  /** A calendar date (YYYY-MM-DD, such as a date of birth): no time, no time zone. */
  hbs.registerHelper('formatDate', function (value: string, options: HelperOptions) {
    const date = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(date.getTime())) return value;
    return dateTimeFormat(intlLocale(options), { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  });
  /** A moment (ISO 8601) as its day, in the UI's time zone. */
  hbs.registerHelper('formatDay', function (value: string, options: HelperOptions) {
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return value;
    return dateTimeFormat(intlLocale(options), { dateStyle: 'medium', timeZone: UI_TIME_ZONE }).format(date);
  });
  /** An amount in minor units (cents) of a currency. */
  hbs.registerHelper('formatMoney', function (cents: number, currency: string, options: HelperOptions) {
    return numberFormat(intlLocale(options), { style: 'currency', currency }).format(cents / 100);
  });
  /** A language's name from its ISO 639 code, in the page's language. */
  hbs.registerHelper('languageName', function (code: string, options: HelperOptions) {
    try {
      return languageNames(intlLocale(options)).of(code) ?? code;
    } catch {
      return code;
    }
  });
  /** A person's languages by name in the page's language, in their order, the first marked as the main one when there are several. */
  hbs.registerHelper('languageNames', function (codes: readonly string[] | undefined, options: HelperOptions) {
    const locale = localeOf(options);
    const names = (codes ?? []).map((code) => originName(locale, 'language', code));
    if (names.length > 1) names[0] = translate(locale, 'origins.mainLanguage', { name: names[0] });
    return names.join(', ');
  });
  /** Nationalities by country name in the page's language, in their order; a list or codes separated by spaces (as the register reads them). */
  hbs.registerHelper('nationalityNames', function (codes: readonly string[] | string | undefined, options: HelperOptions) {
    const list = typeof codes === 'string' ? codes.split(/[\s,]+/) : (codes ?? []);
    return list
      .map((code) => code.trim())
      .filter(Boolean)
      .map((code) => originName(localeOf(options), 'nationality', code))
      .join(', ');
  });
  /** True when the first argument is one of the others: `(oneOf role "admin" "staff")`. */
  hbs.registerHelper('oneOf', (value: unknown, ...rest: unknown[]) => rest.slice(0, -1).includes(value));
  hbs.registerHelper('startsWith', (value: unknown, prefix: string) => typeof value === 'string' && value.startsWith(prefix));
  /** Joins its arguments into one string, to build a catalogue key: `(t (concat "housing." housing))`. */
  hbs.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).join(''));
  /** The ids a form field is described by: its hint, its format (a date and time), its error. */
  hbs.registerHelper('fieldDescribedBy', (id: string, hint: unknown, format: unknown, error: unknown) =>
    [hint && `${id}-hint`, format && `${id}-format`, error && `${id}-error`].filter(Boolean).join(' '),
  );
  await new Promise<void>((resolve, reject) =>
    hbs.registerPartials(join(views, 'partials'), (error?: Error) => (error ? reject(error) : resolve())),
  );
}
