import type { Page } from 'playwright-core';
import request from 'supertest';
import { RetentionService } from '@escale/privacy';
import { createCentre, newPerson } from '../support/fixtures.js';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  headingText,
  isFocused,
  msg,
  startBrowserHarness,
  tabTo,
  waitForPath,
  watchForProblems,
  type BrowserHarness,
} from './browser-support.js';

describe('Admin UI: retention and a person’s export, by keyboard (browser)', () => {
  let h: BrowserHarness;
  let personId: string;

  beforeAll(async () => {
    h = await startBrowserHarness();
    const centreId = (await createCentre(h.t, { kind: 'reception', units: [{ housing: 'women', beds: 2 }] })).id;
    const staff = await h.t.userWithToken('staff', [centreId]);
    const arrival = await request(h.t.http)
      .post(`/api/v1/centres/${centreId}/check-ins`)
      .set('Authorization', `Bearer ${staff.token}`)
      .send({ person: newPerson({ givenNames: 'Amina', familyName: 'Rahimi', sex: 'female', aliases: ['Amineh Rahimi'] }) })
      .expect(201);
    personId = arrival.body.person.id;
    await request(h.t.http).post(`/api/v1/people/${personId}/vulnerabilities`).set('Authorization', `Bearer ${staff.token}`).send({ type: 'pregnancy', notes: 'Seven months' }).expect(201);
    // One run on record: nothing is due yet.
    await h.t.app.get(RetentionService).runRetention();
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  /** Logs in with the keyboard only. */
  async function logInByKeyboard(page: Page, language: 'en' | 'fr' = 'en'): Promise<void> {
    await page.goto('/login');
    await tabTo(page, page.getByLabel(msg(language, 'login.email')));
    await page.keyboard.type(ADMIN_EMAIL);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await waitForPath(page, '/');
  }

  /** Skips the header with the skip link, so Tab starts in the page's content. */
  async function skipToMain(page: Page): Promise<void> {
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');
  }

  it('finds a person, opens their export, places a legal hold and prints it, without a mouse', async () => {
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logInByKeyboard(page);

    await page.goto('/retention');
    expect(await headingText(page)).toBe(msg('en', 'retention.title'));
    // The periods in force, and the run on record.
    await page.locator('tr[data-category="identity"] td[data-months="60"]').waitFor();
    expect(await page.locator('tr[data-run]').count()).toBe(1);
    expect(await page.locator('[data-hold-count]').innerText()).toBe(msg('en', 'retention.holds.count', { count: 0 }));

    // Search by name: the field has its label, Enter submits.
    await skipToMain(page);
    const search = page.getByLabel(msg('en', 'sar.search.label'));
    await tabTo(page, search, 10);
    await page.keyboard.type('Rahimi');
    await page.keyboard.press('Enter');
    const result = page.getByRole('link', { name: 'Amina Rahimi' });
    await result.waitFor();
    await tabTo(page, result, 40);
    await page.keyboard.press('Enter');
    await waitForPath(page, `/people/${personId}/export`);
    expect(await headingText(page)).toBe(msg('en', 'sar.title', { name: 'Amina Rahimi' }));
    expect(await page.getByRole('region', { name: msg('en', 'person.identity') }).innerText()).toContain('Amineh Rahimi');
    expect(await page.getByRole('region', { name: msg('en', 'sar.welfare') }).innerText()).toContain('Seven months');

    // Place a legal hold: the reason, then the button, by Tab.
    await skipToMain(page);
    const reason = page.getByLabel(msg('en', 'sar.legalHold.reason'));
    await tabTo(page, reason, 10);
    await page.keyboard.type('Complaint to the data protection authority');
    await page.keyboard.press('Tab');
    expect(await isFocused(page.getByRole('button', { name: msg('en', 'sar.legalHold.placeSubmit') }))).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: msg('en', 'sar.done.hold-placed') }).waitFor();
    await page.locator('[data-legal-hold="on"]').waitFor();

    // As printed: the content without the header, the forms or the buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.site-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: msg('en', 'sar.legalHold.release') }).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: msg('en', 'sar.stays'), exact: true }).isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.length).toBeGreaterThan(1000);
    await page.emulateMedia({ media: 'screen' });

    // Back on the retention page, the person is listed on hold, a link away.
    await page.goto('/retention');
    expect(await page.locator('[data-hold-count]').innerText()).toBe(msg('en', 'retention.holds.count', { count: 1 }));
    await skipToMain(page);
    const held = page.locator(`tr[data-held="${personId}"]`).getByRole('link', { name: 'Amina Rahimi' });
    await tabTo(page, held, 10);
    await page.keyboard.press('Enter');
    await waitForPath(page, `/people/${personId}/export`);
    expect(problems.all()).toEqual([]);
  });

  it('speaks French', async () => {
    const { page } = await h.newPage({ locale: 'fr-FR' });
    await logInByKeyboard(page, 'fr');
    await page.goto('/retention');
    expect(await headingText(page)).toBe(msg('fr', 'retention.title'));
    expect(await page.locator('tr[data-category="health"] th').innerText()).toBe(msg('fr', 'retention.category.health'));
    await page.goto(`/people/${personId}/export`);
    expect(await headingText(page)).toBe(msg('fr', 'sar.title', { name: 'Amina Rahimi' }));
    expect(await page.getByRole('link', { name: msg('fr', 'sar.download') }).count()).toBe(1);
  });
});
