// Regressions: bugs these browser tests once found in the admin UI, kept fixed.
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  DEFAULT_PASSWORD,
  createUser,
  logIn,
  msg,
  pathOf,
  startBrowserHarness,
  type BrowserHarness,
} from './browser-support.js';

describe('Admin UI: regressions (browser)', () => {
  let h: BrowserHarness;

  beforeAll(async () => {
    h = await startBrowserHarness();
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  /**
   * A browser follows a 303 on its headers alone: the login must store the session before it
   * answers, or GET / arrives first and the user is back on /login. Slow session writes (a
   * trigger in this file's own database) would make that race certain.
   */
  it('lands on the home page after logging in, even when the session store is slow', async () => {
    await h.t.dataSource.query(
      `CREATE FUNCTION slow_session_writes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END $$`,
    );
    await h.t.dataSource.query(`CREATE TRIGGER slow_session_writes BEFORE INSERT OR UPDATE ON sessions FOR EACH ROW EXECUTE FUNCTION slow_session_writes()`);
    try {
      const { page } = await h.newPage();
      await page.goto('/login');
      await page.locator('#email').fill(ADMIN_EMAIL);
      await page.locator('#password').fill(ADMIN_PASSWORD);
      const home = page.waitForResponse((response) => response.request().method() === 'GET' && new URL(response.url()).pathname === '/');
      await page.getByRole('button', { name: msg('en', 'login.submit') }).click();
      expect((await home).status()).toBe(200);
      await page.waitForLoadState();
      expect(pathOf(page)).toBe('/');
    } finally {
      await h.t.dataSource.query(`DROP TRIGGER slow_session_writes ON sessions; DROP FUNCTION slow_session_writes()`);
    }
  });

  /** Each inbox message carries an ISO date in <time datetime>, not Date#toString. */
  it('gives each message a machine-readable date', async () => {
    const staff = await createUser(h, 'staff');
    await h.t.dataSource.query(`INSERT INTO inbox_messages (user_id, kind, params, dedupe_key) VALUES ($1, 'inbox.welcome', $2, $3)`, [
      staff.id,
      JSON.stringify({ email: staff.email, role: 'staff' }),
      `welcome:browser-${staff.id}`,
    ]);
    const { page } = await h.newPage();
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    const datetime = await page.locator('.inbox time').getAttribute('datetime');
    expect(datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/);
  });
});
