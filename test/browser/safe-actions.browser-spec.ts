import request from 'supertest';
import { isoToTypedDateTime } from '../../apps/server/src/admin/time.js';
import { createCentre, type CentreFixture, newPerson } from '../support/fixtures.js';
import { DEFAULT_PASSWORD, focused, isFocused, logIn, msg, settle, startBrowserHarness, tabTo, waitForLanguage, watchForProblems, type BrowserHarness } from './browser-support.js';

/** Irreversible actions by keyboard: what will happen in words, a box to tick, the error summary on a refusal, the message after. */
describe('Admin UI: confirming check-out, transfer and a legal case status (browser)', () => {
  let h: BrowserHarness;
  let centre: CentreFixture;
  let removal: CentreFixture;
  let staff: { email: string; token: string };
  let caseworker: { email: string; token: string };

  beforeAll(async () => {
    h = await startBrowserHarness();
    centre = await createCentre(h.t, { units: [{ name: 'A Men', housing: 'men', beds: 3 }] });
    removal = await createCentre(h.t, { kind: 'removal', units: [{ name: 'R Men', housing: 'men', beds: 2 }] });
    staff = await h.t.userWithToken('staff', [centre.id, removal.id]);
    caseworker = await h.t.userWithToken('caseworker', [centre.id]);
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  const checkIn = async (person: Record<string, unknown>, checkedInAt?: Date) => {
    const response = await request(h.t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set({ Authorization: `Bearer ${staff.token}` }).send({ person, checkedInAt: checkedInAt?.toISOString() }).expect(201);
    return response.body as { stay: { id: string; bedId: string }; case: { id: string } };
  };
  const stayClosed = async (id: string) => (await h.t.dataSource.query(`SELECT checked_out_at FROM stays WHERE id = $1`, [id]))[0].checked_out_at !== null;

  it('checks out only once confirmed: refused without the box, with the focus on the error summary, then done with a message', async () => {
    const { stay } = await checkIn(newPerson({ familyName: 'Haidari', givenNames: 'Karim', sex: 'male' }));
    const [bed] = await h.t.dataSource.query(`SELECT label FROM beds WHERE id = $1`, [stay.bedId]);
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/stays/${stay.id}`);

    // What will happen, in plain words, before the button.
    const confirm = page.locator('#checkout-confirm');
    expect(await page.locator('#checkout-confirm-hint').innerText()).toBe(msg('en', 'confirm.checkOut', { name: 'Karim Haidari', centre: `Centre ${centre.code}`, bed: bed.label }));
    expect(await confirm.getAttribute('aria-describedby')).toBe('checkout-confirm-hint');

    // By keyboard, without ticking the box: refused, nothing changes, the summary has the focus.
    const reason = page.getByLabel(msg('en', 'checkOut.reason'), { exact: true });
    await tabTo(page, reason, 120);
    await reason.selectOption('absconded');
    await tabTo(page, page.getByRole('button', { name: msg('en', 'checkOut.submit'), exact: true }), 20);
    await page.keyboard.press('Enter');
    const summary = page.locator('#stay-error');
    await summary.waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'stay-error');
    expect(await summary.getAttribute('role')).toBe('alert');
    expect(await summary.getAttribute('tabindex')).toBe('-1');
    expect(await summary.getByRole('link', { name: msg('en', 'fieldError.confirmAction') }).getAttribute('href')).toBe('#checkout-confirm');
    expect(await confirm.getAttribute('aria-invalid')).toBe('true');
    expect(await stayClosed(stay.id)).toBe(false);

    // The summary's link leads to the box; Space ticks it, and the check-out is recorded.
    await tabTo(page, summary.getByRole('link'), 3);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'checkout-confirm');
    await page.keyboard.press('Space');
    expect(await confirm.isChecked()).toBe(true);
    await tabTo(page, page.getByRole('button', { name: msg('en', 'checkOut.submit'), exact: true }), 20);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: msg('en', 'stay.done.checked-out') }).waitFor();
    expect(await stayClosed(stay.id)).toBe(true);
    // A closed stay offers neither check-out nor transfer.
    expect(await page.locator('#checkout-confirm, #transfer-confirm').count()).toBe(0);

    await settle(page);
    expect(problems.all().filter((problem) => !/status of 400 .*\/check-out\)$/.test(problem))).toEqual([]);
  });

  it('takes a date and time in one Tab stop, typed as jj/mm/aaaa hh:mm, in French', async () => {
    const { stay } = await checkIn(newPerson({ familyName: 'Ahmadi', givenNames: 'Omid', sex: 'male' }), new Date(Date.now() - 3 * 3_600_000));
    const { context, page } = await h.newPage({ locale: 'fr-FR' });
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/stays/${stay.id}`);
    await waitForLanguage(page, 'fr');
    const at = page.locator('#checkout-at');
    expect(await at.getAttribute('type')).toBe('text');
    expect(await page.locator('#checkout-at-format').innerText()).toBe(msg('fr', 'form.dateTimeFormat'));
    expect((await at.getAttribute('aria-describedby'))!.split(' ')).toEqual(['checkout-at-hint', 'checkout-at-format']);

    const reason = page.getByLabel(msg('fr', 'checkOut.reason'), { exact: true });
    await tabTo(page, reason, 120);
    await reason.selectOption('absconded');
    await tabTo(page, at, 4);
    // An hour ago, to the minute, typed as the hint says; one Tab leaves the field.
    const leftAt = new Date(Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000);
    await page.keyboard.type(isoToTypedDateTime(leftAt.toISOString()));
    await page.keyboard.press('Tab');
    expect((await focused(page)).id).toBe('checkout-confirm');
    await page.keyboard.press('Space');
    await tabTo(page, page.getByRole('button', { name: msg('fr', 'checkOut.submit'), exact: true }), 3);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: msg('fr', 'stay.done.checked-out') }).waitFor();
    const [row] = await h.t.dataSource.query(`SELECT checked_out_at FROM stays WHERE id = $1`, [stay.id]);
    expect(row.checked_out_at).toEqual(leftAt);

    await settle(page);
    expect(problems.all()).toEqual([]);
  });

  it('transfers in French only once confirmed, saying so in French', async () => {
    const { stay } = await checkIn(newPerson({ familyName: 'Tesfay', givenNames: 'Abel', sex: 'male' }));
    const { context, page } = await h.newPage({ locale: 'fr-FR' });
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/stays/${stay.id}`);
    await waitForLanguage(page, 'fr');
    expect(await page.locator('#transfer-confirm-hint').innerText()).toContain('Abel Tesfay');
    expect(await page.locator('label[for="transfer-confirm"]').innerText()).toBe(msg('fr', 'confirm.box'));

    const centreField = page.getByLabel(msg('fr', 'transfer.centre'), { exact: true });
    await tabTo(page, centreField, 160);
    await centreField.selectOption(removal.id);
    const submit = page.getByRole('button', { name: msg('fr', 'transfer.submit'), exact: true });
    await tabTo(page, submit, 20);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'stay-error');
    expect(await page.locator('#stay-error').innerText()).toContain(msg('fr', 'fieldError.confirmAction'));
    expect(await stayClosed(stay.id)).toBe(false);
    // The centre chosen is kept; the box is asked again.
    expect(await page.getByLabel(msg('fr', 'transfer.centre'), { exact: true }).inputValue()).toBe(removal.id);

    await tabTo(page, page.locator('#transfer-confirm'), 120);
    await page.keyboard.press('Space');
    await tabTo(page, page.getByRole('button', { name: msg('fr', 'transfer.submit'), exact: true }), 5);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: msg('fr', 'stay.done.transferred') }).waitFor();
    expect(await stayClosed(stay.id)).toBe(true);

    await settle(page);
    expect(problems.all().filter((problem) => !/status of 400 .*\/transfers\)$/.test(problem))).toEqual([]);
  });

  it('asks the caseworker to confirm a legal status of the case, in French, and not the claim going on', async () => {
    const { case: opened } = await checkIn(newPerson({ familyName: 'Rahimi', givenNames: 'Sara', sex: 'male' }));
    const { context, page } = await h.newPage({ locale: 'fr-FR' });
    const problems = await watchForProblems(context, page);
    await logIn(page, caseworker.email, DEFAULT_PASSWORD);
    await page.goto(`/cases/${opened.id}`);
    await waitForLanguage(page, 'fr');
    expect(await page.locator('[data-status-move="asylum_in_progress"] [data-confirm-action]').count()).toBe(0);
    const released = page.locator('[data-status-move="released"]');
    expect(await released.locator('.consequence').innerText()).toBe(msg('fr', 'confirm.caseStatus', { name: 'Sara Rahimi', status: msg('fr', 'caseStatus.released') }));

    const button = released.getByRole('button', { name: msg('fr', 'caseStatus.released') });
    await tabTo(page, button, 80);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'case-error');
    expect(await page.locator('[data-case-status]').getAttribute('data-case-status')).toBe('open');

    const box = page.locator('#status-released-confirm');
    await tabTo(page, box, 80);
    await page.keyboard.press('Space');
    await tabTo(page, page.locator('[data-status-move="released"]').getByRole('button'), 3);
    expect(await isFocused(page.locator('[data-status-move="released"]').getByRole('button'))).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: msg('fr', 'case.done.status') }).waitFor();
    expect(await page.locator('[data-case-status]').getAttribute('data-case-status')).toBe('released');

    await settle(page);
    expect(problems.all().filter((problem) => !/status of 400 .*\/status\)$/.test(problem))).toEqual([]);
  });
});
