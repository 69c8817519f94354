import type { Page } from 'playwright-core';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  DEFAULT_PASSWORD,
  createUser,
  eventually,
  focused,
  headingText,
  logIn,
  msg,
  settle,
  startBrowserHarness,
  waitForPath,
  watchForProblems,
  type BrowserHarness,
} from './browser-support.js';

/** Where the skip link is drawn: off-screen until it has the focus. */
const skipLinkBox = async (page: Page) => (await page.locator('a.skip-link').boundingBox())!;

describe('Admin UI: keyboard access and a clean console (browser)', () => {
  let h: BrowserHarness;

  beforeAll(async () => {
    h = await startBrowserHarness();
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  it('makes the skip link the first focusable element, shown on focus, and moves the focus to main', async () => {
    const user = await createUser(h, 'staff');
    const { page } = await h.newPage();
    await logIn(page, user.email, DEFAULT_PASSWORD);
    await page.reload(); // a fresh document: nothing focused yet
    expect((await focused(page)).tag).toBe('body');
    expect((await skipLinkBox(page)).x).toBeLessThan(0);

    await page.keyboard.press('Tab');
    expect(await focused(page)).toEqual({ tag: 'a', id: '', text: msg('en', 'nav.skip'), href: '#main' });
    expect((await skipLinkBox(page)).x).toBeGreaterThanOrEqual(0); // visible once focused

    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    expect(await focused(page)).toMatchObject({ tag: 'main', id: 'main' });
    expect(new URL(page.url()).hash).toBe('#main');
  });

  it('puts the skip link first on the login page too', async () => {
    const { page } = await h.newPage();
    await page.goto('/login');
    // the email field has autofocus, so walk back with Shift+Tab: the last element before the
    // focus leaves the document is the first one in the tab order
    await page.waitForFunction(() => document.activeElement?.id === 'email');
    const walked: string[] = [];
    for (let presses = 0; presses < 15; presses++) {
      await page.keyboard.press('Shift+Tab');
      const now = await focused(page);
      if (now.tag === 'body') break;
      walked.push(now.text || now.id);
    }
    expect(walked).toEqual(['Français', 'English', msg('en', 'app.name'), msg('en', 'nav.skip')]);
    const firstInDom = await page.evaluate(() => {
      const candidates = document.querySelectorAll<HTMLElement>('a[href], button, input:not([type="hidden"]), select, textarea, [tabindex]:not([tabindex="-1"])');
      return [...candidates].find((element) => !(element as HTMLInputElement).disabled)?.className ?? null;
    });
    expect(firstInDom).toBe('skip-link');

    // from outside the document, Tab comes back in on the skip link, which works here too
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'a', text: msg('en', 'nav.skip') });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');
  });

  it('logs no console error, page error or CSP violation on the login and home pages', async () => {
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);

    const css = page.waitForResponse((response) => response.url().endsWith('/assets/app.css'));
    await page.goto('/login');
    expect((await css).status()).toBe(200);
    await settle(page);
    expect(problems.all()).toEqual([]);

    await logIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(await headingText(page)).toBe(msg('en', 'home.welcome', { name: 'Administrator' }));
    // the stylesheet applied: the CSP let it through
    expect(await page.locator('a.skip-link').evaluate((element) => getComputedStyle(element).position)).toBe('absolute');
    await settle(page);
    expect(problems.all()).toEqual([]);

    await page.goto('/login'); // signed in: back to the home page
    await waitForPath(page, '/');
    await settle(page);
    expect(problems.all()).toEqual([]);
  });

  it('would notice a CSP violation and a console error (the watcher works)', async () => {
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await page.goto('/login');
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
    });
    await eventually(async () => problems.cspViolations.length > 0 && problems.consoleErrors.length > 0, 5_000);
    expect(problems.cspViolations[0]).toMatch(/^script-src/);
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
  });
});
