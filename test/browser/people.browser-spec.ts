import request from 'supertest';
import { createCentre, newPerson, type CentreFixture } from '../support/fixtures.js';
import type { Page } from 'playwright-core';
import { DEFAULT_PASSWORD, headingText, logIn, msg, pathOf, startBrowserHarness, waitForLanguage, waitForPath, watchForProblems, type BrowserHarness } from './browser-support.js';

/** Presses Enter in the search field and waits for the results page. */
async function search(page: Page): Promise<void> {
  const value = await page.locator('#people-q').inputValue();
  await Promise.all([page.waitForURL((url) => url.pathname === '/people' && url.searchParams.get('q') === value), page.keyboard.press('Enter')]);
  await page.waitForLoadState('domcontentloaded');
}

describe('Admin UI: finding a person, correcting and merging records (browser)', () => {
  let h: BrowserHarness;
  let centre: CentreFixture;
  let other: CentreFixture;
  let staff: { id: string; email: string; token: string };
  let otherStaff: { id: string; email: string; token: string };

  const checkIn = async (who: { token: string }, centreId: string, person = newPerson()) => {
    const body = (await request(h.t.http).post(`/api/v1/centres/${centreId}/check-ins`).set('Authorization', `Bearer ${who.token}`).send({ person }).expect(201)).body;
    return { personId: body.person.id as string, stayId: body.stay.id as string };
  };

  beforeAll(async () => {
    h = await startBrowserHarness();
    centre = await createCentre(h.t, { units: [{ housing: 'men', beds: 4 }] });
    other = await createCentre(h.t, { units: [{ housing: 'men', beds: 4 }] });
    staff = await h.t.userWithToken('staff', [centre.id]);
    otherStaff = await h.t.userWithToken('staff', [other.id]);
  });
  // A language chosen with the switch is kept for the user: each test starts from the browser's.
  beforeEach(() => h.t.dataSource.query(`UPDATE users SET locale = NULL WHERE id = $1`, [staff.id]));
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  it('finds people by name, alias and document number in the reader’s centres only, in English and French, with the keyboard', async () => {
    const mine = await checkIn(staff, centre.id, newPerson({ givenNames: 'Tesfay', familyName: 'Gebreselassie', aliases: ['Abu Tesfay'] }));
    const theirs = await checkIn(otherStaff, other.id, newPerson({ givenNames: 'Tesfaye', familyName: 'Gebreselassie' }));
    await request(h.t.http).post(`/api/v1/people/${mine.personId}/identifiers`).set('Authorization', `Bearer ${staff.token}`).send({ kind: 'passport', value: 'ER 778899', issuingCountry: 'ERI' }).expect(201);
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);

    await page.getByRole('navigation', { name: msg('en', 'nav.main') }).getByRole('link', { name: msg('en', 'nav.people'), exact: true }).click();
    await waitForPath(page, '/people');
    expect(await headingText(page)).toBe(msg('en', 'peopleSearch.title'));
    // The search field has the focus: type and press Enter.
    await page.keyboard.type('Gebreselasie');
    await search(page);
    const results = page.locator('[data-person-result]');
    expect(await results.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-person-result')))).toEqual([mine.personId]);
    expect(await page.locator(`[data-person-result="${theirs.personId}"]`).count()).toBe(0);

    await page.getByLabel(msg('en', 'peopleSearch.query')).fill('er778899');
    await search(page);
    expect(await page.locator(`[data-person-result="${mine.personId}"]`).innerText()).toContain(msg('en', 'peopleSearch.byIdentifier'));

    await page.getByRole('button', { name: 'Français', exact: true }).click();
    await waitForLanguage(page, 'fr');
    expect(await headingText(page)).toBe(msg('fr', 'peopleSearch.title'));
    await page.getByLabel(msg('fr', 'peopleSearch.query')).fill('zzzz nobody');
    await search(page);
    expect(await page.locator('[data-no-results]').innerText()).toBe(msg('fr', 'peopleSearch.none'));
    await page.getByLabel(msg('fr', 'peopleSearch.query')).fill('abu tesfay');
    await search(page);
    const link = page.locator(`[data-person-result="${mine.personId}"] a`);
    await link.focus();
    await page.keyboard.press('Enter');
    await waitForPath(page, `/people/${mine.personId}`);
    expect(problems.all()).toEqual([]);
  });

  it('corrects a record, adds an alias and a document, shows errors on the form, and merges a duplicate after a confirmation', async () => {
    const first = await checkIn(staff, centre.id, newPerson({ givenNames: 'Mohamad', familyName: 'Karimi', languages: ['fa'] }));
    await request(h.t.http).post(`/api/v1/stays/${first.stayId}/check-out`).set('Authorization', `Bearer ${staff.token}`).send({ reason: 'other' }).expect(200);
    const second = await checkIn(staff, centre.id, newPerson({ givenNames: 'Muhammad', familyName: 'Karimy', nationalities: ['IRN'], languages: ['fa'] }));
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/people/${first.personId}`);

    // A correction: the given names and languages.
    await page.locator('#edit-givenNames').fill('Mohammad');
    await page.locator('#edit-languages-1').fill('fa, fr');
    await page.locator('#edit-form').getByRole('button', { name: msg('en', 'person.edit.submit') }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'person.done.corrected') }).waitFor();
    expect(await headingText(page)).toContain('Mohammad Karimi');

    // A bad date of birth: the error is on the form, nothing saved.
    await page.locator('#edit-dateOfBirth').fill('2999-01-01');
    await page.locator('#edit-form').getByRole('button', { name: msg('en', 'person.edit.submit') }).click();
    await page.locator('#edit-dateOfBirth[aria-invalid="true"]').waitFor();
    expect(await page.locator('#edit-dateOfBirth-error').innerText()).toContain(msg('en', 'fieldError.dateOfBirth'));

    // An alias with its source, and a document.
    await page.goto(`/people/${first.personId}`);
    await page.locator('#alias-name').fill('Abu Karim');
    await page.locator('#alias-source').selectOption('self_declared');
    await page.locator('#alias-form').getByRole('button', { name: msg('en', 'person.alias.submit') }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'person.done.alias') }).waitFor();
    expect(await page.locator('[data-alias="Abu Karim"]').innerText()).toContain(msg('en', 'aliasSource.self_declared'));
    await page.locator('#identifier-kind').selectOption('eurodac');
    await page.locator('#identifier-value').fill('FR-2231');
    await page.locator('#identifier-form').getByRole('button', { name: msg('en', 'person.identifier.submit') }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'person.done.identifier') }).waitFor();
    expect(await page.locator('[data-identifier="eurodac"]').innerText()).toContain('FR-2231');

    // The merge asks first, then moves the other record here.
    await page.locator('#merge-duplicateId').fill(second.personId);
    await page.locator('#merge-form').getByRole('button', { name: msg('en', 'person.merge.submit') }).click();
    const confirm = page.locator('[data-merge-confirm]');
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain('Muhammad Karimy');
    // The confirmation button has the focus: Enter merges.
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: msg('en', 'person.done.merged') }).waitFor();
    expect(pathOf(page)).toBe(`/people/${first.personId}?done=merged`);
    const [row] = await h.t.dataSource.query(`SELECT merged_into FROM people WHERE id = $1`, [second.personId]);
    expect(row.merged_into).toBe(first.personId);
    // The merged record's page leads to the person.
    await page.goto(`/people/${second.personId}`);
    await waitForPath(page, `/people/${first.personId}`);

    // A stale edit (someone merged meanwhile: the version moved on) is refused on the form.
    await page.locator('#edit-form input[name="version"]').evaluate((input) => ((input as HTMLInputElement).value = '1'));
    await page.locator('#edit-familyName').fill('Stale');
    await page.locator('#edit-form').getByRole('button', { name: msg('en', 'person.edit.submit') }).click();
    await page.getByText(msg('en', 'errors.VERSION_CONFLICT')).first().waitFor();
    const [current] = await h.t.dataSource.query(`SELECT family_name FROM people WHERE id = $1`, [first.personId]);
    expect(current.family_name).toBe('Karimi');
    expect(problems.all().filter((problem) => !problem.includes('status of 409') && !problem.includes('status of 400'))).toEqual([]);
  });

  it('keeps the nationalities and languages typed when staff choose “this is the same person” at check-in', async () => {
    const known = await checkIn(staff, centre.id, newPerson({ givenNames: 'Yonas', familyName: 'Habtemariam', dateOfBirth: '1993-07-07', nationalities: ['ERI'], languages: ['ti'] }));
    await request(h.t.http).post(`/api/v1/stays/${known.stayId}/check-out`).set('Authorization', `Bearer ${staff.token}`).send({ reason: 'other' }).expect(200);
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${centre.id}/check-in`);
    await page.getByLabel(msg('en', 'person.familyName'), { exact: true }).fill('Habtemariam');
    await page.getByLabel(msg('en', 'person.givenNames'), { exact: true }).fill('Yonas');
    await page.getByLabel(msg('en', 'checkIn.dateOfBirth'), { exact: true }).fill('1993-07-07');
    await page.getByLabel(msg('en', 'person.sex'), { exact: true }).selectOption('male');
    await page.getByLabel(msg('en', 'origins.nationality.first'), { exact: true }).fill('eri, eth');
    await page.getByLabel(msg('en', 'origins.language.main'), { exact: true }).fill('ti, am');
    await page.locator('#check-in-form').getByRole('button', { name: msg('en', 'checkIn.submit') }).click();
    const useThis = page.locator('tr[data-duplicate]').getByRole('button', { name: new RegExp(msg('en', 'checkIn.duplicates.useThis')) });
    await useThis.first().waitFor();
    await useThis.first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: msg('en', 'checkIn.done.title', { name: 'Yonas Habtemariam' }) }).waitFor();
    const [person] = await h.t.dataSource.query(`SELECT array_to_string(nationalities, ',') AS nationalities, languages FROM people WHERE id = $1`, [known.personId]);
    expect(person).toEqual({ nationalities: 'ERI,ETH', languages: ['ti', 'am'] });
    const [kept] = await h.t.dataSource.query(`SELECT changes FROM person_changes WHERE person_id = $1`, [known.personId]);
    expect(kept.changes).toEqual({ nationalities: { before: ['ERI'], after: ['ERI', 'ETH'] }, languages: { before: ['ti'], after: ['ti', 'am'] } });
    const [{ count }] = await h.t.dataSource.query(`SELECT count(*)::int AS count FROM people WHERE family_name = 'Habtemariam'`);
    expect(count).toBe(1);
    expect(problems.all()).toEqual([]);
  });
});
