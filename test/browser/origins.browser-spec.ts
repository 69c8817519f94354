import type { Page } from 'playwright-core';
import type { Locale } from '@escale/platform';
import { createCentre, type CentreFixture } from '../support/fixtures.js';
import { DEFAULT_PASSWORD, focused, logIn, msg, startBrowserHarness, waitForLanguage, watchForProblems, type BrowserHarness } from './browser-support.js';

/** Fills who the person is on the check-in form, in the page's language. */
async function fillIdentity(page: Page, locale: Locale, familyName: string, givenNames: string): Promise<void> {
  await page.getByLabel(msg(locale, 'person.familyName'), { exact: true }).fill(familyName);
  await page.getByLabel(msg(locale, 'person.givenNames'), { exact: true }).fill(givenNames);
  await page.getByLabel(msg(locale, 'checkIn.dateOfBirth'), { exact: true }).fill('1994-06-21');
  await page.getByLabel(msg(locale, 'person.sex'), { exact: true }).selectOption('male');
}

/** The names the language list offers, in order. */
const offered = (page: Page, list: string) => page.locator(`#${list} option`).evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));

describe('Admin UI: languages in order, by name in the page’s language (browser)', () => {
  let h: BrowserHarness;
  let centre: CentreFixture;
  let staff: { email: string };

  beforeAll(async () => {
    h = await startBrowserHarness();
    centre = await createCentre(h.t, { units: [{ housing: 'men', beds: 4 }] });
    staff = await h.t.userWithToken('staff', [centre.id]);
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  /** Submits the check-in form and returns the person recorded under that family name. */
  async function checkInAndFind(page: Page, locale: Locale, familyName: string): Promise<{ id: string; languages: string[]; nationalities: string }> {
    await page.locator('#check-in-form').getByRole('button', { name: msg(locale, 'checkIn.submit') }).click();
    await page.locator('.confirmation').waitFor();
    const [person] = await h.t.dataSource.query(`SELECT id, languages, array_to_string(nationalities, ',') AS nationalities FROM people WHERE family_name = $1`, [familyName]);
    return person;
  }

  it('in French: “dari” typed as the main language, “pachto” added and moved first from the keyboard, shown first on the person page', async () => {
    const { context, page } = await h.newPage({ locale: 'fr-FR' });
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${centre.id}/check-in`);
    await waitForLanguage(page, 'fr');
    await fillIdentity(page, 'fr', 'Sultani', 'Ahmad');

    // One input to start with, the main language; the list offers the names in French, the arrivals' languages first.
    const languages = page.locator('#languages');
    expect(await languages.locator('input').count()).toBe(1);
    expect((await offered(page, 'languages-names')).slice(0, 3)).toEqual(['dari', 'pachto', 'arabe']);
    await page.getByLabel(msg('fr', 'origins.language.main'), { exact: true }).pressSequentially('dari');
    await page.getByLabel(msg('fr', 'origins.nationality.first'), { exact: true }).fill('Afghanistan');

    // A second language, from the keyboard: the add button, then the new input has the focus.
    await languages.getByRole('button', { name: msg('fr', 'origins.add.language') }).focus();
    await page.keyboard.press('Enter');
    const second = page.getByLabel(msg('fr', 'origins.language.other', { number: 2 }), { exact: true });
    expect(await second.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type('pachto');

    // Tab reaches the second row's "move up" button; Enter moves pachto first, and the focus stays on its row.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'button', text: `${msg('fr', 'origins.moveUp')} — ${msg('fr', 'origins.language.other', { number: 2 })}` });
    await page.keyboard.press('Enter');
    expect(await page.getByLabel(msg('fr', 'origins.language.main'), { exact: true }).inputValue()).toBe('pachto');
    expect(await second.inputValue()).toBe('dari');
    expect(await focused(page)).toMatchObject({ tag: 'button', text: `${msg('fr', 'origins.moveDown')} — ${msg('fr', 'origins.language.main')}` });
    expect(await languages.locator('[data-origin-status]').innerText()).toBe(msg('fr', 'origins.moved', { label: msg('fr', 'origins.language.main'), value: 'pachto' }));

    const person = await checkInAndFind(page, 'fr', 'Sultani');
    expect(person).toMatchObject({ languages: ['ps', 'prs'], nationalities: 'AFG' });
    await page.goto(`/people/${person.id}`);
    expect(await page.locator('[data-person-languages]').innerText()).toBe('pachto (langue principale), dari');
    expect(await page.locator('[data-person-nationalities]').innerText()).toBe('Afghanistan');
    // The correction form shows them by name, in order.
    expect(await page.locator('#edit-languages-1').inputValue()).toBe('pachto');
    expect(await page.locator('#edit-languages-2').inputValue()).toBe('dari');
    expect(problems.all()).toEqual([]);
  });

  it('in English: the same form offers and shows English names, and a language removed from the record is gone', async () => {
    const { context, page } = await h.newPage({ locale: 'en-GB' });
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${centre.id}/check-in`);
    await waitForLanguage(page, 'en');
    await fillIdentity(page, 'en', 'Tesfay', 'Yonas');
    expect((await offered(page, 'languages-names')).slice(0, 3)).toEqual(['Dari', 'Pashto', 'Arabic']);
    expect((await offered(page, 'nationalities-names')).slice(0, 2)).toEqual(['Afghanistan', 'Syria']);
    await page.getByLabel(msg('en', 'origins.language.main'), { exact: true }).fill('Tigrinya');
    await page.locator('#languages').getByRole('button', { name: msg('en', 'origins.add.language') }).click();
    await page.getByLabel(msg('en', 'origins.language.other', { number: 2 }), { exact: true }).fill('Amharic');
    await page.getByLabel(msg('en', 'origins.nationality.first'), { exact: true }).fill('Eritrea');

    const person = await checkInAndFind(page, 'en', 'Tesfay');
    expect(person).toMatchObject({ languages: ['ti', 'am'], nationalities: 'ERI' });
    await page.goto(`/people/${person.id}`);
    expect(await page.locator('[data-person-languages]').innerText()).toBe('Tigrinya (main language), Amharic');
    expect(await page.locator('[data-person-nationalities]').innerText()).toBe('Eritrea');

    // Removing the second language on the correction form leaves the main one alone.
    await page.locator('#edit-languages').getByRole('button', { name: `${msg('en', 'origins.remove')} — ${msg('en', 'origins.language.other', { number: 2 })}` }).click();
    expect(await page.locator('#edit-languages').locator('input').count()).toBe(1);
    await page.locator('#edit-form').getByRole('button', { name: msg('en', 'person.edit.submit') }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'person.done.corrected') }).waitFor();
    expect(await page.locator('[data-person-languages]').innerText()).toBe('Tigrinya');
    const [{ languages }] = await h.t.dataSource.query(`SELECT languages FROM people WHERE id = $1`, [person.id]);
    expect(languages).toEqual(['ti']);
    expect(problems.all()).toEqual([]);
  });

  it('without JavaScript: three fixed inputs in order do the same, empty ones skipped', async () => {
    const { page } = await h.newPage({ locale: 'en-GB', javaScriptEnabled: false });
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${centre.id}/check-in`);
    await fillIdentity(page, 'en', 'Rahmani', 'Omid');
    const inputs = page.locator('#languages').locator('input');
    expect(await inputs.count()).toBe(3);
    expect(await page.locator('#languages').getByRole('button').count()).toBe(0);
    await page.getByLabel(msg('en', 'origins.language.main'), { exact: true }).fill('Pashto');
    await page.getByLabel(msg('en', 'origins.language.other', { number: 3 }), { exact: true }).fill('prs');
    const person = await checkInAndFind(page, 'en', 'Rahmani');
    expect(person.languages).toEqual(['ps', 'prs']);
  });
});
