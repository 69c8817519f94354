import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { dateTimeFormat, numberFormat, parseConfig, PERSON_NOTICE_TYPES, projectRoot } from '@escale/platform';

export interface RenderedNotice {
  subject: string;
  html: string;
}

/** A language with notice templates, as its folder describes it. */
export interface NoticeLanguage {
  code: string;
  /** The language's own name for itself. */
  name: string;
  dir: 'ltr' | 'rtl';
  /** The Intl locale its dates and numbers are written in (always the Gregorian calendar). */
  locale: string;
  /** ISO 15924 code of its script: Latn, Arab, Ethi. */
  script: string;
  /** The person notice types it has a template for. */
  types: string[];
  /** sha256 over the folder's file names and contents: a review is of these exact templates. */
  hash: string;
}

export type LanguageChoice = 'reviewed' | 'draft' | 'fallback';

export interface NoticeLanguageChoice {
  language: string;
  interpreterNeeded: boolean;
  translationReviewed: boolean;
  choice: LanguageChoice;
}

interface LanguageFolder extends NoticeLanguage {
  layout: HandlebarsTemplateDelegate;
  templates: Map<string, { subject: string; body: HandlebarsTemplateDelegate }>;
}

const SUBJECT = /^\{\{!--\s*subject:\s*(.+?)\s*--\}\}/;
export const FALLBACK_LANGUAGES = ['fr', 'en'] as const;
/** CESEDA L754-1: five days to claim asylum in a removal centre, unless the caller says otherwise. */
const DEFAULT_ASYLUM_WINDOW_DAYS = 5;
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/**
 * Throws when a template's HTML does not close what it opens, so that a mistyped translation
 * stops start-up rather than printing a broken notice. Each branch of a block must balance.
 */
function checkMarkup(source: string, where: string): void {
  const html = source.replace(/\{\{!--[\s\S]*?--\}\}/g, '').replace(/\{\{\{?[\s\S]*?\}?\}\}/g, '');
  const open: string[] = [];
  for (const [tag, closing, rawName] of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*>/g)) {
    const name = rawName!.toLowerCase();
    if (VOID_ELEMENTS.has(name) || tag.endsWith('/>')) continue;
    if (!closing) open.push(name);
    else if (open.pop() !== name) throw new Error(`${where}: ${tag} closes nothing open`);
  }
  if (open.length) throw new Error(`${where}: <${open.join('>, <')}> not closed`);
  if (/<(?![a-zA-Z/!])|<[^>]*(<|$)/.test(html)) throw new Error(`${where}: a stray "<"`);
}

function readMeta(folder: string, code: string): Pick<NoticeLanguage, 'name' | 'dir' | 'locale' | 'script'> {
  const meta = JSON.parse(readFileSync(join(folder, 'meta.json'), 'utf8')) as Record<string, unknown>;
  const { name, dir, locale, script } = meta;
  if (typeof name !== 'string' || !name.trim()) throw new Error(`${code}/meta.json: "name" is missing`);
  if (dir !== 'ltr' && dir !== 'rtl') throw new Error(`${code}/meta.json: "dir" must be "ltr" or "rtl"`);
  if (typeof script !== 'string' || !/^[A-Z][a-z]{3}$/.test(script)) throw new Error(`${code}/meta.json: "script" must be an ISO 15924 code such as "Latn"`);
  if (typeof locale !== 'string' || !locale) throw new Error(`${code}/meta.json: "locale" is missing`);
  // Intl writes Persian, Dari and Pashto dates in the Solar Hijri calendar unless told otherwise.
  if (new Intl.DateTimeFormat(locale).resolvedOptions().calendar !== 'gregory') {
    throw new Error(`${code}/meta.json: locale "${locale}" does not write Gregorian dates (add -u-ca-gregory)`);
  }
  return { name, dir, locale, script };
}

/** sha256 over the folder's files, by name, so that any change to any of them changes it. */
function folderHash(folder: string, files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update('\0').update(readFileSync(join(folder, file))).update('\0');
  return hash.digest('hex');
}

/**
 * The notice templates: one folder per language under libs/notices/templates, each with a
 * meta.json ({"name", "dir", "locale", "script"}), a layout and one file per notice type.
 * Another language is another folder, with no change to the code.
 */
export class NoticeTemplates {
  private readonly folders = new Map<string, LanguageFolder>();
  private readonly handlebars = Handlebars.create();

