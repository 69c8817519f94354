// Shared set-up for the browser tests: the real server on a fresh database, listening on a
// random port, and Debian's Chromium driven by playwright-core (no browser download).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axe from 'axe-core';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from 'playwright-core';
import { translate, type Locale, type MessageKey, type Role } from '@escale/platform';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';

export { ADMIN_EMAIL, ADMIN_PASSWORD, DEFAULT_PASSWORD } from '../support/test-app.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SESSION_COOKIE = 'escale.sid';
export const LOCALE_COOKIE = 'escale.lang';

/** Playwright's own timeout for every action and wait: well under Jest's, so a failure says what it waited for. */
const ACTION_TIMEOUT_MS = 10_000;

/** A message from the catalogues, as the pages render it. */
export const msg = (locale: Locale, key: MessageKey, params: Record<string, unknown> = {}) => translate(locale, key, params);

export interface BrowserHarness {
  t: TestApp;
  browser: Browser;
  baseURL: string;
  /** A new, isolated context (cookies, storage) with one page; an English (en-GB) browser unless told otherwise. */
  newPage(options?: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }>;
  /** Closes the contexts opened since the last call: call it in afterEach. */
  closeContexts(): Promise<void>;
  close(): Promise<void>;
}

/** One server and one browser for a test file; `options` go to the server (a clock to move, configuration). */
export async function startBrowserHarness(options: Parameters<typeof startTestApp>[0] = {}): Promise<BrowserHarness> {
  const [app, launched] = await Promise.allSettled([startTestApp(options), chromium.launch({ executablePath: CHROMIUM_PATH })]);
  if (app.status === 'rejected' || launched.status === 'rejected') {
    if (app.status === 'fulfilled') await app.value.close();
    if (launched.status === 'fulfilled') await launched.value.close();
    throw app.status === 'rejected' ? app.reason : (launched as PromiseRejectedResult).reason;
  }
  const t = app.value;
  const browser = launched.value;
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const baseURL = `http://127.0.0.1:${port}`;
  const open = new Set<BrowserContext>();

  const closeContexts = async () => {
    const contexts = [...open];
    open.clear();
    await Promise.all(contexts.map((context) => context.close()));
  };

  return {
    t,
    browser,
    baseURL,
    closeContexts,
    async newPage(options = {}) {
      const context = await browser.newContext({ baseURL, locale: 'en-GB', ...options });
      open.add(context);
      context.setDefaultTimeout(ACTION_TIMEOUT_MS);
      context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
      return { context, page: await context.newPage() };
    },
    async close() {
      await closeContexts();
      await browser.close();
      await t.close();
    },
  };
}

/** The path (and query) of the page, without the origin. */
export const pathOf = (page: Page) => {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
};

/** Waits until the page has loaded a document whose path (and query) is exactly `path`. */
export async function waitForPath(page: Page, path: string): Promise<void> {
  try {
    await page.waitForURL((url) => `${url.pathname}${url.search}` === path);
  } catch (error) {
    const seen = await page
      .evaluate(() => ({ h1: document.querySelector('h1')?.textContent, alert: document.querySelector('[role=alert]')?.textContent, ready: document.readyState }))
      .catch((reason: unknown) => String(reason));
    throw new Error(`Never reached ${path}: on ${page.url()} showing ${JSON.stringify(seen)}\n${String(error)}`);
  }
}

/** Waits for the page to be in a language: the server renders `<html lang>` from the locale it chose. */
export async function waitForLanguage(page: Page, locale: Locale): Promise<void> {
  await page.locator(`html[lang="${locale}"]`).waitFor({ state: 'attached' });
}

/** The page's main heading, once it is there. */
export async function headingText(page: Page): Promise<string> {
  const heading = page.getByRole('heading', { level: 1 });
  await heading.waitFor();
  return (await heading.innerText()).trim();
}

/** Logs in through the form, by mouse; resolves on the home page. */
export async function logIn(page: Page, email: string, password: string): Promise<void> {
  if (pathOf(page) !== '/login') await page.goto('/login');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('form[action="/login"] button[type="submit"]').click();
  await waitForPath(page, '/');
}

/** A short description of the focused element, for readable assertions. */
export async function focused(page: Page): Promise<{ tag: string; id: string; text: string; href: string | null }> {
  return page.evaluate(() => {
    const element = document.activeElement;
    return {
      tag: element?.tagName.toLowerCase() ?? '',
      id: element?.id ?? '',
      text: (element?.textContent ?? '').trim(),
      href: element?.getAttribute('href') ?? null,
    };
  });
}

