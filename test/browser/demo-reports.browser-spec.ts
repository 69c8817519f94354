import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Locator } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, TEST_AUDIT_ANCHOR_KEY } from '../support/test-app.js';
import { headingText, logIn, msg, startBrowserHarness, waitForPath, type BrowserHarness } from './browser-support.js';

const run = promisify(execFile);

/** DOMAIN.md: about €690 per person per day in a French removal centre (CRA). */
const CRA_COST_PER_DAY = 690;

/** A figure of an English page ("€3,312,345.67", "6,588", "78.1%") as a number. */
const amountOf = async (cell: Locator) => Number(((await cell.innerText()) ?? '').replace(/[^\d.]/g, ''));

describe('The demo data on the funders’ dashboard (browser)', () => {
  let h: BrowserHarness;

  beforeAll(async () => {
    h = await startBrowserHarness();
    // The demo's own loader, as `npm run demo` runs it, into this test's database: a year of stays, spend and budgets.
    const { config } = h.t;
    await run(process.execPath, ['dist/apps/server/src/cli/seed-demo.js'], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: config.databaseUrl,
        REDIS_URL: config.redisUrl,
        QUEUE_PREFIX: config.queuePrefix,
        ESCALE_ADMIN_EMAIL: ADMIN_EMAIL,
        ESCALE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        AUDIT_ANCHOR_KEY: TEST_AUDIT_ANCHOR_KEY,
        MFA_REQUIRED_ROLES: 'none',
        LOG_LEVEL: 'silent',
      },
      timeout: 240_000,
    });
  }, 300_000);
  afterAll(() => h?.close());

  it('shows plausible costs: each centre between €50 and €1,000 an occupied bed-night, the removal centre near €690 a bed a day', async () => {
    const { page } = await h.newPage();
    await logIn(page, 'funder@escale.demo', 'escale-demo-2026');
    await page.goto('/reports');
    await waitForPath(page, '/reports');
    expect(await headingText(page)).toBe(msg('en', 'reports.title'));

    const table = page.locator('[data-report-table="centres"]');
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    for (const code of ['CRA-LIL', 'CAO-CAL']) {
      const cells = table.locator(`tr[data-centre="${code}"] td`);
      // Columns: rate, occupied bed-nights, bed-nights in service, admissions, discharges, spend, cost per occupied bed-night.
      const costPerBedNight = await amountOf(cells.nth(6));
      expect({ code, costPerBedNight, inRange: costPerBedNight >= 50 && costPerBedNight <= 1_000 }).toEqual({ code, costPerBedNight, inRange: true });
      const bedNights = await amountOf(cells.nth(2));
      const spend = await amountOf(cells.nth(5));
      expect(bedNights).toBeGreaterThan(0);
      expect(spend).toBeGreaterThan(0);
      if (code === 'CRA-LIL') {
        // Its 18 beds over the period, at the order of magnitude of what a removal centre costs a day.
        const perBedDay = spend / bedNights;
        expect({ perBedDay, plausible: perBedDay > CRA_COST_PER_DAY / 3 && perBedDay < CRA_COST_PER_DAY * 3 }).toEqual({ perBedDay, plausible: true });
        // Close to a year of it: the 18 beds of the removal centre cost millions, not thousands or billions.
        expect(spend).toBeGreaterThan(18 * 300 * (CRA_COST_PER_DAY / 3));
        expect(spend).toBeLessThan(18 * 366 * CRA_COST_PER_DAY * 3);
      }
    }
  });
});