  /** `root` defaults to NOTICE_TEMPLATES_DIR, read through the config: the templates are made outside Nest's injection. */
  constructor(root = parseConfig(process.env).noticeTemplatesDir ?? join(projectRoot(), 'libs/notices/templates')) {
    this.handlebars.registerHelper('date', (value: unknown, options: Handlebars.HelperOptions) => this.formatDate(value, options, { dateStyle: 'long' }));
    this.handlebars.registerHelper('datetime', (value: unknown, options: Handlebars.HelperOptions) => this.formatDate(value, options, { dateStyle: 'long', timeStyle: 'short' }));
    this.handlebars.registerHelper('number', (value: unknown, options: Handlebars.HelperOptions) => numberFormat(this.localeOf(options)).format(Number(value)));
    this.handlebars.registerHelper('eq', (left: unknown, right: unknown) => left === right);
    for (const code of readdirSync(root).sort()) {
      const folder = join(root, code);
      if (!existsSync(join(folder, 'meta.json'))) continue;
      const meta = readMeta(folder, code);
      const files = readdirSync(folder).filter((file) => statSync(join(folder, file)).isFile()).sort();
      if (!files.includes('layout.hbs')) throw new Error(`${code} has no layout.hbs`);
      const templates = new Map<string, { subject: string; body: HandlebarsTemplateDelegate }>();
      for (const file of files) {
        if (!file.endsWith('.hbs') || file === 'layout.hbs') continue;
        const source = readFileSync(join(folder, file), 'utf8');
        const subject = source.match(SUBJECT)?.[1];
        if (!subject) throw new Error(`${code}/${file} has no subject comment`);
        templates.set(file.slice(0, -4), { subject, body: this.compile(source, `${code}/${file}`) });
      }
      this.folders.set(code, {
        code,
        ...meta,
        types: PERSON_NOTICE_TYPES.filter((type) => templates.has(type)),
        hash: folderHash(folder, files),
        layout: this.compile(readFileSync(join(folder, 'layout.hbs'), 'utf8'), `${code}/layout.hbs`),
        templates,
      });
    }
  }

  /** Compiles at once: Handlebars would otherwise find a syntax error only at the first render. */
  private compile(source: string, where: string): HandlebarsTemplateDelegate {
    try {
      this.handlebars.parse(source);
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
    checkMarkup(source, where);
    return this.handlebars.compile(source, { strict: false });
  }

  private localeOf(options: Handlebars.HelperOptions): string {
    const root = options.data?.root as { language?: string } | undefined;
    return this.folders.get(root?.language ?? '')?.locale ?? 'fr-FR';
  }

  private formatDate(value: unknown, options: Handlebars.HelperOptions, style: Intl.DateTimeFormatOptions): string {
    if (value === null || value === undefined || value === '') return '';
    const root = options.data?.root as { centre?: { timezone?: string } } | undefined;
    return dateTimeFormat(this.localeOf(options), { ...style, timeZone: root?.centre?.timezone ?? 'Europe/Paris' }).format(new Date(value as string | Date));
  }

  /** The languages with templates, by code. */
  languages(): NoticeLanguage[] {
    return this.languageCodes().map((code) => this.language(code)!);
  }

  language(code: string): NoticeLanguage | undefined {
    const folder = this.folders.get(code);
    if (!folder) return undefined;
    const { name, dir, locale, script, types, hash } = folder;
    return { code, name, dir, locale, script, types: [...types], hash };
  }

  languageCodes(): string[] {
    return [...this.folders.keys()].sort();
  }

  has(type: string, language: string): boolean {
    return this.folders.get(language)?.templates.has(type) ?? false;
  }

  /**
   * The language a person's notice is given in (CESEDA L744-4: one they understand). The first
   * of theirs with a reviewed template; else the first of theirs with a draft, handed over with
   * an interpreter; else French, then English, with an interpreter.
   * `reviewed`: the codes whose current templates a qualified translator has reviewed.
   */
  chooseLanguage(type: string, personLanguages: readonly string[], reviewed: ReadonlySet<string>): NoticeLanguageChoice {
    const own = personLanguages.find((language) => this.has(type, language) && reviewed.has(language));
    if (own) return { language: own, interpreterNeeded: false, translationReviewed: true, choice: 'reviewed' };
    const draft = personLanguages.find((language) => this.has(type, language));
    if (draft) return { language: draft, interpreterNeeded: true, translationReviewed: false, choice: 'draft' };
    const fallback = FALLBACK_LANGUAGES.find((language) => this.has(type, language) && reviewed.has(language)) ?? 'fr';
    return { language: fallback, interpreterNeeded: true, translationReviewed: reviewed.has(fallback), choice: 'fallback' };
  }

  /**
   * Renders a notice; user data is escaped by Handlebars, only the layout's body slot is raw.
   * A person notice (`audience: 'person'`) carries the hand-over box, and the draft warning
   * unless `translationReviewed` is true.
   */
  render(type: string, language: string, context: Record<string, unknown>): RenderedNotice {
    const folder = this.folders.get(language);
    const template = folder?.templates.get(type);
    if (!folder || !template) throw new Error(`No template for notice ${type} in ${language}`);
    const data = {
      ...context,
      asylumWindowDays: context.asylumWindowDays ?? DEFAULT_ASYLUM_WINDOW_DAYS,
      type,
      language,
      dir: folder.dir,
      subject: template.subject,
    };
    const body = template.body(data);
    return { subject: template.subject, html: folder.layout({ ...data, body }) };
  }
}
