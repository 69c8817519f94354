import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import hbs from 'hbs';
import { DEFAULT_LOCALE, isLocale, isMessageKey, LOCALES, projectRoot, translate, type Locale } from '@escale/platform';

interface HelperOptions {
  hash: Record<string, unknown>;
  data: { root: { locale?: Locale } };
}

const localeOf = (options: HelperOptions): Locale => {
  const locale = options.data.root.locale;
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
};

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
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('locales', () => LOCALES);
  hbs.registerHelper('formatDateTime', function (value: Date | string, options: HelperOptions) {
    const date = value instanceof Date ? value : new Date(value);
    return new Intl.DateTimeFormat(localeOf(options) === 'fr' ? 'fr-FR' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Europe/Paris',
    }).format(date);
  });
  await new Promise<void>((resolve, reject) =>
    hbs.registerPartials(join(views, 'partials'), (error?: Error) => (error ? reject(error) : resolve())),
  );
}