export const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

/** Presses Tab until `target` has the focus; fails after `maxPresses`. Returns how many presses it took. */
export async function tabTo(page: Page, target: Locator, maxPresses = 15): Promise<number> {
  for (let presses = 0; presses <= maxPresses; presses++) {
    if (await isFocused(target)) return presses;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}: the focus is on ${JSON.stringify(await focused(page))}`);
}

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations: string[];
  failedRequests: string[];
  all(): string[];
}

declare global {
  interface Window {
    __escaleReportCspViolation?: (violation: string) => void;
  }
}

/**
 * Records what should never happen on a page: console errors and warnings, uncaught exceptions,
 * Content-Security-Policy violations (from `securitypolicyviolation` events, through a binding
 * that the CSP cannot block), failed requests and sub-resources answered with an error status.
 * Call it before the page opens anything.
 */
export async function watchForProblems(context: BrowserContext, page: Page): Promise<PageProblems> {
  const problems: PageProblems = {
    consoleErrors: [],
    pageErrors: [],
    cspViolations: [],
    failedRequests: [],
    all() {
      return [...this.consoleErrors, ...this.pageErrors, ...this.cspViolations, ...this.failedRequests];
    },
  };
  await context.exposeBinding('__escaleReportCspViolation', (_source, violation: string) => {
    problems.cspViolations.push(violation);
  });
  await context.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (event) => window.__escaleReportCspViolation?.(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} on ${event.documentURI}`),
      true,
    );
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.consoleErrors.push(`${message.type()}: ${message.text()} (${message.location().url})`);
    }
  });
  page.on('pageerror', (error) => problems.pageErrors.push(`${error.name}: ${error.message}`));
  page.on('requestfailed', (request) => {
    // The browser's own request for the tab's icon is cancelled when a form is sent before it ends: not the page's fault.
    if (request.failure()?.errorText === 'net::ERR_ABORTED' && new URL(request.url()).pathname === '/assets/favicon.svg') return;
    problems.failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
  });
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'document' && response.status() >= 400) {
      problems.failedRequests.push(`${response.request().method()} ${response.url()}: ${response.status()}`);
    }
  });
  return problems;
}

/**
 * Lets everything the page has queued reach the test: reports from bindings travel on the same
 * connection as this evaluation's answer, so they have arrived when it returns.
 */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
}

export { eventually };

/** A user created through the API (as test-app.ts does), with the name the pages greet them by. */
export async function createUser(h: BrowserHarness, role: Role): Promise<{ id: string; email: string; name: string }> {
  const { id, email } = await h.t.userWithToken(role);
  const [row] = await h.t.dataSource.query(`SELECT name FROM users WHERE id = $1`, [id]);
  return { id, email, name: row.name as string };
}

/** Signs in through the API from a chosen loopback address; resolves with the status. */
export function signInFrom(baseURL: string, localAddress: string, email: string, password: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL('/api/v1/auth/token', baseURL);
    const outgoing = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json' } }, (incoming) => {
      incoming.resume();
      incoming.on('end', () => resolve(incoming.statusCode ?? 0));
    });
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify({ email, password }));
  });
}
/** The WCAG 2.0 and 2.1 success criteria, levels A and AA, that axe-core checks. */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * What axe-core finds wrong with the page as it is now (WCAG 2.0/2.1 A and AA), one readable
 * line per rule broken: the rule, its impact, what it asks, and the elements that break it.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  // axe-core runs in the page itself: one evaluation, no extra page per run.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate((tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags } }).then((results) => results.violations), WCAG_AA_TAGS);
  return violations.map((violation) => {
    const nodes = violation.nodes.map((node) => `${node.target.join(' ')}${node.failureSummary ? ` (${node.failureSummary.replace(/\s+/g, ' ').trim()})` : ''}`);
    return `${violation.id} [${violation.impact ?? 'n/a'}] ${violation.help}: ${nodes.join('; ')}`;
  });
}

/** Fails, naming the page and every rule broken, when axe-core finds anything on the page. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length > 0) throw new Error(`axe-core found ${violations.length} problem(s) on ${pathOf(page)}:\n  ${violations.join('\n  ')}`);
}
