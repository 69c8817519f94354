import request from 'supertest';
import { FixedClock } from '@escale/platform';
import { isoToLocalDateTime } from '../../apps/server/src/admin/time.js';
import { createCentre, newPerson } from '../support/fixtures.js';
import { DEFAULT_PASSWORD, headingText, logIn, msg, pathOf, settle, startBrowserHarness, waitForLanguage, watchForProblems, type BrowserHarness } from './browser-support.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('Admin UI: a judge’s hearing on the legal record of a stay, in French (browser)', () => {
  const start = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
  const clock = new FixedClock(start);
  let h: BrowserHarness;

  beforeAll(async () => {
    h = await startBrowserHarness({ clock });
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  it('schedules a hearing from the keyboard after a form error, then records a refusal with a confirmation that says the person will be released', async () => {
    const centre = await createCentre(h.t, { kind: 'removal', units: [{ housing: 'men', beds: 2 }] });
    const staff = await h.t.userWithToken('staff', [centre.id]);
    const held = await request(h.t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set('Authorization', `Bearer ${staff.token}`).send({ person: newPerson({ givenNames: 'Reza', familyName: 'Karimi' }) }).expect(201);
    const stayId = held.body.stay.id as string;

    const { context, page } = await h.newPage({ locale: 'fr-FR' });
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/stays/${stayId}`);
    await waitForLanguage(page, 'fr');
    // No hearing before the authority ends: the stay page says so, and leads to the legal record.
    await page.locator('#legal [data-no-hearing]').waitFor();
    await page.getByRole('link', { name: msg('fr', 'legal.link') }).click();
    expect(pathOf(page)).toBe(`/stays/${stayId}/legal`);
    expect(await headingText(page)).toBe(msg('fr', 'legal.title', { name: 'Reza Karimi' }));

    // Sent empty: the error summary takes the focus and links to the fields.
    const schedule = page.locator('#schedule-hearing');
    await schedule.getByRole('button', { name: msg('fr', 'legal.scheduleSubmit') }).click();
    const summary = page.locator('#legal-error');
    await summary.waitFor();
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
    await summary.getByRole('link', { name: msg('fr', 'legal.fieldError.court') }).waitFor();
    expect(await page.locator('#hearing-court').getAttribute('aria-invalid')).toBe('true');

    // Filled in and sent with Enter.
    const hearingAt = new Date(start.getTime() + 2 * HOUR);
    await page.locator('#hearing-scheduledAt').fill(isoToLocalDateTime(hearingAt.toISOString()));
    await page.locator('#hearing-purpose').selectOption('extension');
    await page.getByLabel(msg('fr', 'legal.court'), { exact: true }).fill('JLD du tribunal judiciaire de Lille');
    await page.getByLabel(msg('fr', 'legal.court'), { exact: true }).press('Enter');
    await page.getByRole('status').filter({ hasText: msg('fr', 'legal.done.hearing-scheduled') }).waitFor();
    expect(await page.locator('[data-no-hearing]').count()).toBe(0);
    const hearing = page.locator('[data-hearing]');
    expect(await hearing.innerText()).toContain('JLD du tribunal judiciaire de Lille');

    // The judge refuses: the confirmation says what will happen before anything is recorded.
    clock.set(new Date(start.getTime() + 3 * HOUR));
    await hearing.locator('select[name="outcome"]').selectOption('refused');
    await hearing.locator('input[name="decidedAt"]').fill(isoToLocalDateTime(new Date(start.getTime() + 2 * HOUR + 30 * MINUTE).toISOString()));
    await hearing.getByRole('button', { name: msg('fr', 'legal.recordOutcomeSubmit') }).click();
    const consequence = page.locator('[data-consequence]');
    await consequence.waitFor();
    expect(await consequence.innerText()).toContain('La personne sera libérée le');
    const [{ open }] = await h.t.dataSource.query(`SELECT checked_out_at IS NULL AS open FROM stays WHERE id = $1`, [stayId]);
    expect(open).toBe(true);
    await page.getByRole('button', { name: msg('fr', 'legal.confirm.submit') }).click();
    await page.getByRole('status').filter({ hasText: msg('fr', 'legal.done.released') }).waitFor();
    const [stay] = await h.t.dataSource.query(`SELECT exit_reason FROM stays WHERE id = $1`, [stayId]);
    expect(stay.exit_reason).toBe('released_by_court');
    expect(await page.locator('[data-hearing-outcome="refused"]').count()).toBe(1);

    await settle(page);
    // The form sent empty answers 400 by design (the browser reports it); nothing else went wrong.
    expect(problems.all().filter((problem) => !/status of 400 .*\/legal\/hearings\)$/.test(problem))).toEqual([]);
  });
});
