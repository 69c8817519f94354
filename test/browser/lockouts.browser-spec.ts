import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  DEFAULT_PASSWORD,
  createUser,
  headingText,
  logIn,
  msg,
  signInFrom,
  startBrowserHarness,
  tabTo,
  waitForPath,
  type BrowserHarness,
} from './browser-support.js';

describe('Admin UI: locked sign-ins (browser)', () => {
  let h: BrowserHarness;

  beforeAll(async () => {
    h = await startBrowserHarness();
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  it('shows an account locked from one address and unlocks it with the keyboard', async () => {
    const user = await createUser(h, 'caseworker');
    for (let i = 0; i < h.t.config.loginMaxFailures; i++) expect(await signInFrom(h.baseURL, '127.0.0.2', user.email, `guess-${i}`)).toBe(401);
    expect(await signInFrom(h.baseURL, '127.0.0.2', user.email, DEFAULT_PASSWORD)).toBe(429);

    const { page } = await h.newPage();
    await logIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    const navLink = page.getByRole('navigation').getByRole('link', { name: msg('en', 'lockouts.nav') });
    await tabTo(page, navLink, 40);
    await page.keyboard.press('Enter');
    await waitForPath(page, '/lockouts');
    expect(await headingText(page)).toBe(msg('en', 'lockouts.title'));

    const row = page.locator('tr', { hasText: user.email });
    await row.waitFor();
    expect(await row.innerText()).toContain('127.0.0.2');
    expect(await row.innerText()).toContain(msg('en', 'lockouts.kind.account'));
    const unlock = page.getByRole('button', { name: msg('en', 'lockouts.unlockLabel', { what: user.email, address: '127.0.0.2' }) });
    await tabTo(page, unlock, 40);
    await page.keyboard.press('Enter');
    await waitForPath(page, '/lockouts?done=unlocked');
    await page.getByRole('status').filter({ hasText: msg('en', 'lockouts.unlocked') }).waitFor();
    expect(await page.locator('tr', { hasText: user.email }).count()).toBe(0);

    expect(await signInFrom(h.baseURL, '127.0.0.2', user.email, DEFAULT_PASSWORD)).toBe(200);
    const [{ n }] = await h.t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.unlock_account' AND entity_id = $1`, [user.id]);
    expect(n).toBe(1);
  });

  it('speaks French, and is for administrators only', async () => {
    const { page } = await h.newPage({ locale: 'fr-FR' });
    await logIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto('/lockouts');
    expect(await headingText(page)).toBe(msg('fr', 'lockouts.title'));
    await page.getByText(msg('fr', 'lockouts.none')).waitFor();

    const staff = await createUser(h, 'staff');
    const { page: staffPage } = await h.newPage();
    await logIn(staffPage, staff.email, DEFAULT_PASSWORD);
    expect(await staffPage.getByRole('link', { name: msg('en', 'lockouts.nav') }).count()).toBe(0);
    const answer = await staffPage.goto('/lockouts');
    expect(answer?.status()).toBe(403);
  });
});
