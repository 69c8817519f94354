import request from 'supertest';
import { createCentre, type CentreFixture, newPerson } from '../support/fixtures.js';
import { DEFAULT_PASSWORD, headingText, logIn, msg, pathOf, startBrowserHarness, tabTo, waitForLanguage, watchForProblems, type BrowserHarness } from './browser-support.js';

describe('Admin UI: moving a bed and undoing a mistaken check-out (browser)', () => {
  let h: BrowserHarness;
  let centre: CentreFixture;
  let staff: { email: string; token: string };

  beforeAll(async () => {
    h = await startBrowserHarness();
    centre = await createCentre(h.t, {
      units: [
        { name: 'A Men', housing: 'men', beds: 3 },
        { name: 'B Women', housing: 'women', beds: 2 },
      ],
    });
    staff = await h.t.userWithToken('staff', [centre.id]);
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  const checkIn = async (person: Record<string, unknown>) => {
    const response = await request(h.t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set({ Authorization: `Bearer ${staff.token}` }).send({ person }).expect(201);
    return response.body.stay as { id: string; bedId: string };
  };

  it('moves a person to a bed picked from the suitable free beds, by keyboard, and keeps the bed left in the history', async () => {
    const stay = await checkIn(newPerson({ familyName: 'Haidari', givenNames: 'Karim', sex: 'male' }));
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/stays/${stay.id}`);
    expect(await headingText(page)).toBe(msg('en', 'stay.title', { name: 'Karim Haidari' }));

    // Only the free beds of the men's unit are offered: the women's unit is not.
    const picker = page.getByLabel(msg('en', 'moveBed.bed'));
    const offered = await picker.locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value).filter(Boolean));
    expect(offered).toEqual(centre.units[0].bedIds.filter((id) => id !== stay.bedId));

    // By keyboard: Tab to the picker, choose the last bed, Tab to the button, Enter.
    await tabTo(page, picker, 80);
    await page.keyboard.press('End');
    const chosen = await picker.inputValue();
    expect(chosen).toBe(centre.units[0].bedIds[2]);
    await tabTo(page, page.getByRole('button', { name: msg('en', 'moveBed.submit') }));
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: msg('en', 'stay.done.bed-moved') }).waitFor();
    expect(await page.locator('.facts').first().innerText()).toContain('1-003');
    expect(await page.locator('[data-bed-moves]').innerText()).toContain('1-001');
    const [row] = await h.t.dataSource.query(`SELECT bed_id FROM stays WHERE id = $1`, [stay.id]);
    expect(row.bed_id).toBe(chosen);
    expect(problems.all()).toEqual([]);
  });

  it('undoes a check-out recorded in error from the stay page, in French too', async () => {
    const stay = await checkIn(newPerson({ familyName: 'Tesfay', givenNames: 'Selam', sex: 'female' }));
    const { context, page } = await h.newPage({ locale: 'fr-FR' });
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/stays/${stay.id}`);
    await waitForLanguage(page, 'fr');
    const stayPath = pathOf(page);

    // The mistaken check-out.
    await page.getByLabel(msg('fr', 'checkOut.reason'), { exact: true }).selectOption('absconded');
    await page.locator('#checkout-confirm').check();
    await page.getByRole('button', { name: msg('fr', 'checkOut.submit') }).click();
    await page.getByRole('status').filter({ hasText: msg('fr', 'stay.done.checked-out') }).waitFor();
    expect(await page.locator('[data-stay-state]').getAttribute('data-stay-state')).toBe('closed');

    // Undone, by keyboard.
    const undo = page.getByRole('button', { name: msg('fr', 'reopen.submit') });
    await tabTo(page, undo, 80);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: msg('fr', 'stay.done.reopened') }).waitFor();
    expect(pathOf(page)).toBe(`${stayPath}?done=reopened`);
    expect(await page.locator('[data-stay-state]').getAttribute('data-stay-state')).toBe('open');
    expect(await page.getByRole('button', { name: msg('fr', 'reopen.submit') }).count()).toBe(0);
    const [row] = await h.t.dataSource.query(`SELECT checked_out_at, bed_id FROM stays WHERE id = $1`, [stay.id]);
    expect(row).toEqual({ checked_out_at: null, bed_id: stay.bedId });

    // Once the bed is taken by someone else, the undo is refused with the reason, not an error page.
    await page.getByLabel(msg('fr', 'checkOut.reason'), { exact: true }).selectOption('other');
    await page.locator('#checkout-confirm').check();
    await page.getByRole('button', { name: msg('fr', 'checkOut.submit') }).click();
    await page.getByRole('status').filter({ hasText: msg('fr', 'stay.done.checked-out') }).waitFor();
    await request(h.t.http)
      .post(`/api/v1/centres/${centre.id}/check-ins`)
      .set({ Authorization: `Bearer ${staff.token}` })
      .send({ person: newPerson({ sex: 'female' }), bedId: stay.bedId })
      .expect(201);
    await page.getByRole('button', { name: msg('fr', 'reopen.submit') }).click();
    await page.getByText(msg('fr', 'errors.REOPEN_NOT_ALLOWED')).first().waitFor();
    expect(problems.all().filter((problem) => !problem.includes('409'))).toEqual([]);
  });
});
