import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  DEFAULT_PASSWORD,
  headingText,
  isFocused,
  logIn,
  msg,
  startBrowserHarness,
  tabTo,
  waitForPath,
  type BrowserHarness,
} from './browser-support.js';
import { createCentre } from '../support/fixtures.js';
import { checkedIn } from '../support/stays-fixtures.js';

describe('Admin UI: a centre’s settings and beds out of service (browser)', () => {
  let h: BrowserHarness;

  beforeAll(async () => {
    h = await startBrowserHarness();
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  const settingsOf = async (id: string) =>
    (await h.t.dataSource.query(`SELECT max_stay_days, welfare_heightened_minutes, welfare_constant_minutes FROM centres WHERE id = $1`, [id]))[0];

  it('changes the limits and welfare intervals with the keyboard, showing the intervals’ rule as a field error', async () => {
    const centre = await createCentre(h.t, { kind: 'removal', units: [] });
    const { page } = await h.newPage();
    await logIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto(`/centres/${centre.id}`);
    await tabTo(page, page.locator('#centre-settings-link'), 60);
    await page.keyboard.press('Enter');
    await waitForPath(page, `/centres/${centre.id}/settings`);
    expect(await headingText(page)).toBe(msg('en', 'centreSettings.title', { centre: `Centre ${centre.code}` }));

    // constant checks further apart than heightened ones: refused on the form, nothing saved
    await tabTo(page, page.locator('#settings-welfareConstantMinutes'), 40);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('500');
    await page.keyboard.press('Enter');
    await page.locator('#settings-error').waitFor();
    expect(await isFocused(page.locator('#settings-error'))).toBe(true);
    expect(await page.locator('#settings-welfareConstantMinutes-error').innerText()).toContain(msg('en', 'fieldError.welfareConstantMinutes'));
    expect(await page.locator('#settings-welfareConstantMinutes').inputValue()).toBe('500');
    expect(await settingsOf(centre.id)).toEqual({ max_stay_days: 90, welfare_heightened_minutes: 240, welfare_constant_minutes: 15 });

    await tabTo(page, page.locator('#settings-maxStayDays'), 40);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('45');
    await tabTo(page, page.locator('#settings-welfareConstantMinutes'), 40);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('10');
    await page.keyboard.press('Enter');
    await waitForPath(page, `/centres/${centre.id}?done=settings`);
    await page.getByRole('status').filter({ hasText: msg('en', 'manage.done.settings') }).waitFor();
    expect(await page.locator('[data-welfare-intervals]').innerText()).toContain('10');
    expect(await settingsOf(centre.id)).toEqual({ max_stay_days: 45, welfare_heightened_minutes: 240, welfare_constant_minutes: 10 });
    const [change] = await h.t.dataSource.query(`SELECT changes FROM centre_setting_changes WHERE centre_id = $1`, [centre.id]);
    expect(change.changes).toEqual({ maxStayDays: { before: 90, after: 45 }, welfareConstantMinutes: { before: 15, after: 10 } });
  });

  it('takes a free bed out of service after a reason and a confirmation, says why an occupied one cannot be, and puts it back', async () => {
    const centre = await createCentre(h.t, { units: [{ housing: 'men', beds: 2 }] });
    const staff = await h.t.userWithToken('staff', [centre.id]);
    const { stay } = await checkedIn(h.t, staff.token, centre.id);
    const freeBed = centre.units[0].bedIds.find((id) => id !== stay.bedId)!;

    const { page } = await h.newPage();
    await logIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto(`/centres/${centre.id}`);
    const occupiedRow = page.locator(`#bed-${stay.bedId}`);
    expect(await occupiedRow.locator('[data-bed-occupied]').innerText()).toBe(msg('en', 'bedService.occupiedWhy'));
    expect(await occupiedRow.getByRole('link').count()).toBe(0);
    expect(await occupiedRow.getByRole('button').count()).toBe(0);

    await tabTo(page, page.locator(`#bed-${freeBed}`).getByRole('link', { name: msg('en', 'manage.takeOutOfService') }), 60);
    await page.keyboard.press('Enter');
    await waitForPath(page, `/centres/${centre.id}/beds/${freeBed}/out-of-service`);
    // sent without a reason or the confirmation: both asked for, the bed untouched
    await tabTo(page, page.getByRole('button', { name: msg('en', 'bedService.submit') }), 40);
    await page.keyboard.press('Enter');
    await page.locator('#bed-error').waitFor();
    expect(await page.locator('#bed-reason-error').innerText()).toContain(msg('en', 'fieldError.bedReason'));
    expect(await page.locator('#bed-confirm-error').innerText()).toContain(msg('en', 'fieldError.bedConfirm'));
    const [untouched] = await h.t.dataSource.query(`SELECT in_service FROM beds WHERE id = $1`, [freeBed]);
    expect(untouched.in_service).toBe(true);

    await tabTo(page, page.locator('#bed-reason'), 40);
    await page.keyboard.type('Clean');
    expect(await page.locator('#bed-reason').inputValue()).toBe('cleaning');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Deep clean after a leak');
    await page.locator('#bed-expectedBackOn').fill('2031-01-15');
    await tabTo(page, page.locator('#bed-confirm'), 40);
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    await waitForPath(page, `/centres/${centre.id}?done=bed-out-of-service`);
    await page.getByRole('status').filter({ hasText: msg('en', 'manage.done.bed-out-of-service') }).waitFor();
    const reason = await page.locator(`#bed-${freeBed} [data-bed-reason]`).innerText();
    expect(reason).toContain(msg('en', 'bedReason.cleaning'));
    expect(reason).toContain('Deep clean after a leak');
    const [row] = await h.t.dataSource.query(`SELECT in_service, out_of_service_reason, expected_back_on::text FROM beds WHERE id = $1`, [freeBed]);
    expect(row).toEqual({ in_service: false, out_of_service_reason: 'cleaning', expected_back_on: '2031-01-15' });

    // the centre's staff see why on their board
    const { page: staffPage } = await h.newPage();
    await logIn(staffPage, staff.email, DEFAULT_PASSWORD);
    await staffPage.goto(`/centres/${centre.id}/board`);
    const onBoard = await staffPage.locator('[data-bed-reason="cleaning"]').innerText();
    expect(onBoard).toContain(msg('en', 'bedReason.cleaning'));
    expect(onBoard).toContain('2031');

    await tabTo(page, page.locator(`#bed-${freeBed}`).getByRole('button', { name: msg('en', 'manage.putBackInService') }), 60);
    await page.keyboard.press('Enter');
    await waitForPath(page, `/centres/${centre.id}?done=bed-in-service`);
    const [back] = await h.t.dataSource.query(`SELECT in_service, out_of_service_reason FROM beds WHERE id = $1`, [freeBed]);
    expect(back).toEqual({ in_service: true, out_of_service_reason: null });
  });

  it('speaks French on both forms', async () => {
    const centre = await createCentre(h.t, { units: [{ housing: 'women', beds: 1 }] });
    const { page } = await h.newPage({ locale: 'fr-FR' });
    await logIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto(`/centres/${centre.id}/settings`);
    expect(await headingText(page)).toBe(msg('fr', 'centreSettings.title', { centre: `Centre ${centre.code}` }));
    await tabTo(page, page.locator('#settings-welfareHeightenedMinutes'), 40);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('5000');
    await page.keyboard.press('Enter');
    await page.locator('#settings-welfareHeightenedMinutes-error').waitFor();
    expect(await page.locator('#settings-welfareHeightenedMinutes-error').innerText()).toContain(msg('fr', 'fieldError.welfareHeightenedMinutes'));

    await page.goto(`/centres/${centre.id}/beds/${centre.units[0].bedIds[0]}/out-of-service`);
    expect(await headingText(page)).toBe(msg('fr', 'bedService.title', { bed: '1-001' }));
    expect(await page.locator('label[for="bed-reason"]').innerText()).toBe(msg('fr', 'bedService.reason'));
  });
});
