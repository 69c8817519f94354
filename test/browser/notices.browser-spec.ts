import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { projectRoot } from '@escale/platform';
import request from 'supertest';
import { createCentre, newPerson } from '../support/fixtures.js';
import { startTestWorker } from '../support/test-app.js';
import { DEFAULT_PASSWORD, eventually, logIn, msg, startBrowserHarness, waitForLanguage, watchForProblems, type BrowserHarness } from './browser-support.js';

describe('Admin UI: notices to hand over (browser)', () => {
  let h: BrowserHarness;
  let worker: INestApplicationContext;
  let centreId: string;
  let staff: { id: string; email: string; token: string };

  let root: string;

  beforeAll(async () => {
    // The folders as shipped, and one more language (Urdu, right to left) as a new folder adds it.
    root = mkdtempSync(join(tmpdir(), 'escale-templates-'));
    cpSync(join(projectRoot(), 'libs/notices/templates'), root, { recursive: true });
    cpSync(join(root, 'en'), join(root, 'ur'), { recursive: true });
    writeFileSync(join(root, 'ur', 'meta.json'), JSON.stringify({ name: 'اردو', dir: 'rtl', locale: 'ur', script: 'Arab' }));
    h = await startBrowserHarness({ env: { NOTICE_TEMPLATES_DIR: root } });
    worker = await startTestWorker(h.t.config, { schedules: false });
    centreId = (await createCentre(h.t, { kind: 'reception', units: [{ housing: 'men', beds: 4 }] })).id;
    staff = await h.t.userWithToken('staff', [centreId]);
  });
  afterEach(() => h.closeContexts());
  afterAll(async () => {
    await worker?.close();
    await h?.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function arrival(languages: string[], givenNames: string) {
    const { body } = await request(h.t.http).post(`/api/v1/centres/${centreId}/check-ins`).set('Authorization', `Bearer ${staff.token}`).send({ person: newPerson({ givenNames, familyName: 'Noori', languages }) }).expect(201);
    await eventually(async () => (await h.t.dataSource.query(`SELECT 1 FROM notices WHERE stay_id = $1`, [body.stay.id])).length > 0);
    return body;
  }

  it('prints a notice and records its hand-over as it happened: nothing ticked for staff, the error summary focused', async () => {
    const checkedIn = await arrival(['zu'], 'Farid');
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${centreId}/notices`);
    const row = page.locator('tr', { hasText: 'Farid NOORI' });
    await row.waitFor();
    await row.getByRole('link').click();
    // The notice is in French (no template speaks his language), and the page says so.
    const notice = page.locator('.notice-print article');
    await notice.waitFor();
    expect(await notice.getAttribute('lang')).toBe('fr');
    expect(await notice.innerText()).toContain('Farid Noori');
    await page.getByText(msg('en', 'notices.fallback')).waitFor();
    // As printed: the notice alone, without the page around it.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.site-header').isVisible()).toBe(false);
    expect(await notice.isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.length).toBeGreaterThan(1000);
    await page.emulateMedia({ media: 'screen' });
    // No interpreter choice is made for staff; sending without one is refused, and focus goes to the summary.
    for (const mode of ['none', 'present', 'phone']) expect(await page.locator(`#interpreter-mode-${mode}`).isChecked()).toBe(false);
    await page.getByRole('button', { name: msg('en', 'notices.markHandedOver') }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
    await summary.getByRole('link', { name: msg('en', 'handOver.error.mode') }).waitFor();
    // By keyboard: an interpreter by phone, named, in Zulu.
    await page.getByLabel(msg('en', 'handOver.mode.phone')).check();
    await page.getByLabel(msg('en', 'handOver.interpreterName')).fill('ISM Interprétariat');
    await page.getByLabel(msg('en', 'handOver.interpreterLanguage')).selectOption('zu');
    // Refused too for want of the confirmation, which says what the hand-over does.
    await summary.getByRole('link', { name: msg('en', 'fieldError.confirmAction') }).waitFor();
    expect(await page.locator('#handover-confirm-hint').innerText()).toBe(msg('en', 'confirm.handOver'));
    await page.locator('#handover-confirm').check();
    await page.getByLabel(msg('en', 'handOver.interpreterName')).press('Enter');
    await page.getByRole('status').filter({ hasText: msg('en', 'notices.handedOver') }).waitFor();
    expect(await page.locator('tr', { hasText: 'Farid NOORI' }).count()).toBe(0);
    const notices = await request(h.t.http).get(`/api/v1/notices?personId=${checkedIn.person.id}`).set('Authorization', `Bearer ${staff.token}`).expect(200);
    expect(notices.body.items[0]).toMatchObject({ status: 'handed_over', interpreterUsed: true, handedOverLanguage: 'fr', interpreter: { mode: 'phone', name: 'ISM Interprétariat', language: 'zu' } });
    expect(problems.all()).toEqual([expect.stringMatching(/status of 400 .*\/handover\)$/)]);
  });

  it('prints every pending notice of a boat in one document, each in its language and direction, one per page', async () => {
    const interception = (await request(h.t.http).post('/api/v1/interceptions').set('Authorization', `Bearer ${staff.token}`).send({ occurredAt: new Date(Date.now() - 3_600_000).toISOString(), location: 'Wimereux', agency: 'PAF', groupSize: 2 }).expect(201)).body;
    for (const [languages, givenNames] of [[['ur'], 'Bilal'], [['fr'], 'Awa']] as const) {
      const { body } = await request(h.t.http).post(`/api/v1/centres/${centreId}/check-ins`).set('Authorization', `Bearer ${staff.token}`).send({ person: newPerson({ givenNames, familyName: 'Boat', languages }), interceptionId: interception.id }).expect(201);
      await eventually(async () => (await h.t.dataSource.query(`SELECT 1 FROM notices WHERE stay_id = $1`, [body.stay.id])).length > 0);
    }
    const { context, page } = await h.newPage({ locale: 'fr-FR' });
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${centreId}/notices?interceptionId=${interception.id}`);
    await waitForLanguage(page, 'fr');
    await page.getByRole('link', { name: msg('fr', 'notices.printAll', { count: 2 }) }).click();
    const sheets = page.locator('.notice-sheet article');
    await sheets.first().waitFor();
    expect(await sheets.evaluateAll((articles) => articles.map((article) => [article.getAttribute('lang'), getComputedStyle(article).direction]))).toEqual([
      ['ur', 'rtl'],
      ['fr', 'ltr'],
    ]);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.notice-sheet').evaluateAll((sections) => sections.map((section) => getComputedStyle(section).breakAfter))).toEqual(['page', 'auto']);
    expect((await page.pdf({ format: 'A4' })).length).toBeGreaterThan(1000);
    expect(problems.all()).toEqual([]);
  });

  it('lets an administrator record, in French, the review of a translation; the language is then reviewed', async () => {
    const admin = await h.t.userWithToken('admin', []);
    const { context, page } = await h.newPage({ locale: 'fr-FR' });
    const problems = await watchForProblems(context, page);
    await logIn(page, admin.email, DEFAULT_PASSWORD);
    await page.getByRole('link', { name: msg('fr', 'noticeLanguages.nav') }).click();
    await waitForLanguage(page, 'fr');
    const urdu = page.locator('tr[data-language="ur"]');
    expect(await urdu.innerText()).toContain(msg('fr', 'noticeLanguages.draft'));
    await page.getByText(msg('fr', 'noticeLanguages.record', { language: 'ourdou' })).click();
    const form = page.locator('form[action="/notice-languages/ur/reviews"]');
    await form.getByLabel(msg('fr', 'noticeLanguages.reviewerName')).fill('Samina Qureshi');
    await form.getByRole('button', { name: msg('fr', 'noticeLanguages.submit') }).click();
    // Missing organisation and date: refused, the form open again with the summary focused.
    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
    await form.getByLabel(msg('fr', 'noticeLanguages.organisation')).fill('ISM Interprétariat');
    await form.getByLabel(msg('fr', 'noticeLanguages.reviewedOn')).fill('2026-11-30');
    await form.getByRole('button', { name: msg('fr', 'noticeLanguages.submit') }).click();
    await page.getByRole('status').filter({ hasText: msg('fr', 'noticeLanguages.reviewed', { language: 'ourdou' }) }).waitFor();
    expect(await page.locator('tr[data-language="ur"]').innerText()).toContain(msg('fr', 'noticeLanguages.isReviewed'));
    const listed = await request(h.t.http).get('/api/v1/notice-languages').set('Authorization', `Bearer ${staff.token}`).expect(200);
    expect(listed.body.items.find((item: { code: string }) => item.code === 'ur')).toMatchObject({ reviewed: true, review: { reviewerName: 'Samina Qureshi' } });
    expect(problems.all()).toEqual([expect.stringMatching(/status of 400 .*\/notice-languages\/ur\/reviews\)$/)]);
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
