import { jest } from '@jest/globals';
import { ADMIN_EMAIL, ADMIN_PASSWORD, pathOf, startBrowserHarness, type BrowserHarness } from './browser-support.js';
jest.setTimeout(120_000);
describe('race', () => {
  let h: BrowserHarness;
  beforeAll(async () => { h = await startBrowserHarness(); });
  afterAll(() => h?.close());
  it('login with slow session writes', async () => {
    await h.t.dataSource.query(`CREATE FUNCTION slow_sessions() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END $$`);
    await h.t.dataSource.query(`CREATE TRIGGER slow_sessions BEFORE INSERT OR UPDATE ON sessions FOR EACH ROW EXECUTE FUNCTION slow_sessions()`);
    const { page } = await h.newPage();
    const log: string[] = [];
    page.on('request', (r) => log.push(`${Date.now() % 100000} > ${r.method()} ${r.url()}`));
    page.on('response', (r) => log.push(`${Date.now() % 100000} < ${r.status()} ${r.url()}`));
    page.on('requestfinished', (r) => log.push(`${Date.now() % 100000} finished ${r.url()}`));
    await page.goto('/login');
    await page.locator('#email').fill(ADMIN_EMAIL);
    await page.locator('#password').fill(ADMIN_PASSWORD);
    await page.locator('form[action="/login"] button').click();
    await page.waitForURL((u) => u.pathname !== '/login' || log.filter((l) => l.includes('GET')).length > 3);
    await page.waitForLoadState('load');
    console.log(log.join('\n'), '\nfinal', pathOf(page));
  });
});
