import type { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { createCentre, newPerson } from '../support/fixtures.js';
import { startTestWorker } from '../support/test-app.js';
import { DEFAULT_PASSWORD, eventually, logIn, msg, startBrowserHarness, waitForLanguage, watchForProblems, type BrowserHarness } from './browser-support.js';

describe('Admin UI: notices to hand over (browser)', () => {
  let h: BrowserHarness;
  let worker: INestApplicationContext;
  let centreId: string;
  let staff: { id: string; email: string; token: string };

  beforeAll(async () => {
    h = await startBrowserHarness();
    worker = await startTestWorker(h.t.config, { schedules: false });
    centreId = (await createCentre(h.t, { kind: 'reception', units: [{ housing: 'men', beds: 4 }] })).id;
    staff = await h.t.userWithToken('staff', [centreId]);
  });
  afterEach(() => h.closeContexts());
  afterAll(async () => {
    await worker?.close();
    await h?.close();
  });

  async function arrival(languages: string[], givenNames: string) {
    const { body } = await request(h.t.http).post(`/api/v1/centres/${centreId}/check-ins`).set('Authorization', `Bearer ${staff.token}`).send({ person: newPerson({ givenNames, familyName: 'Noori', languages }) }).expect(201);
    await eventually(async () => (await h.t.dataSource.query(`SELECT 1 FROM notices WHERE stay_id = $1`, [body.stay.id])).length > 0);
    return body;
  }

  it('prints a notice and marks it handed over, with the interpreter', async () => {
    const checkedIn = await arrival(['uz'], 'Farid');
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${centreId}/notices`);
    const row = page.locator('tr', { hasText: 'Farid NOORI' });
    await row.waitFor();
    await row.getByRole('link').click();
    // The notice is in French (he reads none of our languages) and names him.
    const notice = page.locator('.notice-print article');
    await notice.waitFor();
    expect(await notice.getAttribute('lang')).toBe('fr');
    expect(await notice.innerText()).toContain('Farid Noori');
    // As printed: the notice alone, without the page around it.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.site-header').isVisible()).toBe(false);
    expect(await notice.isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.length).toBeGreaterThan(1000);
    await page.emulateMedia({ media: 'screen' });
    // An interpreter is needed, so the box comes ticked.
    expect(await page.getByLabel(msg('en', 'notices.interpreterUsed')).isChecked()).toBe(true);
    await page.getByRole('button', { name: msg('en', 'notices.markHandedOver') }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'notices.handedOver') }).waitFor();
    expect(await page.locator('tr', { hasText: 'Farid NOORI' }).count()).toBe(0);
    const notices = await request(h.t.http).get(`/api/v1/notices?personId=${checkedIn.person.id}`).set('Authorization', `Bearer ${staff.token}`).expect(200);
    expect(notices.body.items[0]).toMatchObject({ status: 'handed_over', interpreterUsed: true });
    expect(problems.all()).toEqual([]);
  });

  it('lists the notices in French for a French-speaking member of staff', async () => {
    await arrival(['fr'], 'Awa');
    const { page } = await h.newPage({ locale: 'fr-FR' });
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${centreId}/notices`);
    await waitForLanguage(page, 'fr');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain(msg('fr', 'notices.title'));
    expect(await page.locator('tr', { hasText: 'Awa NOORI' }).count()).toBe(1);
  });
});
