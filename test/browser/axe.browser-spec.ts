// Every page, for every role that may open it, in English and in French, at a desktop's width and
// at a phone's (390 px), checked with axe-core against WCAG 2.0 and 2.1, levels A and AA. The pages
// come from the server's own route table: a page no role reaches here fails the test by its name.
import type { Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { type Locale, QueueName, type Role } from '@escale/platform';
import { addFailedJob } from '../support/failed-job.js';
import { allows, isApiRoute, routeTable, type RouteEntry } from '../support/route-table.js';
import { axeViolations, logIn, waitForLanguage, type BrowserHarness } from './browser-support.js';
import { startSeededCentre, type SeededCentre } from './seeded-centre.js';

const ROLES: Role[] = ['admin', 'staff', 'caseworker', 'funder', 'auditor'];
const LOCALES: Locale[] = ['en', 'fr'];
const WIDTHS = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Page routes that are not checked here, and why: each is a step that needs what a test cannot hold, or is not a page. */
const NOT_CHECKED: Record<string, string> = {
  'GET /login/code': 'the second step of a two-factor sign-in, reached only with a one-time code on the way',
  'GET /login/enrol': 'the enrolment step of a two-factor sign-in, reached only when a role requires it',
  'GET /documents/:id': 'a file download, not a page',
  'GET /health': 'the health check, for the load balancer, not a page',
  'GET /health/ready': 'the readiness check, for the load balancer, not a page',
  'GET /centres/:id/waiting/households/:householdId/plan': 'a household waiting for beds, which this centre (with beds free) does not have',
};
/** Not pages: files and downloads. */
const FILE = /\.(?:csv|json|pdf)$/;

/** A route's path as a pattern over real paths: "/centres/:id/board" matches "/centres/<uuid>/board". */
const matcherOf = (route: RouteEntry) => new RegExp(`^${route.path.replace(/:\w+/g, '[^/]+')}$`);

describe('Accessibility: axe-core finds nothing on any page, for any role, language or width (browser)', () => {
  let seed: SeededCentre;
  let h: BrowserHarness;
  let pages: RouteEntry[];

  beforeAll(async () => {
    seed = await startSeededCentre();
    h = seed.h;
    pages = routeTable(h.t).filter((route) => route.method === 'GET' && !isApiRoute(route) && !FILE.test(route.path) && !(route.route in NOT_CHECKED));
  }, 120_000);
  afterEach(() => h.closeContexts());
  afterAll(() => seed?.close());

  /** Pages that links do not lead to from the home page without a click on a form. */
  const startingPoints = () => {
    const { ids, reception } = seed;
    return [
      '/',
      '/logout',
      `/stays/${ids.stayId}/legal`,
      `/stays/${ids.stayId}/property/returns/new`,
      `/stays/${ids.stayId}/property/returns/${ids.returnId}`,
      `/centres/${reception.id}/property/owed`,
      `/centres/${reception.id}/waiting`,
      `/centres/${reception.id}/waiting/households/${ids.householdId}/plan`,
      `/centres/${reception.id}/notices/print`,
      `/interceptions/${ids.interceptionId}`,
      `/interceptions/${ids.interceptionId}/roster`,
      `/notices/${ids.noticeId}`,
      `/cases/${ids.caseId}`,
      `/people/${ids.personId}/export`,
      '/account/security/enrol',
      '/notice-languages',
      '/registers',
      `/reports/monthly?centreId=${reception.id}&month=${seed.pastMonth}`,
    ];
  };

  /** Follows links from the starting points: one address for each page route the role opens. */
  async function crawl(page: Page, role: Role): Promise<Map<string, string>> {
    const allowed = pages.filter((route) => allows(route.rule, role));
    const found = new Map<string, string>();
    const queue = startingPoints();
    const tried = new Set<string>();
    while (queue.length > 0) {
      const path = queue.shift()!;
      const route = allowed.find((candidate) => matcherOf(candidate).test(path.split('?')[0]));
      if (!route || found.has(route.route) || tried.has(path)) continue;
      tried.add(path);
      const response = await page.goto(path);
      if (response?.status() !== 200 || new URL(page.url()).pathname !== path.split('?')[0]) continue;
      found.set(route.route, path);
      const links = await page.locator('a[href]:not([download])').evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
      for (const href of links) {
        const url = new URL(href);
        if (url.origin === h.baseURL) queue.push(`${url.pathname}${url.search}`);
      }
    }
    return found;
  }

  /** Runs axe-core on the page at each width; the page's problems, each line naming where it was seen. */
  async function check(page: Page, where: string): Promise<string[]> {
    const problems: string[] = [];
    for (const size of WIDTHS) {
      await page.setViewportSize({ width: size.width, height: size.height });
      // The page's script marks the regions that scroll at this width once it has seen the resize.
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLElement>('.table-scroll, main pre')].every((region) => region.dataset.region === 'fixed' || (region.dataset.region === 'on') === region.scrollWidth > region.clientWidth + 1),
      );
      for (const violation of await axeViolations(page)) problems.push(`${where} at ${size.name}: ${violation}`);
    }
    return problems;
  }

  async function switchLanguage(page: Page, locale: Locale): Promise<void> {
    await page.setViewportSize({ width: WIDTHS[0].width, height: WIDTHS[0].height });
    await page.goto('/');
    await page.locator(`.language-switch button[value="${locale}"]`).click();
    await waitForLanguage(page, locale);
  }

  /** The rules broken, with how many page views break each, for the failure's first line. */
  const summary = (problems: string[]) => {
    const byRule = new Map<string, number>();
    for (const problem of problems) {
      const rule = problem.split(': ')[1]?.split(' ')[0] ?? '?';
      byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
    }
    return [...byRule].map(([rule, count]) => `${rule} × ${count}`).join(', ');
  };

  it('checks the sign-in page, signed out, in both languages', async () => {
    const problems: string[] = [];
    const { page } = await h.newPage();
    for (const locale of LOCALES) {
      await page.goto('/login');
      await page.locator(`.language-switch button[value="${locale}"]`).click();
      await waitForLanguage(page, locale);
      problems.push(...(await check(page, `signed out ${locale} /login`)));
    }
    if (problems.length > 0) throw new Error(`axe-core: ${problems.length} problem(s) (${summary(problems)}):\n${problems.join('\n')}`);
  });

  it.each(ROLES)('covers every page the route table lets %s open, and axe-core finds nothing on any', async (role) => {
    const problems: string[] = [];
    const { page } = await h.newPage();
    await logIn(page, seed.logins[role].email, seed.logins[role].password);
    const found = await crawl(page, role);
    const missing = pages.filter((route) => allows(route.rule, role) && route.path !== '/login' && !found.has(route.route)).map((route) => route.route);
    expect({ role, missing }).toEqual({ role, missing: [] });
    for (const locale of LOCALES) {
      await switchLanguage(page, locale);
      for (const [route, path] of found) {
        await page.goto(path);
        await waitForLanguage(page, locale);
        problems.push(...(await check(page, `${role} ${locale} ${route}`)));
      }
    }
    if (problems.length > 0) throw new Error(`axe-core: ${problems.length} problem(s) (${summary(problems)}) over ${found.size * LOCALES.length} pages:\n${problems.join('\n')}`);
  }, 150_000);

  it('finds nothing on the background jobs pages (the queue dashboard), with a failed job and its retry forms, in both languages', async () => {
    await addFailedJob(h.t.config, QueueName.Maintenance, randomUUID());
    const problems: string[] = [];
    const { page } = await h.newPage();
    await logIn(page, seed.logins.admin.email, seed.logins.admin.password);
    for (const locale of LOCALES) {
      await switchLanguage(page, locale);
      for (const path of ['/admin/queues', '/admin/queues/maintenance']) {
        await page.goto(path);
        await waitForLanguage(page, locale);
        problems.push(...(await check(page, `admin ${locale} ${path}`)));
      }
      // The failed job is there, with its retry form and its confirmation.
      expect(await page.locator('form[data-retry] input[name="confirm"]').count()).toBeGreaterThan(0);
      // And a refused retry: the error summary and the box in error.
      await page.locator('form[data-retry] button[type="submit"]').first().click();
      await page.locator('[data-error-summary]').waitFor();
      problems.push(...(await check(page, `admin ${locale} a retry not confirmed`)));
    }
    if (problems.length > 0) throw new Error(`axe-core: ${problems.length} problem(s) (${summary(problems)}):\n${problems.join('\n')}`);
  }, 60_000);
});
