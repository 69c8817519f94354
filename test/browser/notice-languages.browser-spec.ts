// The rights notice of each language as Chromium prints it with notice.css: its direction,
// and the Noto font its script's glyphs come from (a missing glyph would come from another
// font, or be a box). Screenshots and PDFs go to test-results/notices/ to look at.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { projectRoot } from '@escale/platform';
import { NoticeTemplates } from '@escale/notices';
import { CHROMIUM_PATH } from './browser-support.js';

const OUTPUT = join(projectRoot(), 'test-results/notices');
const FONTS: Record<string, string> = { Arab: 'Noto Naskh Arabic', Ethi: 'Noto Sans Ethiopic', Latn: 'Noto Sans' };

const context = (translationReviewed: boolean) => ({
  audience: 'person',
  translationReviewed,
  person: { givenNames: 'Mohammad Karim', familyName: 'Ahmadzai' },
  centre: { name: 'CRA de Coquelles', timezone: 'Europe/Paris' },
  stay: { checkedInAt: '2026-11-20T21:40:00Z', authorisedUntil: '2026-11-24T21:40:00Z', legalLimitAt: '2027-02-18T21:40:00Z', asylumClaimWindowEndsAt: '2026-11-26T09:15:00Z' },
  isRemoval: true,
  asylumWindowDays: 5,
  issuedAt: '2026-11-20T21:45:00Z',
});

/** The families Chromium drew a node's text with, by the DevTools protocol. */
async function fontsOf(cdp: CDPSession, selector: string): Promise<string[]> {
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  return fonts.filter((font) => font.glyphCount > 0).map((font) => font.familyName);
}

const pageCount = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0;

describe('notices in the people’s languages, printed (browser)', () => {
  const templates = new NoticeTemplates();
  const css = readFileSync(join(projectRoot(), 'apps/server/public/notice.css'), 'utf8');
  const sheet = (body: string) => `<!doctype html><html><head><meta charset="utf-8"><title>Notice</title><style>${css}</style></head><body>${body}</body></html>`;
  let browser: Browser;
  let page: Page;
  // One session for the page's life: detaching one ends the print emulation.
  let cdp: CDPSession;

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH });
    page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
    await page.emulateMedia({ media: 'print' });
    cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const language of new NoticeTemplates().languages()) {
    it(`prints the rights notice in ${language.code} (${language.name}) ${language.dir}, in ${FONTS[language.script]}`, async () => {
      const reviewed = ['en', 'fr'].includes(language.code);
      await page.setContent(sheet(templates.render('rights_on_arrival', language.code, context(reviewed)).html));
      const article = page.locator('article.notice');
      expect(await article.getAttribute('lang')).toBe(language.code);
      const style = await article.evaluate((element) => ({ direction: getComputedStyle(element).direction, textAlign: getComputedStyle(element).textAlign }));
      expect(style).toEqual(language.script === 'Arab' ? { direction: 'rtl', textAlign: 'right' } : { direction: 'ltr', textAlign: expect.stringMatching(/^(start|left)$/) });
      // The person's text comes from the script's Noto font alone; staff's French from Noto Sans, left to right.
      expect(await fontsOf(cdp, 'article.notice ul > li')).toEqual([FONTS[language.script]]);
      // Digits may come from Noto Sans (Noto Sans Ethiopic has none), but from no other font.
      const deadline = await fontsOf(cdp, 'article.notice .notice-deadline > strong');
      expect(deadline).toContain(FONTS[language.script]);
      expect(deadline.filter((family) => family !== FONTS[language.script] && family !== 'Noto Sans')).toEqual([]);
      expect(await page.locator('.notice-draft').count()).toBe(reviewed ? 0 : 1);
      if (!reviewed) {
        const french = page.locator('.notice-draft span[lang="fr"]');
        expect(await french.evaluate((element) => getComputedStyle(element).direction)).toBe('ltr');
        expect(await fontsOf(cdp, '.notice-draft span[lang="fr"]')).toEqual(['Noto Sans']);
      }
      expect(await page.locator('.notice-handover dd').count()).toBe(5);
      expect(await page.locator('.notice-handover').isVisible()).toBe(true);
      // As printed: no sheet around the notice.
      expect(await article.evaluate((element) => getComputedStyle(element).borderTopWidth)).toBe('0px');
      await page.screenshot({ path: join(OUTPUT, `rights_on_arrival.${language.code}.png`), fullPage: true });
      const pdf = await page.pdf({ format: 'A4' });
      writeFileSync(join(OUTPUT, `rights_on_arrival.${language.code}.pdf`), pdf);
      expect(pageCount(pdf)).toBeGreaterThanOrEqual(1);
    });
  }

  it('prints each notice of a batch on pages of its own', async () => {
    const one = async (html: string) => {
      await page.setContent(sheet(html));
      return pageCount(await page.pdf({ format: 'A4' }));
    };
    const rights = templates.render('rights_on_arrival', 'fa', context(false)).html;
    const reminder = templates.render('asylum_claim_reminder', 'fa', context(false)).html;
    const [alone, together] = [(await one(rights)) + (await one(reminder)), await one(rights + reminder)];
    expect(together).toBe(alone);
    expect(together).toBeGreaterThanOrEqual(2);
  });
});
