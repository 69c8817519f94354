import request from 'supertest';
import { isoToLocalDateTime, UI_TIME_ZONE } from '../../apps/server/src/admin/time.js';
import { createCentre, newPerson } from '../support/fixtures.js';
import { DEFAULT_PASSWORD, logIn, msg, settle, startBrowserHarness, waitForLanguage, watchForProblems, type BrowserHarness } from './browser-support.js';

const DAY_MS = 86_400_000;

/** A time as the French pages show it: the medium date and short time in Paris. */
const shown = (iso: string) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short', timeZone: UI_TIME_ZONE }).format(new Date(iso));

describe('Admin UI: the Dublin stages of a referral, in French (browser)', () => {
  let h: BrowserHarness;

  beforeAll(async () => {
    h = await startBrowserHarness();
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  it('offers only the allowed moves, asks to confirm acceptance, suspends the transfer deadline on appeal and records an appointment', async () => {
    const centre = await createCentre(h.t, { kind: 'reception', units: [{ housing: 'men', beds: 4 }] });
    const staff = await h.t.userWithToken('staff', [centre.id]);
    const caseworker = await h.t.userWithToken('caseworker', [centre.id]);
    const api = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });
    const arrival = (await request(h.t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set(api(staff)).send({ person: newPerson() }).expect(201)).body;
    let referral = (await request(h.t.http).post(`/api/v1/cases/${arrival.case.id}/referrals`).set(api(caseworker)).send({ kind: 'asylum' }).expect(201)).body;
    for (const [to, extra] of [['submitted', {}], ['registered', {}], ['dublin_requested', { dublinBasis: 'eurodac_hit' }]] as const) {
      referral = (await request(h.t.http).post(`/api/v1/referrals/${referral.id}/transitions`).set(api(caseworker)).send({ to, version: referral.version, ...extra }).expect(200)).body;
    }

    const { context, page } = await h.newPage({ locale: 'fr-FR' });
    const problems = await watchForProblems(context, page);
    await logIn(page, caseworker.email, DEFAULT_PASSWORD);
    await page.goto(`/cases/${arrival.case.id}`);
    await waitForLanguage(page, 'fr');
    const card = page.locator('article.referral').first();
    expect(await card.locator('[data-referral-status]').innerText()).toBe(msg('fr', 'referral.stageIs', { status: msg('fr', 'referralStatus.dublin_requested') }));
    expect(await card.locator('[data-deadline]').getAttribute('data-deadline')).toBe('dublin_reply');
    expect(await card.locator('form[data-move]').evaluateAll((forms) => forms.map((form) => form.getAttribute('data-move')))).toEqual(['dublin_accepted', 'lodged', 'withdrawn']);
    expect(await card.locator('form[data-move="lodged"] button').innerText()).toBe(msg('fr', 'referralMove.lodged.fromDublin'));
    expect(await card.locator('[data-dublin]').innerText()).toContain(msg('fr', 'dublin.basis', { basis: msg('fr', 'dublinBasis.eurodac_hit') }));

    // Acceptance without the confirmation: refused, with the summary focused and nothing recorded.
    const accept = card.locator('form[data-move="dublin_accepted"]');
    expect(await accept.innerText()).toContain(msg('fr', 'referral.confirm'));
    await accept.getByRole('button', { name: msg('fr', 'referralMove.dublin_accepted') }).click();
    const summary = page.getByRole('alert').filter({ hasText: msg('fr', 'errors.VALIDATION_FAILED') });
    await summary.waitFor();
    expect(await summary.getByRole('link').innerText()).toBe(msg('fr', 'fieldError.confirm'));
    expect(await page.locator('#move-dublin_accepted-confirm').getAttribute('aria-invalid')).toBe('true');
    expect(await card.locator('[data-referral-status]').getAttribute('data-referral-status')).toBe('dublin_requested');

    await page.locator('#move-dublin_accepted-confirm').check();
    await page.locator('#move-dublin_accepted-submit').click();
    await page.getByRole('status').filter({ hasText: msg('fr', 'case.done.moved') }).waitFor();
    expect(await card.locator('[data-referral-status]').getAttribute('data-referral-status')).toBe('dublin_accepted');
    expect(await card.locator('[data-deadline]').getAttribute('data-deadline')).toBe('dublin_transfer');

    // The appeal against the transfer decision stops the clock.
    await card.getByRole('button', { name: msg('fr', 'dublin.appeal.lodge') }).click();
    await page.getByRole('status').filter({ hasText: msg('fr', 'case.done.appealed') }).waitFor();
    const appealed = (await request(h.t.http).get(`/api/v1/referrals/${referral.id}`).set(api(caseworker)).expect(200)).body;
    expect(await card.locator('[data-transfer-appeal]').innerText()).toBe(msg('fr', 'dublin.appeal.pending', { date: shown(appealed.dublin.transferAppeal.lodgedAt) }));
    expect(await card.locator('[data-deadline]').count()).toBe(0);
    expect(await card.getByRole('button', { name: msg('fr', 'dublin.appeal.decide') }).count()).toBe(1);

    // An appointment at the single desk, next week.
    const nextWeek = isoToLocalDateTime(new Date(Date.now() + 7 * DAY_MS).toISOString());
    await page.locator(`#date-${referral.id}-guda_appointment`).fill(nextWeek);
    await page.locator(`#date-${referral.id}-guda_appointment-submit`).click();
    await page.getByRole('status').filter({ hasText: msg('fr', 'case.done.dated') }).waitFor();
    expect(await card.locator('[data-date="guda_appointment"] time').count()).toBe(1);
    const stored = (await request(h.t.http).get(`/api/v1/referrals/${referral.id}`).set(api(caseworker)).expect(200)).body;
    expect(isoToLocalDateTime(stored.dates.gudaAppointmentAt)).toBe(nextWeek);

    await settle(page);
    // The one refusal above answered 400, as it should; nothing else went wrong.
    expect(problems.all().filter((problem) => !/status of 400 .*\/transitions\)$/.test(problem))).toEqual([]);
  });
});
