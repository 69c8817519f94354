import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  DEFAULT_PASSWORD,
  SESSION_COOKIE,
  createUser,
  headingText,
  isFocused,
  logIn,
  msg,
  pathOf,
  startBrowserHarness,
  tabTo,
  waitForPath,
  type BrowserHarness,
} from './browser-support.js';

describe('Admin UI: logging in and out (browser)', () => {
  let h: BrowserHarness;

  beforeAll(async () => {
    h = await startBrowserHarness();
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  it('logs in with the keyboard only and keeps the session cookie out of reach of scripts', async () => {
    const { context, page } = await h.newPage();
    await page.goto('/login');
    expect(await headingText(page)).toBe(msg('en', 'login.title'));

    const email = page.getByLabel(msg('en', 'login.email'));
    const password = page.getByLabel(msg('en', 'login.password'));
    await tabTo(page, email);
    await page.keyboard.type(ADMIN_EMAIL);
    await page.keyboard.press('Tab');
    expect(await isFocused(password)).toBe(true);
    await page.keyboard.type(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');

    await waitForPath(page, '/');
    expect(await headingText(page)).toBe(msg('en', 'home.welcome', { name: 'Administrator' }));
    expect(await page.locator('p.lead').innerText()).toBe(msg('en', 'home.role.admin'));
    await page.getByRole('banner').getByRole('button', { name: msg('en', 'nav.logout') }).waitFor();

    const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(await page.evaluate(() => document.cookie)).not.toContain(SESSION_COOKIE);
  });

  it('shows the error in the form on a wrong password, marks the fields invalid and stays on /login', async () => {
    const user = await createUser(h, 'caseworker');
    const { page } = await h.newPage();
    await page.goto('/login');
    await page.locator('#email').fill(user.email);
    await page.locator('#password').fill('not-the-password');
    await page.getByRole('button', { name: msg('en', 'login.submit') }).click();

    const alert = page.locator('section').filter({ has: page.locator('form[action="/login"]') }).getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe(msg('en', 'login.failed'));
    expect(pathOf(page)).toBe('/login');
    expect(await headingText(page)).toBe(msg('en', 'login.title'));
    for (const field of [page.locator('#email'), page.locator('#password')]) {
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      // the message is tied to the field, so a screen reader announces it with the field
      expect(await field.getAttribute('aria-describedby')).toBe(await alert.getAttribute('id'));
    }
    expect(await page.locator('#email').inputValue()).toBe(user.email);
    expect(await page.locator('#password').inputValue()).toBe('');

    // the form shown again works: its CSRF token is valid
    await page.locator('#password').fill(DEFAULT_PASSWORD);
    await page.getByRole('button', { name: msg('en', 'login.submit') }).click();
    await waitForPath(page, '/');
    expect(await headingText(page)).toBe(msg('en', 'home.welcome', { name: user.name }));
  });

  it('logs out through the header button and destroys the session on the server', async () => {
    const user = await createUser(h, 'funder');
    const { context, page } = await h.newPage();
    await logIn(page, user.email, DEFAULT_PASSWORD);
    const before = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
    expect(before).toBeDefined();

    // the cookie alone opens the session in another browser while it is alive...
    const { context: replay, page: replayPage } = await h.newPage();
    await replay.addCookies([before!]);
    await replayPage.goto('/');
    expect(pathOf(replayPage)).toBe('/');
    await replay.clearCookies();

    await page.getByRole('banner').getByRole('button', { name: msg('en', 'nav.logout') }).click();
    await waitForPath(page, '/login?loggedOut=1');
    expect(await page.getByRole('status').innerText()).toBe(msg('en', 'login.loggedOut'));
    expect(await headingText(page)).toBe(msg('en', 'login.title'));
    const after = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
    expect(after?.value).not.toBe(before!.value);

    await page.goto('/');
    expect(pathOf(page)).toBe('/login');

    // ...and no longer once logged out
    await replay.addCookies([before!]);
    await replayPage.goto('/');
    expect(pathOf(replayPage)).toBe('/login');
    expect(await replayPage.getByRole('button', { name: msg('en', 'nav.logout') }).count()).toBe(0);
  });

  it('logs out from the confirmation page at /logout', async () => {
    const user = await createUser(h, 'auditor');
    const { page } = await h.newPage();
    await logIn(page, user.email, DEFAULT_PASSWORD);
    await page.goto('/logout');
    expect(await headingText(page)).toBe(msg('en', 'nav.logout'));
    await page.getByRole('main').getByRole('button', { name: msg('en', 'nav.logout') }).click();
    await waitForPath(page, '/login?loggedOut=1');
    await page.goto('/');
    expect(pathOf(page)).toBe('/login');
  });

  it('shows a staff user the staff description on their home page, not the admin one', async () => {
    const staff = await createUser(h, 'staff');
    // the welcome message the worker would deliver
    await h.t.dataSource.query(`INSERT INTO inbox_messages (user_id, kind, params, dedupe_key) VALUES ($1, 'inbox.welcome', $2, $3)`, [
      staff.id,
      JSON.stringify({ email: staff.email, role: 'staff' }),
      `welcome:browser-${staff.id}`,
    ]);
    const { page } = await h.newPage();
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    expect(await headingText(page)).toBe(msg('en', 'home.welcome', { name: staff.name }));
    const lead = page.locator('p.lead');
    expect(await lead.getAttribute('data-role')).toBe('staff');
    expect(await lead.innerText()).toBe(msg('en', 'home.role.staff'));
    expect(await page.getByRole('banner').locator('.signed-in').innerText()).toBe(
      msg('en', 'nav.signedInAs', { name: staff.name, role: msg('en', 'role.staff') }),
    );
    const main = await page.getByRole('main').innerText();
    expect(main).not.toContain(msg('en', 'home.role.admin'));
    expect(main).not.toContain(msg('en', 'home.centres.all'));
    expect(main).toContain(msg('en', 'home.centres.none'));

    const message = page.locator('.inbox li');
    expect(await message.count()).toBe(1);
    expect(await message.locator('strong').innerText()).toBe(msg('en', 'inbox.welcome.subject'));
    expect(await message.locator('p').innerText()).toBe(msg('en', 'inbox.welcome.body', { email: staff.email, role: msg('en', 'role.staff') }));
  });

  it('sends a visitor without a session from / to the login page', async () => {
    const { page } = await h.newPage();
    await page.goto('/');
    expect(pathOf(page)).toBe('/login');
    // the email field has the focus (autofocus), ready to type
    await page.waitForFunction(() => document.activeElement?.id === 'email');
  });
});
