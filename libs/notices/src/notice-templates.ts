import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { dateTimeFormat, PERSON_NOTICE_TYPES, projectRoot } from '@escale/platform';

export interface RenderedNotice {
  subject: string;
  html: string;
}

export interface NoticeLanguage {
  code: string;
  name: string;
  dir: 'ltr' | 'rtl';
  locale: string;
  script: string;
  /** The person notice types it has. */
  types: string[];
  /** A hash of the folder's files: a review is of this text. */
  hash: string;
}
export type LanguageChoice = 'reviewed' | 'draft' | 'fallback';

interface LanguageFolder {
  code: string;
  dir: 'ltr' | 'rtl';
  meta: NoticeLanguage;
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
  private readonly folders = new Map<string, LanguageFolder>();
  private readonly handlebars = Handlebars.create();

  constructor(root = process.env.NOTICE_TEMPLATES_DIR || join(projectRoot(), 'libs/notices/templates')) {
    this.handlebars.registerHelper('date', (value: Date | string | null, options: Handlebars.HelperOptions) => this.format(value, options, { dateStyle: 'long' }));
    this.handlebars.registerHelper('datetime', (value: Date | string | null, options: Handlebars.HelperOptions) => this.format(value, options, { dateStyle: 'long', timeStyle: 'short' }));
    for (const code of readdirSync(root)) {
      const folder = join(root, code);
      if (!existsSync(join(folder, 'meta.json'))) continue;
      const meta = JSON.parse(readFileSync(join(folder, 'meta.json'), 'utf8')) as { name?: string; dir?: string; locale?: string; script?: string };
      const templates = new Map<string, { subject: string; body: HandlebarsTemplateDelegate }>();
      const hash = createHash('sha256');
      for (const file of readdirSync(folder).sort()) {
        hash.update(`${file}\0${readFileSync(join(folder, file))}\0`);
        if (!file.endsWith('.hbs') || file === 'layout.hbs') continue;
        const source = readFileSync(join(folder, file), 'utf8');
        const subject = source.match(SUBJECT)?.[1];
        if (!subject) throw new Error(`${code}/${file} has no subject comment`);
        templates.set(file.slice(0, -4), { subject, body: this.handlebars.compile(source, { strict: false }) });
      }
      const dir = meta.dir === 'rtl' ? 'rtl' : 'ltr';
      this.folders.set(code, {
        code,
        dir,
        meta: {
          code,
          name: meta.name ?? code,
          dir,
          locale: meta.locale ?? code,
          script: meta.script ?? 'Latn',
          types: PERSON_NOTICE_TYPES.filter((type) => templates.has(type)),
          hash: hash.digest('hex'),
        },
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

  languages(): NoticeLanguage[] {
    return this.languageCodes().map((code) => this.folders.get(code)!.meta);
  }

  language(code: string): NoticeLanguage | undefined {
    return this.folders.get(code)?.meta;
  }

  languageCodes(): string[] {
    return [...this.folders.keys()].sort();
  }

  has(type: string, language: string): boolean {
    return this.folders.get(language)?.templates.has(type) ?? false;
  }

  /**
   * The language a person's notice is given in: the first of theirs (best first) with a reviewed
   * template; else the first of theirs with a draft, handed over with an interpreter; else the
   * first reviewed fallback, with an interpreter.
   */
  chooseLanguage(type: string, personLanguages: readonly string[], reviewed: ReadonlySet<string>): { language: string; interpreterNeeded: boolean; translationReviewed: boolean; choice: LanguageChoice } {
    const own = personLanguages.find((language) => this.has(type, language) && reviewed.has(language));
    if (own) return { language: own, interpreterNeeded: false, translationReviewed: true, choice: 'reviewed' };
    const draft = personLanguages.find((language) => this.has(type, language));
    if (draft) return { language: draft, interpreterNeeded: true, translationReviewed: false, choice: 'draft' };
    const fallback = FALLBACK_LANGUAGES.find((language) => this.has(type, language) && reviewed.has(language)) ?? FALLBACK_LANGUAGES.find((language) => this.has(type, language));
    if (!fallback) throw new Error(`No template for notice ${type}`);
    return { language: fallback, interpreterNeeded: true, translationReviewed: reviewed.has(fallback), choice: 'fallback' };
  }

  /** Renders a notice; user data is escaped by Handlebars, only the layout's body slot is raw. */
  render(type: string, language: string, context: Record<string, unknown>): RenderedNotice {
    const folder = this.folders.get(language);
    const template = folder?.templates.get(type);
    if (!folder || !template) throw new Error(`No template for notice ${type} in ${language}`);
    const data = { ...context, type, language, dir: folder.dir, subject: template.subject };
    const body = template.body(data);
    return { subject: template.subject, html: folder.layout({ ...data, body }) };
  }
}
