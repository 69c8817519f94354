import type { Page } from 'playwright-core';
import type { Locale } from '@escale/platform';
import {
  DEFAULT_PASSWORD,
  LOCALE_COOKIE,
  createUser,
  headingText,
  logIn,
  msg,
  pathOf,
  startBrowserHarness,
  waitForLanguage,
  waitForPath,
  type BrowserHarness,
} from './browser-support.js';

/** The language switch in the header: one button per language, the current one pressed. */
const languageButton = (page: Page, name: 'English' | 'Français') =>
  page.getByRole('form', { name: /Change language|Changer de langue/ }).getByRole('button', { name, exact: true });

async function pressedLanguage(page: Page): Promise<Locale[]> {
  const pressed: Locale[] = [];
  if ((await languageButton(page, 'English').getAttribute('aria-pressed')) === 'true') pressed.push('en');
  if ((await languageButton(page, 'Français').getAttribute('aria-pressed')) === 'true') pressed.push('fr');
  return pressed;
}

async function expectLanguage(page: Page, locale: Locale): Promise<void> {
  expect(await page.locator('html').getAttribute('lang')).toBe(locale);
  expect(await pressedLanguage(page)).toEqual([locale]);
  expect(await page.locator('.skip-link').innerText()).toBe(msg(locale, 'nav.skip'));
}

describe('Admin UI: changing the language (browser)', () => {
  let h: BrowserHarness;

  beforeAll(async () => {
    h = await startBrowserHarness();
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  it('follows the browser language first: en-GB gets English, fr-FR gets French', async () => {
    const { page: english } = await h.newPage({ locale: 'en-GB' });
    await english.goto('/login');
    await expectLanguage(english, 'en');
    expect(await headingText(english)).toBe(msg('en', 'login.title'));

    const { page: french } = await h.newPage({ locale: 'fr-FR' });
    await french.goto('/login');
    await expectLanguage(french, 'fr');
    expect(await headingText(french)).toBe(msg('fr', 'login.title'));
  });

  it('switches to French with the Français button, keeps it across pages and after logout, and back to English', async () => {
    const user = await createUser(h, 'caseworker');
    const { context, page } = await h.newPage({ locale: 'en-GB' });
    await logIn(page, user.email, DEFAULT_PASSWORD);
    await expectLanguage(page, 'en');
    expect(await headingText(page)).toBe(msg('en', 'home.welcome', { name: user.name }));

    await languageButton(page, 'Français').click();
    await waitForLanguage(page, 'fr');
    expect(pathOf(page)).toBe('/'); // back where the switch was pressed
    await expectLanguage(page, 'fr');
    expect(await headingText(page)).toBe(msg('fr', 'home.welcome', { name: user.name }));
    expect(await page.locator('p.lead').innerText()).toBe(msg('fr', 'home.role.caseworker'));
    expect(await page.getByRole('banner').locator('.signed-in').innerText()).toBe(
      msg('fr', 'nav.signedInAs', { name: user.name, role: msg('fr', 'role.caseworker') }),
    );
    expect(await page.title()).toBe(`${msg('fr', 'home.title')} · ${msg('fr', 'app.name')}`);
    expect((await context.cookies()).find((c) => c.name === LOCALE_COOKIE)).toMatchObject({ value: 'fr', httpOnly: true });

    // another page, then back home through the (French) navigation
    await page.goto('/logout');
    await expectLanguage(page, 'fr');
    expect(await headingText(page)).toBe(msg('fr', 'nav.logout'));
    await page.getByRole('navigation', { name: msg('fr', 'nav.main') }).getByRole('link', { name: msg('fr', 'nav.home') }).click();
    await waitForPath(page, '/');
    await expectLanguage(page, 'fr');
    expect(await headingText(page)).toBe(msg('fr', 'home.welcome', { name: user.name }));

    // logging out keeps the language on the login page
    await page.getByRole('banner').getByRole('button', { name: msg('fr', 'nav.logout') }).click();
    await waitForPath(page, '/login?loggedOut=1');
    await expectLanguage(page, 'fr');
    expect(await headingText(page)).toBe(msg('fr', 'login.title'));
    expect(await page.getByRole('status').innerText()).toBe(msg('fr', 'login.loggedOut'));
    expect(await page.getByLabel(msg('fr', 'login.email')).count()).toBe(1);

    // and back to English on the same page (the notice stays), which then logs in in English
    await languageButton(page, 'English').click();
    await waitForLanguage(page, 'en');
    expect(pathOf(page)).toBe('/login?loggedOut=1');
    expect(await page.getByRole('status').innerText()).toBe(msg('en', 'login.loggedOut'));
    await expectLanguage(page, 'en');
    expect(await headingText(page)).toBe(msg('en', 'login.title'));
    await logIn(page, user.email, DEFAULT_PASSWORD);
    await expectLanguage(page, 'en');
    expect(await headingText(page)).toBe(msg('en', 'home.welcome', { name: user.name }));
  });

  it('remembers a signed-in user’s choice for their next session, whatever the browser says', async () => {
    const user = await createUser(h, 'auditor');
    const { page } = await h.newPage({ locale: 'en-GB' });
    await logIn(page, user.email, DEFAULT_PASSWORD);
    await languageButton(page, 'Français').click();
    await waitForLanguage(page, 'fr');

    const { page: elsewhere } = await h.newPage({ locale: 'en-GB' });
    await elsewhere.goto('/login');
    await expectLanguage(elsewhere, 'en');
    await logIn(elsewhere, user.email, DEFAULT_PASSWORD);
    await expectLanguage(elsewhere, 'fr');
    expect(await headingText(elsewhere)).toBe(msg('fr', 'home.welcome', { name: user.name }));
  });
});
