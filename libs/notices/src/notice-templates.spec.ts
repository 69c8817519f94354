import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PERSON_NOTICE_TYPES, projectRoot } from '@escale/platform';
import { NoticeTemplates } from './notice-templates.js';

const TEMPLATES = join(projectRoot(), 'libs/notices/templates');

const STAFF_TYPES = [
  'welfare_check_overdue',
  'authority_expiring',
  'authority_expired',
  'medical_report_unanswered',
  'minor_in_removal_centre',
  'age_disputed',
  'legal_limit_passed',
  'alert_escalated',
  'referral_deadline_approaching',
  'caseworker_daily_digest',
  'monthly_report_ready',
];

/** The languages of the people held, and the script each is written in. */
const SCRIPTS: Record<string, 'Latin' | 'Arabic' | 'Ethiopic'> = {
  en: 'Latin',
  fr: 'Latin',
  prs: 'Arabic',
  ps: 'Arabic',
  ar: 'Arabic',
  fa: 'Arabic',
  ckb: 'Arabic',
  kmr: 'Latin',
  ti: 'Ethiopic',
  am: 'Ethiopic',
  vi: 'Latin',
  tr: 'Latin',
  so: 'Latin',
  sq: 'Latin',
};

// Each value is one no template could print by chance: a name, a year, a number of days.
const at = {
  checkedInAt: '2031-01-02T03:04:00Z',
  authorisedUntil: '2032-02-03T04:05:00Z',
  legalLimitAt: '2033-03-04T05:06:00Z',
  asylumClaimWindowEndsAt: '2034-04-05T06:07:00Z',
  issuedAt: '2035-05-06T07:08:00Z',
  transferAt: '2036-06-07T08:09:00Z',
  releaseAt: '2037-07-08T09:10:00Z',
  appealBy: '2038-08-09T10:11:00Z',
};
const TIMEZONE = 'America/Cayenne';
const WINDOW_DAYS = 37;

function sentinelContext(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    audience: 'person',
    translationReviewed: false,
    person: { givenNames: 'Zqgiven', familyName: 'Zqfamily' },
    centre: { name: 'Zqcentre', timezone: TIMEZONE },
    stay: { checkedInAt: at.checkedInAt, authorisedUntil: at.authorisedUntil, legalLimitAt: at.legalLimitAt, asylumClaimWindowEndsAt: at.asylumClaimWindowEndsAt },
    isRemoval: true,
    asylumWindowDays: WINDOW_DAYS,
    issuedAt: at.issuedAt,
    transfer: { toCentreName: 'Zqtarget', at: at.transferAt },
    release: { at: at.releaseAt, reason: 'other' },
    granted: false,
    referral: { nextDeadline: at.appealBy },
    ...overrides,
  };
}

/** Each person notice, in each of its variants, and what it must show from the context. */
const VARIANTS: { type: string; name: string; overrides: Record<string, unknown>; dates: (keyof typeof at)[]; texts: string[]; days?: boolean; deadlineFirst: boolean }[] = [
  { type: 'rights_on_arrival', name: 'removal centre', overrides: { isRemoval: true }, dates: ['checkedInAt', 'authorisedUntil', 'legalLimitAt'], texts: ['Zqcentre'], days: true, deadlineFirst: true },
  { type: 'rights_on_arrival', name: 'reception centre', overrides: { isRemoval: false }, dates: ['checkedInAt', 'legalLimitAt'], texts: ['Zqcentre'], deadlineFirst: false },
  { type: 'asylum_claim_reminder', name: '', overrides: {}, dates: ['asylumClaimWindowEndsAt'], texts: [], deadlineFirst: true },
  { type: 'transfer', name: '', overrides: {}, dates: ['transferAt'], texts: ['Zqcentre', 'Zqtarget'], deadlineFirst: false },
  { type: 'release', name: '', overrides: {}, dates: ['releaseAt'], texts: ['Zqcentre'], deadlineFirst: false },
  { type: 'referral_decision', name: 'granted', overrides: { granted: true }, dates: [], texts: [], deadlineFirst: false },
  { type: 'referral_decision', name: 'refused', overrides: { granted: false }, dates: ['appealBy'], texts: [], deadlineFirst: true },
];

