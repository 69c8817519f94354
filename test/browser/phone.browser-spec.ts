// The pages staff and caseworkers use on their feet, on a phone 390 px wide: nothing scrolls
// sideways, the header stays small with its navigation behind a menu button, and the main
// actions are on the screen.
import type { Page } from 'playwright-core';
import { logIn, msg, waitForLanguage, type BrowserHarness } from './browser-support.js';
import { startSeededCentre, type SeededCentre } from './seeded-centre.js';

const PHONE = { width: 390, height: 844 };

/** How wide the document is, against the screen: more means the page scrolls sideways. */
const documentWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** The header's height as a share of the screen's. */
const headerShare = async (page: Page) => (await page.locator('.site-header').boundingBox())!.height / PHONE.height;

describe('Phones: the board, welfare board, check-in, roster, agenda and notices at 390 px (browser)', () => {
  let seed: SeededCentre;
  let h: BrowserHarness;

  beforeAll(async () => {
    seed = await startSeededCentre();
    h = seed.h;
  }, 120_000);
  afterEach(() => h.closeContexts());
  afterAll(() => seed?.close());

  async function onPhone(role: 'staff' | 'caseworker', locale: 'en' | 'fr' = 'en'): Promise<Page> {
    const { page } = await h.newPage({ viewport: PHONE, locale: locale === 'fr' ? 'fr-FR' : 'en-GB' });
    await logIn(page, seed.logins[role].email, seed.logins[role].password);
    await waitForLanguage(page, locale);
    return page;
  }

  it('keeps every page within the screen’s width, in English and French, with a header under 15 % of its height', async () => {
    const { reception, ids } = seed;
    const paths = {
      staff: [`/centres/${reception.id}/board`, `/centres/${reception.id}/welfare`, `/centres/${reception.id}/check-in`, `/interceptions/${ids.interceptionId}/roster`, '/agenda', `/centres/${reception.id}/notices`],
      caseworker: ['/agenda', `/cases/${ids.caseId}`],
    };
    const wide: string[] = [];
    for (const locale of ['en', 'fr'] as const) {
      for (const role of ['staff', 'caseworker'] as const) {
        const page = await onPhone(role, locale);
        for (const path of paths[role]) {
          expect((await page.goto(path))?.status()).toBe(200);
          const width = await documentWidth(page);
          if (width > PHONE.width) wide.push(`${locale} ${role} ${path}: ${width} px`);
          const share = await headerShare(page);
          if (share > 0.15) wide.push(`${locale} ${role} ${path}: header ${Math.round(share * 100)} % of the screen`);
        }
      }
    }
    expect(wide).toEqual([]);
  }, 120_000);

  it('folds the navigation behind a menu button that the keyboard opens and closes', async () => {
    const page = await onPhone('staff');
    const toggle = page.getByRole('button', { name: msg('en', 'nav.menu') });
    const nav = page.getByRole('navigation', { name: msg('en', 'nav.main') });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.isVisible()).toBe(false);
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await nav.getByRole('link', { name: msg('en', 'nav.agenda') }).isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await nav.isVisible()).toBe(false);

    // At a desktop's width there is no menu button: the navigation is always shown.
    await page.setViewportSize({ width: 1366, height: 900 });
    expect(await toggle.isVisible()).toBe(false);
    expect(await nav.isVisible()).toBe(true);
  });

  it('shows “Seen well” on the welfare board without scrolling sideways', async () => {
    const page = await onPhone('staff');
    await page.goto(`/centres/${seed.reception.id}/welfare`);
    const seenWell = page.getByRole('button', { name: msg('en', 'welfareBoard.seenWell') }).first();
    const box = (await seenWell.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await seenWell.click();
    await page.getByRole('status').waitFor();
  });
});
