import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { dateTimeFormat, projectRoot } from '@escale/platform';

export interface RenderedNotice {
  subject: string;
  html: string;
}

interface LanguageFolder {
  code: string;
  dir: 'ltr' | 'rtl';
  layout: HandlebarsTemplateDelegate;
  templates: Map<string, { subject: string; body: HandlebarsTemplateDelegate }>;
}

const SUBJECT = /^\{\{!--\s*subject:\s*(.+?)\s*--\}\}/;
export const FALLBACK_LANGUAGES = ['fr', 'en'] as const;

/**
 * The notice templates: one folder per language under libs/notices/templates, each with a
 * meta.json ({"name", "dir"}), a layout and one file per notice type. Another language is
 * another folder; a right-to-left one says "dir": "rtl" and the layout carries it.
 */
export class NoticeTemplates {
  private readonly languages = new Map<string, LanguageFolder>();
  private readonly handlebars = Handlebars.create();

  constructor(root = join(projectRoot(), 'libs/notices/templates')) {
    this.handlebars.registerHelper('date', (value: Date | string | null, options: Handlebars.HelperOptions) => this.format(value, options, { dateStyle: 'long' }));
    this.handlebars.registerHelper('datetime', (value: Date | string | null, options: Handlebars.HelperOptions) => this.format(value, options, { dateStyle: 'long', timeStyle: 'short' }));
    for (const code of readdirSync(root)) {
      const folder = join(root, code);
      if (!existsSync(join(folder, 'meta.json'))) continue;
      const meta = JSON.parse(readFileSync(join(folder, 'meta.json'), 'utf8')) as { dir?: string };
      const templates = new Map<string, { subject: string; body: HandlebarsTemplateDelegate }>();
      for (const file of readdirSync(folder)) {
        if (!file.endsWith('.hbs') || file === 'layout.hbs') continue;
        const source = readFileSync(join(folder, file), 'utf8');
        const subject = source.match(SUBJECT)?.[1];
        if (!subject) throw new Error(`${code}/${file} has no subject comment`);
        templates.set(file.slice(0, -4), { subject, body: this.handlebars.compile(source, { strict: false }) });
      }
      this.languages.set(code, {
        code,
        dir: meta.dir === 'rtl' ? 'rtl' : 'ltr',
        layout: this.handlebars.compile(readFileSync(join(folder, 'layout.hbs'), 'utf8')),
        templates,
      });
    }
  }

  private format(value: Date | string | null, options: Handlebars.HelperOptions, style: Intl.DateTimeFormatOptions): string {
    if (!value) return '';
    const root = options.data?.root as { language?: string; centre?: { timezone?: string } } | undefined;
    return dateTimeFormat(root?.language === 'en' ? 'en-GB' : root?.language ?? 'fr-FR', { ...style, timeZone: root?.centre?.timezone ?? 'Europe/Paris' }).format(new Date(value));
  }

  languageCodes(): string[] {
    return [...this.languages.keys()].sort();
  }

  has(type: string, language: string): boolean {
    return this.languages.get(language)?.templates.has(type) ?? false;
  }

  /**
   * The language a person's notice is given in: the first of theirs with a template; else
   * French, then English, and then they need an interpreter to be given it.
   */
  chooseLanguage(type: string, personLanguages: readonly string[]): { language: string; interpreterNeeded: boolean } {
    const own = personLanguages.find((language) => this.has(type, language));
    if (own) return { language: own, interpreterNeeded: false };
    const fallback = FALLBACK_LANGUAGES.find((language) => this.has(type, language));
    if (!fallback) throw new Error(`No template for notice ${type}`);
    return { language: fallback, interpreterNeeded: true };
  }

  /** Renders a notice; user data is escaped by Handlebars, only the layout's body slot is raw. */
  render(type: string, language: string, context: Record<string, unknown>): RenderedNotice {
    const folder = this.languages.get(language);
    const template = folder?.templates.get(type);
    if (!folder || !template) throw new Error(`No template for notice ${type} in ${language}`);
    const data = { ...context, type, language, dir: folder.dir, subject: template.subject };
    const body = template.body(data);
    return { subject: template.subject, html: folder.layout({ ...data, body }) };
  }
}