/** The share of the letters of the person's text (staff's French and the sentinels left out) in a script. */
function shareInScript(html: string, script: string): number {
  const text = html
    .replace(/<span lang="fr"[^>]*>[^<]*<\/span>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/Zq[a-z]+/g, ' ')
    .replace(/Cour nationale du droit d’asile|CNDA|préfet/g, ' ');
  const letters = text.match(/\p{L}/gu) ?? [];
  const inScript = letters.filter((letter) => new RegExp(`\\p{Script=${script}}`, 'u').test(letter));
  return inScript.length / letters.length;
}

function copyTemplates(codes: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'notices-'));
  for (const code of codes) cpSync(join(TEMPLATES, code), join(root, code), { recursive: true });
  return root;
}

describe('notice templates', () => {
  const templates = new NoticeTemplates();

  it('has the five person notices in fourteen languages, and staff notices in English and French only', () => {
    expect(templates.languageCodes()).toEqual(Object.keys(SCRIPTS).sort());
    for (const language of templates.languages()) {
      expect({ code: language.code, types: language.types }).toEqual({ code: language.code, types: [...PERSON_NOTICE_TYPES] });
      for (const type of STAFF_TYPES) expect({ type, language: language.code, has: templates.has(type, language.code) }).toEqual({ type, language: language.code, has: ['en', 'fr'].includes(language.code) });
    }
  });

  it('words each person notice in each language of its own, not a copy of another', () => {
    for (const type of PERSON_NOTICE_TYPES) {
      const sources = templates.languageCodes().map((code) => readFileSync(join(TEMPLATES, code, `${type}.hbs`), 'utf8'));
      expect({ type, distinct: new Set(sources).size }).toEqual({ type, distinct: sources.length });
    }
  });

  it('describes each language from its folder: its own name, direction, Gregorian locale, script and a hash of its files', () => {
    expect(templates.language('prs')).toMatchObject({ code: 'prs', name: 'دری', dir: 'rtl', locale: 'fa-AF-u-ca-gregory', script: 'Arab' });
    expect(templates.language('ti')).toMatchObject({ name: 'ትግርኛ', dir: 'ltr', script: 'Ethi' });
    expect(templates.language('en')).toMatchObject({ name: 'English', dir: 'ltr', locale: 'en-GB', script: 'Latn' });
    expect(templates.language('xx')).toBeUndefined();
    const codes = templates.languages().map((language) => language.code);
    expect(codes).toEqual([...codes].sort());
    for (const language of templates.languages()) {
      expect(language.dir).toBe(SCRIPTS[language.code] === 'Arabic' ? 'rtl' : 'ltr');
      expect(language.script).toBe({ Latin: 'Latn', Arabic: 'Arab', Ethiopic: 'Ethi' }[SCRIPTS[language.code]!]);
      expect(new Intl.DateTimeFormat(language.locale).resolvedOptions().calendar).toBe('gregory');
      expect(language.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(templates.languages().map((language) => language.hash)).size).toBe(codes.length);
  });

  for (const code of Object.keys(SCRIPTS)) {
    it(`renders every person notice in ${code} with everything from the context, in its script and direction`, () => {
      const meta = templates.language(code)!;
      const formatted = (key: keyof typeof at, time = true) =>
        new Intl.DateTimeFormat(meta.locale, { dateStyle: 'long', ...(time ? { timeStyle: 'short' } : {}), timeZone: TIMEZONE }).format(new Date(at[key]));
      for (const variant of VARIANTS) {
        const where = `${code}/${variant.type} ${variant.name}`;
        const { subject, html } = templates.render(variant.type, code, sentinelContext(variant.overrides));
        expect({ where, subject: subject.length > 3 && !subject.includes('{{') }).toEqual({ where, subject: true });
        expect({ where, article: html.startsWith(`<article class="notice notice-${variant.type}" lang="${code}" dir="${meta.dir}">`) }).toEqual({ where, article: true });
        const wanted = ['Zqgiven Zqfamily', 'Zqcentre', ...variant.texts, formatted('issuedAt', false), ...variant.dates.map((key) => formatted(key))];
        if (variant.days) wanted.push(new Intl.NumberFormat(meta.locale).format(WINDOW_DAYS));
        expect({ where, missing: wanted.filter((text) => !html.includes(text)) }).toEqual({ where, missing: [] });
        expect({ where, leftovers: html.match(/\{\{|\}\}|undefined|NaN|Invalid Date|null|\[object/g) }).toEqual({ where, leftovers: null });
        expect({ where, script: shareInScript(html, SCRIPTS[code]!) >= 0.6 }).toEqual({ where, script: true });
        // The deadline comes first, before anything else the person reads.
        const firstParagraph = html.slice(html.indexOf('</header>')).replace(/<p class="notice-draft">[\s\S]*?<\/p>/, '').match(/<p[^>]*>/)?.[0];
        expect({ where, deadlineFirst: firstParagraph === '<p class="notice-deadline">' }).toEqual({ where, deadlineFirst: variant.deadlineFirst });
      }
    });
  }

  it('dates the rights notice’s asylum window from the hand-over, not from arrival: no end date, the days and the box', () => {
    for (const code of templates.languageCodes()) {
      const { html } = templates.render('rights_on_arrival', code, sentinelContext());
      const locale = templates.language(code)!.locale;
      const windowEnd = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: TIMEZONE }).format(new Date(at.asylumClaimWindowEndsAt));
      expect({ code, windowEnd: html.includes(windowEnd) }).toEqual({ code, windowEnd: false });
      expect({ code, handover: html.includes('<section class="notice-handover">') }).toEqual({ code, handover: true });
    }
    const english = templates.render('rights_on_arrival', 'en', sentinelContext({ asylumWindowDays: undefined })).html;
    expect(english).toContain('You have 5 days to ask for asylum.</strong> The 5 days start when you receive this paper. Staff write the date and time below.');
    expect(templates.render('rights_on_arrival', 'fa', sentinelContext({ asylumWindowDays: 5 })).html).toContain('شما ۵ روز فرصت دارید');
  });

  it('marks an unreviewed translation in its language and in French, and gives every person notice the hand-over box', () => {
    const draft = templates.render('transfer', 'ps', sentinelContext({ translationReviewed: false })).html;
    expect(draft).toMatch(/<p class="notice-draft">[^<]+<span lang="fr" dir="ltr">Traduction non relue\u202f: à remettre avec un interprète\.<\/span><\/p>/);
    expect(draft).toContain('<span lang="fr" dir="ltr">Remis le</span>');
    const reviewed = templates.render('transfer', 'ps', sentinelContext({ translationReviewed: true })).html;
    expect(reviewed).not.toContain('notice-draft');
    expect(reviewed).toContain('<section class="notice-handover">');
    const french = templates.render('release', 'fr', sentinelContext({ translationReviewed: true })).html;
    expect(french).not.toContain('notice-draft');
    expect(french).toMatch(/<dt>Remis le<\/dt>/);
    // A staff notice is no person's: neither warning nor box.
    const staff = templates.render('legal_limit_passed', 'en', { centre: { name: 'Zqcentre', timezone: TIMEZONE }, issuedAt: at.issuedAt, bed: { label: 'B1', unit: 'U' }, alert: { dueAt: at.legalLimitAt } }).html;
    expect(staff).not.toContain('notice-draft');
    expect(staff).not.toContain('notice-handover');
  });

  it('renders the rights notice with the person, the clocks in Paris time, and escapes names', () => {
    const context = sentinelContext({ person: { givenNames: 'Ali Reza', familyName: '<b>Hosseini</b>' }, centre: { name: 'CRA de Lille-Lesquin', timezone: 'Europe/Paris' }, stay: { checkedInAt: '2026-11-20T21:40:00Z', authorisedUntil: '2026-11-24T21:40:00Z', legalLimitAt: '2027-02-18T21:40:00Z' }, asylumWindowDays: 5 });
    const { subject, html } = templates.render('rights_on_arrival', 'en', context);
    expect(subject).toBe('Your rights in this centre');
    expect(html).toContain('Ali Reza &lt;b&gt;Hosseini&lt;/b&gt;, you arrived at CRA de Lille-Lesquin on 20 November 2026 at 22:40.');
    expect(html).toContain('held here until 24 November 2026 at 22:40');
    expect(templates.render('rights_on_arrival', 'ar', context).html).toContain('Ali Reza &lt;b&gt;Hosseini&lt;/b&gt;');
    const french = templates.render('rights_on_arrival', 'fr', context);
    expect(french.subject).toBe('Vos droits dans ce centre');
    expect(french.html).toContain('le 20 novembre 2026 à 22:40');
  });

  it('dates each notice in its own locale, Gregorian calendar and centre time zone, whatever was rendered before', () => {
    const dated = (language: string, timezone: string) =>
      templates.render('release', language, sentinelContext({ centre: { name: 'Zqcentre', timezone }, release: { at: '2026-11-20T21:40:00Z' } })).html;
    for (let round = 0; round < 2; round += 1) {
      expect(dated('en', 'Europe/Paris')).toContain('20 November 2026 at 22:40');
      expect(dated('en', 'America/Cayenne')).toContain('20 November 2026 at 18:40');
      expect(dated('fr', 'America/Cayenne')).toContain('20 novembre 2026 à 18:40');
      // Persian and Dari: Gregorian months and years, Persian digits, 24-hour clock.
      expect(dated('fa', 'Europe/Paris')).toContain('۲۰ نوامبر ۲۰۲۶ ساعت ۲۲:۴۰');
      expect(dated('prs', 'Europe/Paris')).toContain('۲۰ نومبر ۲۰۲۶ ساعت ۲۲:۴۰');
      expect(dated('ps', 'Europe/Paris')).toContain('۲۰۲۶');
      expect(dated('ar', 'Europe/Paris')).toContain('20 نوفمبر 2026 في 22:40');
      expect(dated('am', 'Europe/Paris')).toContain('20 ኖቬምበር 2026 22:40');
      expect(dated('tr', 'Europe/Paris')).toContain('20 Kasım 2026 22:40');
    }
  });

  it('chooses a reviewed language of the person’s first, then a draft of theirs, then French or English, with an interpreter unless reviewed', () => {
    const sources = new Set(['fr', 'en']);
    // 1. The first of theirs with a reviewed template.
    expect(templates.chooseLanguage('rights_on_arrival', ['ps', 'en', 'fr'], new Set([...sources, 'ps']))).toEqual({ language: 'ps', interpreterNeeded: false, translationReviewed: true, choice: 'reviewed' });
    expect(templates.chooseLanguage('rights_on_arrival', ['ps', 'en', 'fr'], sources)).toEqual({ language: 'en', interpreterNeeded: false, translationReviewed: true, choice: 'reviewed' });
    // 2. Else the first of theirs with a draft, and an interpreter to give it.
    expect(templates.chooseLanguage('rights_on_arrival', ['wo', 'ps', 'fa'], sources)).toEqual({ language: 'ps', interpreterNeeded: true, translationReviewed: false, choice: 'draft' });
    // 3. Else French, then English, whichever is reviewed; French when neither is.
    expect(templates.chooseLanguage('rights_on_arrival', ['wo', 'ln'], sources)).toEqual({ language: 'fr', interpreterNeeded: true, translationReviewed: true, choice: 'fallback' });
    expect(templates.chooseLanguage('rights_on_arrival', [], new Set(['en']))).toEqual({ language: 'en', interpreterNeeded: true, translationReviewed: true, choice: 'fallback' });
    expect(templates.chooseLanguage('rights_on_arrival', ['wo'], new Set())).toEqual({ language: 'fr', interpreterNeeded: true, translationReviewed: false, choice: 'fallback' });
  });

  it('takes another language as one more folder, with its notices, and falls back for a notice it lacks', () => {
    const root = copyTemplates(['en', 'fr', 'so']);
    cpSync(join(TEMPLATES, 'so'), join(root, 'xx'), { recursive: true });
    rmSync(join(root, 'xx/release.hbs'));
    writeFileSync(join(root, 'xx/meta.json'), JSON.stringify({ name: 'Xx', dir: 'rtl', locale: 'so-u-hc-h23', script: 'Latn' }));
    const withXx = new NoticeTemplates(root);
    expect(withXx.languageCodes()).toEqual(['en', 'fr', 'so', 'xx']);
    expect(withXx.language('xx')).toMatchObject({ code: 'xx', name: 'Xx', dir: 'rtl', types: ['rights_on_arrival', 'asylum_claim_reminder', 'referral_decision', 'transfer'] });
    expect(withXx.render('transfer', 'xx', sentinelContext()).html).toMatch(/^<article class="notice notice-transfer" lang="xx" dir="rtl">/);
    expect(withXx.chooseLanguage('transfer', ['xx'], new Set(['fr', 'en', 'xx']))).toMatchObject({ language: 'xx', choice: 'reviewed' });
    expect(withXx.chooseLanguage('release', ['xx', 'so'], new Set(['fr', 'en']))).toMatchObject({ language: 'so', choice: 'draft' });
    expect(withXx.chooseLanguage('release', ['xx'], new Set(['fr', 'en']))).toMatchObject({ language: 'fr', choice: 'fallback' });
    process.env.NOTICE_TEMPLATES_DIR = root;
    try {
      expect(new NoticeTemplates().languageCodes()).toEqual(['en', 'fr', 'so', 'xx']);
    } finally {
      delete process.env.NOTICE_TEMPLATES_DIR;
    }
    // The same files make the same hash; any change to one makes another.
    expect(withXx.language('so')!.hash).toBe(templates.language('so')!.hash);
    appendFileSync(join(root, 'so/transfer.hbs'), '<p>.</p>\n');
    expect(new NoticeTemplates(root).language('so')!.hash).not.toBe(templates.language('so')!.hash);
  });

  it('refuses to start with a template that would print a broken notice', () => {
    const broken = (file: string, change: (source: string) => string) => {
      const root = copyTemplates(['en', 'fr', 'sq']);
      writeFileSync(join(root, 'sq', file), change(readFileSync(join(root, 'sq', file), 'utf8')));
      return () => new NoticeTemplates(root);
    };
    expect(broken('referral_decision.hbs', (source) => source.replace('{{/if}}', ''))).toThrow(/sq\/referral_decision\.hbs/);
    expect(broken('release.hbs', (source) => source.replace('</p>', ''))).toThrow(/sq\/release\.hbs: <p> not closed/);
    expect(broken('transfer.hbs', (source) => source.replace('</strong>', '</b>'))).toThrow(/sq\/transfer\.hbs: <\/b> closes nothing open/);
    expect(broken('layout.hbs', (source) => source.replace('<h1>{{subject}}</h1>', '<h1 {{subject}}</h1>'))).toThrow(/sq\/layout\.hbs/);
    expect(broken('asylum_claim_reminder.hbs', (source) => source.replace(/^\{\{!--.*--\}\}\n/, ''))).toThrow('sq/asylum_claim_reminder.hbs has no subject comment');
    // Intl writes Solar Hijri dates for Persian unless told the calendar.
    expect(broken('meta.json', (source) => source.replace('sq-u-hc-h23', 'fa'))).toThrow(/locale "fa" does not write Gregorian dates/);
    expect(broken('meta.json', (source) => source.replace('"ltr"', '"down"'))).toThrow(/"dir" must be/);
  });
});
