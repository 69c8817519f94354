import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '@escale/platform';
import { NoticeTemplates } from './notice-templates.js';

const TYPES = [
  'rights_on_arrival',
  'asylum_claim_reminder',
  'referral_decision',
  'transfer',
  'release',
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

const context = {
  person: { givenNames: 'Ali Reza', familyName: '<b>Hosseini</b>' },
  centre: { name: 'CRA de Lille-Lesquin', timezone: 'Europe/Paris' },
  stay: { checkedInAt: '2026-11-20T21:40:00Z', authorisedUntil: '2026-11-24T21:40:00Z', legalLimitAt: '2027-02-18T21:40:00Z', asylumClaimWindowEndsAt: '2026-11-25T21:40:00Z' },
  isRemoval: true,
  issuedAt: '2026-11-20T21:45:00Z',
};

describe('notice templates', () => {
  const templates = new NoticeTemplates();

  it('has every notice in English and in French', () => {
    for (const type of TYPES) {
      expect({ type, en: templates.has(type, 'en'), fr: templates.has(type, 'fr') }).toEqual({ type, en: true, fr: true });
    }
  });

  it('renders the rights notice with the person, the clocks in Paris time, and escapes names', () => {
    const { subject, html } = templates.render('rights_on_arrival', 'en', context);
    expect(subject).toBe('Your rights in this centre');
    expect(html).toContain('Ali Reza &lt;b&gt;Hosseini&lt;/b&gt;');
    expect(html).toContain('25 November 2026 at 22:40');
    expect(html).toContain('lang="en" dir="ltr"');
    const french = templates.render('rights_on_arrival', 'fr', context);
    expect(french.subject).toBe('Vos droits dans ce centre');
    expect(french.html).toContain('25 novembre 2026');
  });

  it('dates each notice in its own language and centre time zone, whatever was rendered before', () => {
    const at = (language: string, timezone: string) => templates.render('rights_on_arrival', language, { ...context, centre: { ...context.centre, timezone } }).html;
    for (let round = 0; round < 2; round += 1) {
      expect(at('en', 'Europe/Paris')).toContain('20 November 2026 at 22:40');
      expect(at('en', 'America/Cayenne')).toContain('20 November 2026 at 18:40');
      expect(at('fr', 'America/Cayenne')).toContain('20 novembre 2026 à 18:40');
      expect(at('fr', 'Europe/Paris')).toContain('20 novembre 2026 à 22:40');
    }
  });

  it('chooses the first of the person’s languages with a template, else French then English with an interpreter', () => {
    expect(templates.chooseLanguage('rights_on_arrival', ['ps', 'en', 'fr'])).toEqual({ language: 'en', interpreterNeeded: false });
    expect(templates.chooseLanguage('rights_on_arrival', ['fr'])).toEqual({ language: 'fr', interpreterNeeded: false });
    expect(templates.chooseLanguage('rights_on_arrival', ['ps', 'fa'])).toEqual({ language: 'fr', interpreterNeeded: true });
  });

  it('takes another language as one more folder, right-to-left included', () => {
    const root = mkdtempSync(join(tmpdir(), 'notices-'));
    cpSync(join(projectRoot(), 'libs/notices/templates/en'), join(root, 'en'), { recursive: true });
    mkdirSync(join(root, 'ar'));
    writeFileSync(join(root, 'ar/meta.json'), '{"name": "العربية", "dir": "rtl"}');
    writeFileSync(join(root, 'ar/layout.hbs'), '<article lang="{{language}}" dir="{{dir}}"><h1>{{subject}}</h1>{{{body}}}</article>');
    writeFileSync(join(root, 'ar/rights_on_arrival.hbs'), '{{!-- subject: حقوقك في هذا المركز --}}\n<p>{{person.givenNames}}</p>');
    const withArabic = new NoticeTemplates(root);
    expect(withArabic.chooseLanguage('rights_on_arrival', ['ar', 'fr'])).toEqual({ language: 'ar', interpreterNeeded: false });
    const { html } = withArabic.render('rights_on_arrival', 'ar', context);
    expect(html).toBe('<article lang="ar" dir="rtl"><h1>حقوقك في هذا المركز</h1><p>Ali Reza</p></article>');
    // A language without this notice falls back.
    expect(withArabic.chooseLanguage('release', ['ar'])).toEqual({ language: 'en', interpreterNeeded: true });
  });
});
