import { AxeBuilder } from '@axe-core/playwright';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  DEFAULT_PASSWORD,
  createUser,
  headingText,
  isFocused,
  logIn,
  msg,
  pathOf,
  signInFrom,
  startBrowserHarness,
  tabTo,
  waitForPath,
  type BrowserHarness,
} from './browser-support.js';
import { createCentre } from '../support/fixtures.js';

describe('Admin UI: users (browser)', () => {
  let h: BrowserHarness;
  let centre: { id: string; code: string };

  beforeAll(async () => {
    h = await startBrowserHarness();
    centre = await createCentre(h.t, { units: [] });
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  const userId = (email: string) => h.t.dataSource.query(`SELECT id, role, centre_ids, disabled_at FROM users WHERE email = $1`, [email]).then((rows) => rows[0]);

  it('lists users, creates one, changes their role, disables, enables and unlocks them, all with the keyboard', async () => {
    const signedIn = await createUser(h, 'caseworker');
    const { page } = await h.newPage();
    await logIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await tabTo(page, page.getByRole('navigation').getByRole('link', { name: msg('en', 'users.nav') }), 40);
    await page.keyboard.press('Enter');
    await waitForPath(page, '/users');
    expect(await headingText(page)).toBe(msg('en', 'users.title'));
    const row = page.locator(`tr[data-user="${signedIn.email}"]`);
    expect(await row.innerText()).toContain(msg('en', 'role.caseworker'));
    expect(await row.locator('[data-status]').innerText()).toBe(msg('en', 'users.status.active'));
    expect(await row.locator('[data-mfa]').innerText()).toBe(msg('en', 'users.mfa.off'));
    expect(await row.locator('time').count()).toBe(1);

    // a new user: a weak password is refused on the form, with what was typed kept
    await tabTo(page, page.locator('#new-user-link'), 40);
    await page.keyboard.press('Enter');
    await waitForPath(page, '/users/new');
    const email = 'samira.haddad@escale.test';
    await tabTo(page, page.locator('#user-name'), 40);
    await page.keyboard.type('Samira Haddad');
    await page.keyboard.press('Tab');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('password1234');
    await page.keyboard.press('Tab');
    expect(await isFocused(page.locator('#user-role'))).toBe(true);
    await page.keyboard.type('centre');
    expect(await page.locator('#user-role').inputValue()).toBe('staff');
    await tabTo(page, page.locator(`#user-centre-${centre.id}`));
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    await page.locator('#user-error').waitFor();
    expect(await isFocused(page.locator('#user-error'))).toBe(true);
    expect(await page.locator('#user-password-error').innerText()).toContain(msg('en', 'fieldError.userPassword'));
    expect(await page.locator('#user-name').inputValue()).toBe('Samira Haddad');
    expect(await page.locator(`#user-centre-${centre.id}`).isChecked()).toBe(true);
    expect(await userId(email)).toBeUndefined();
    await tabTo(page, page.locator('#user-password'), 40);
    await page.keyboard.type('violet harbour lantern seventeen');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/users\/[0-9a-f-]+\?done=created$/);
    await page.getByRole('status').filter({ hasText: msg('en', 'users.done.created') }).waitFor();
    const created = await userId(email);
    expect(created).toMatchObject({ role: 'staff', centre_ids: [centre.id], disabled_at: null });

    // role and centres
    await tabTo(page, page.locator('#user-role'), 40);
    await page.keyboard.type('caseworker');
    await tabTo(page, page.getByRole('button', { name: msg('en', 'users.access.save') }));
    await page.keyboard.press('Enter');
    await waitForPath(page, `/users/${created.id}?done=access`);
    expect((await userId(email)).role).toBe('caseworker');

    // disable, then enable again
    await tabTo(page, page.locator('#user-disable'), 40);
    await page.keyboard.press('Enter');
    await waitForPath(page, `/users/${created.id}?done=disabled`);
    expect(await page.locator('[data-status]').innerText()).toBe(msg('en', 'users.status.disabled'));
    expect(await signInFrom(h.baseURL, '127.0.0.3', email, 'violet harbour lantern seventeen')).toBe(401);
    await tabTo(page, page.locator('#user-enable'), 40);
    await page.keyboard.press('Enter');
    await waitForPath(page, `/users/${created.id}?done=enabled`);
    expect((await userId(email)).disabled_at).toBeNull();

    // locked after repeated failures from one address, unlocked from the user's page
    for (let i = 0; i < h.t.config.loginMaxFailures; i++) await signInFrom(h.baseURL, '127.0.0.4', email, `guess-${i}`);
    expect(await signInFrom(h.baseURL, '127.0.0.4', email, 'violet harbour lantern seventeen')).toBe(429);
    await page.reload();
    expect(await page.locator('[data-locked]').innerText()).toBe(msg('en', 'users.locked.yes', { count: 1 }));
    await tabTo(page, page.locator('#user-unlock'), 40);
    await page.keyboard.press('Enter');
    await waitForPath(page, `/users/${created.id}?done=unlocked`);
    expect(await page.locator('[data-locked]').innerText()).toBe(msg('en', 'users.locked.no'));
    expect(await signInFrom(h.baseURL, '127.0.0.4', email, 'violet harbour lantern seventeen')).toBe(200);
    const [{ n }] = await h.t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action IN ('user.create', 'user.update', 'user.disable', 'user.enable', 'auth.unlock_account')`,
      [created.id],
    );
    expect(n).toBe(5);
  });

  it('speaks French, and keeps the last administrator and the admin’s own account', async () => {
    const { page } = await h.newPage({ locale: 'fr-FR' });
    await logIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto('/users/new');
    expect(await headingText(page)).toBe(msg('fr', 'users.new.title'));
    await tabTo(page, page.locator('#user-name'), 40);
    await page.keyboard.type('Autre Admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN_EMAIL);
    await page.keyboard.press('Tab');
    await page.keyboard.type('violet harbour lantern seventeen');
    await page.keyboard.press('Tab');
    await page.keyboard.type('adm');
    await tabTo(page, page.getByRole('button', { name: msg('fr', 'users.create') }), 40);
    await page.keyboard.press('Enter');
    await page.locator('#user-error').waitFor();
    expect(await page.locator('#user-error').innerText()).toContain(msg('fr', 'errors.EMAIL_TAKEN'));

    const [{ id: adminId }] = await h.t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [ADMIN_EMAIL]);
    await page.goto(`/users/${adminId}`);
    expect(await page.locator('#user-disable').innerText()).toBe(msg('fr', 'users.disable.self'));
    expect(await page.locator('form[action$="/disable"]').count()).toBe(0);
    await tabTo(page, page.locator('#user-role'), 40);
    await page.keyboard.type('personnel');
    expect(await page.locator('#user-role').inputValue()).toBe('staff');
    await tabTo(page, page.getByRole('button', { name: msg('fr', 'users.access.save') }));
    await page.keyboard.press('Enter');
    await page.locator('#user-error').waitFor();
    expect(pathOf(page)).toBe(`/users/${adminId}`);
    expect(await page.locator('#user-error').innerText()).toContain(msg('fr', 'errors.LAST_ADMIN'));
    expect(await page.locator('#user-role').getAttribute('aria-invalid')).toBe('true');
    expect((await userId(ADMIN_EMAIL)).role).toBe('admin');

    // resetting someone's two-factor sign-in needs the admin's own one-time code: said on the page, nothing reset
    const enrolled = await createUser(h, 'caseworker');
    await h.t.dataSource.query(`UPDATE users SET totp_enabled_at = now() WHERE id = $1`, [enrolled.id]);
    await page.goto(`/users/${enrolled.id}`);
    expect(await page.locator('[data-mfa]').innerText()).toBe(msg('fr', 'users.mfa.on'));
    await tabTo(page, page.locator('#user-mfa-reset'), 60);
    await page.keyboard.press('Enter');
    await page.locator('#user-error').waitFor();
    expect(await page.locator('#user-error').innerText()).toContain(msg('fr', 'users.mfa.ownCodeFirst'));
    const [still] = await h.t.dataSource.query(`SELECT totp_enabled_at FROM users WHERE id = $1`, [enrolled.id]);
    expect(still.totp_enabled_at).not.toBeNull();
  });

  it('is for administrators only', async () => {
    const staff = await createUser(h, 'staff');
    const { page } = await h.newPage();
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    expect(await page.getByRole('link', { name: msg('en', 'users.nav') }).count()).toBe(0);
    expect((await page.goto('/users'))?.status()).toBe(403);
    expect((await page.goto(`/users/${staff.id}`))?.status()).toBe(403);
  });

  it('finds no WCAG A or AA violation on the users and centre settings pages, in English and French', async () => {
    const withBed = await createCentre(h.t, { units: [{ housing: 'men', beds: 1 }] });
    const [{ id: adminId }] = await h.t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [ADMIN_EMAIL]);
    for (const locale of ['en-GB', 'fr-FR']) {
      const { page } = await h.newPage({ locale });
      await logIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
      for (const path of ['/users', '/users/new', `/users/${adminId}`, `/centres/${withBed.id}`, `/centres/${withBed.id}/settings`, `/centres/${withBed.id}/beds/${withBed.units[0].bedIds[0]}/out-of-service`]) {
        await page.goto(path);
        const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
        expect(result.passes.length).toBeGreaterThan(0);
        expect({ path, locale, violations: result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`) }).toEqual({ path, locale, violations: [] });
      }
    }
  });
});
