import type { Page } from 'playwright-core';
import request from 'supertest';
import { isoToLocalDateTime } from '../../apps/server/src/admin/time.js';
import { createCentre, type CentreFixture } from '../support/fixtures.js';
import {
  DEFAULT_PASSWORD,
  headingText,
  logIn,
  msg,
  pathOf,
  settle,
  startBrowserHarness,
  waitForLanguage,
  watchForProblems,
  type BrowserHarness,
} from './browser-support.js';

interface Arrival {
  familyName: string;
  givenNames: string;
  dateOfBirth: string;
  sex: 'male' | 'female';
  nationalities: string;
  languages: string;
  dobEstimated?: boolean;
}

/** The Rahimi family: two adults and two children, arriving together. */
const FAMILY: Arrival[] = [
  { familyName: 'Rahimi', givenNames: 'Ahmad', dateOfBirth: '1986-02-11', sex: 'male', nationalities: 'AFG', languages: 'ps, fa' },
  { familyName: 'Rahimi', givenNames: 'Zarghuna', dateOfBirth: '1990-09-23', sex: 'female', nationalities: 'afg', languages: 'ps' },
  { familyName: 'Rahimi', givenNames: 'Omid', dateOfBirth: '2014-05-02', sex: 'male', nationalities: 'AFG', languages: 'ps, en' },
  { familyName: 'Rahimi', givenNames: 'Laila', dateOfBirth: '2019-12-30', sex: 'female', nationalities: 'AFG', languages: 'ps', dobEstimated: true },
];

const fullName = (person: Arrival) => `${person.givenNames} ${person.familyName}`;

/** Fills the check-in form's person fields, by their labels. */
async function fillPerson(page: Page, person: Arrival): Promise<void> {
  await page.getByLabel(msg('en', 'person.familyName'), { exact: true }).fill(person.familyName);
  await page.getByLabel(msg('en', 'person.givenNames'), { exact: true }).fill(person.givenNames);
  await page.getByLabel(msg('en', 'checkIn.dateOfBirth'), { exact: true }).fill(person.dateOfBirth);
  if (person.dobEstimated) await page.getByLabel(msg('en', 'person.dobEstimated')).check();
  await page.getByLabel(msg('en', 'person.sex'), { exact: true }).selectOption(person.sex);
  await page.getByLabel(msg('en', 'origins.nationality.first'), { exact: true }).fill(person.nationalities);
  await page.getByLabel(msg('en', 'origins.language.main'), { exact: true }).fill(person.languages);
}

const submitCheckIn = (page: Page) => page.locator('#check-in-form').getByRole('button', { name: msg('en', 'checkIn.submit') }).click();

/** Waits for the confirmation of a check-in and returns the bed it names. */
async function confirmed(page: Page, person: Arrival): Promise<string> {
  const confirmation = page.getByRole('status').filter({ hasText: msg('en', 'checkIn.done.title', { name: fullName(person) }) });
  await confirmation.waitFor();
  return (await confirmation.locator('[data-confirmed-bed]').innerText()).split(' ')[0];
}

/** The beds of a unit on the board, in the order shown. */
async function boardBeds(page: Page, unit: string): Promise<{ label: string; state: string; text: string }[]> {
  return page.locator(`section[data-unit="${unit}"] [data-bed-label]`).evaluateAll((beds) =>
    beds.map((bed) => ({ label: bed.getAttribute('data-bed-label')!, state: bed.getAttribute('data-state')!, text: (bed as HTMLElement).innerText })),
  );
}

describe('Admin UI: checking a family in at night, the board, and checking out (browser)', () => {
  let h: BrowserHarness;
  let centre: CentreFixture;
  let staff: { email: string; token: string };

  beforeAll(async () => {
    h = await startBrowserHarness();
    centre = await createCentre(h.t, {
      kind: 'reception',
      units: [
        { name: 'A Men', housing: 'men', beds: 4 },
        { name: 'B Families', housing: 'families', beds: 6 },
      ],
    });
    staff = await h.t.userWithToken('staff', [centre.id]);
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  it('checks a family of four in as one household, shows them on neighbouring beds, and checks one out', async () => {
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);

    // From the navigation to the centre's check-in page.
    await page.getByRole('navigation', { name: msg('en', 'nav.main') }).getByRole('link', { name: msg('en', 'nav.centres') }).click();
    await page.getByRole('link', { name: `${msg('en', 'checkIn.link')} Centre ${centre.code}` }).click();
    expect(await headingText(page)).toBe(msg('en', 'checkIn.title', { centre: `Centre ${centre.code}` }));

    // A household first: it stays on the form from one person to the next.
    await page.getByRole('button', { name: msg('en', 'household.create') }).click();
    await page.locator('[data-household-active]').waitFor();
    const householdId = await page.locator('#check-in-form input[name="householdId"]').inputValue();
    expect(householdId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('familyName'); // ready to type

    const beds: string[] = [];
    for (const person of FAMILY) {
      await fillPerson(page, person);
      await submitCheckIn(page);
      beds.push(await confirmed(page, person));
      // The next member can be typed at once: an empty form, the household kept.
      expect(await page.locator('#familyName').inputValue()).toBe('');
      expect(await page.locator('#check-in-form input[name="householdId"]').inputValue()).toBe(householdId);
      expect(new URL(page.url()).searchParams.get('householdId')).toBe(householdId);
    }
    // The youngest's date of birth is estimated: the confirmation says the age must be assessed.
    expect(await page.getByRole('status').innerText()).toContain(msg('en', 'stay.ageAssessment'));
    expect(beds).toEqual(['2-001', '2-002', '2-003', '2-004']);

    // The board: the family on four neighbouring beds of the family unit, the rest free.
    await page.goto(`/centres/${centre.id}/board`);
    expect(await headingText(page)).toBe(msg('en', 'board.title', { centre: `Centre ${centre.code}` }));
    const familyUnit = await boardBeds(page, 'B Families');
    expect(familyUnit.map((bed) => bed.label)).toEqual(['2-001', '2-002', '2-003', '2-004', '2-005', '2-006']);
    expect(familyUnit.map((bed) => bed.state)).toEqual(['occupied', 'occupied', 'occupied', 'occupied', 'free', 'free']);
    FAMILY.forEach((person, index) => expect(familyUnit[index].text).toContain(`${person.givenNames} ${person.familyName.toUpperCase()}`));
    expect(familyUnit[4].text).toContain(msg('en', 'bedState.free'));
    expect((await boardBeds(page, 'A Men')).every((bed) => bed.state === 'free')).toBe(true);
    const summary = await page.locator('[data-summary]').innerText();
    expect(summary).toContain(msg('en', 'board.capacity', { count: 10 }));
    expect(summary).toContain(msg('en', 'board.occupied', { count: 4 }));
    expect(summary).toContain(msg('en', 'board.free', { count: 6 }));

    // The father's stay, from his bed on the board.
    await page.locator('[data-bed-label="2-001"]').getByRole('link', { name: 'Ahmad RAHIMI' }).click();
    expect(await headingText(page)).toBe(msg('en', 'stay.title', { name: 'Ahmad Rahimi' }));
    const stayPath = pathOf(page);

    // Property deposited: a phone and 20 euros.
    const deposit = async (kind: 'item' | 'cash', description: string, amount = '') => {
      await page.getByLabel(msg('en', 'property.kind'), { exact: true }).selectOption(kind);
      await page.getByLabel(msg('en', 'property.description'), { exact: true }).fill(description);
      await page.getByLabel(msg('en', 'property.amountEuros')).fill(amount);
      await page.getByRole('button', { name: msg('en', 'property.depositSubmit') }).click();
      await page.getByRole('status').filter({ hasText: msg('en', 'stay.done.deposited') }).waitFor();
    };
    await deposit('item', 'Phone, cracked screen');
    await deposit('cash', 'Euros in notes', '20');

    // Checked out with the phone handed back but not the cash.
    await page.getByLabel(msg('en', 'checkOut.reason'), { exact: true }).selectOption('moved_to_asylum_accommodation');
    await page.getByLabel(msg('en', 'stay.destination')).fill('CADA de Lille');
    expect(await page.getByRole('checkbox', { name: /Phone, cracked screen/ }).isChecked()).toBe(true); // ticked by default
    await page.getByRole('checkbox', { name: /Euros in notes/ }).uncheck();
    await page.locator('#checkout-confirm').check();
    await page.getByRole('button', { name: msg('en', 'checkOut.submit'), exact: true }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'stay.done.checked-out') }).waitFor();
    expect(pathOf(page)).toBe(`${stayPath}?done=checked-out`);
    expect(await page.locator('[data-stay-state]').getAttribute('data-stay-state')).toBe('closed');
    const receipt = page.locator('#receipt');
    expect(await receipt.getByRole('heading', { level: 2 }).innerText()).toBe(msg('en', 'receipt.title'));
    expect(await receipt.locator('[data-receipt="returned"]').innerText()).toContain('Phone, cracked screen');
    const notReturned = await receipt.locator('[data-receipt="not-returned"]').innerText();
    expect(notReturned).toContain('Euros in notes');
    expect(notReturned).toContain('20');
    expect(notReturned).not.toContain('Phone');
    expect(await receipt.innerText()).toContain(msg('en', 'receipt.signaturePerson'));
    // No more check-out form on a closed stay.
    expect(await page.getByRole('button', { name: msg('en', 'checkOut.submit'), exact: true }).count()).toBe(0);

    // His bed is free again on the board; the rest of the family stays put.
    await page.goto(`/centres/${centre.id}/board`);
    const after = await boardBeds(page, 'B Families');
    expect(after.map((bed) => bed.state)).toEqual(['free', 'occupied', 'occupied', 'occupied', 'free', 'free']);
    expect(after[0].text).toContain(msg('en', 'bedState.free'));
    expect(await page.locator('[data-summary]').innerText()).toContain(msg('en', 'board.occupied', { count: 3 }));

    await settle(page);
    expect(problems.all()).toEqual([]);
  });

  it('shows possible duplicates before creating a person, and lets staff choose', async () => {
    const { page } = await h.newPage();
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${centre.id}/check-in`);
    const first: Arrival = { familyName: 'Hosseini', givenNames: 'Mohammad', dateOfBirth: '1993-07-01', sex: 'male', nationalities: 'IRN', languages: 'fa' };
    await fillPerson(page, first);
    await submitCheckIn(page);
    await confirmed(page, first);

    // The same man, spelt another way: Escale asks first.
    const again: Arrival = { ...first, familyName: 'Husseini', givenNames: 'Muhammad' };
    await fillPerson(page, again);
    await submitCheckIn(page);
    const duplicates = page.locator('#duplicates');
    await duplicates.waitFor();
    expect(await duplicates.locator('[data-duplicate]').count()).toBe(1);
    expect(await duplicates.locator('[data-duplicate]').innerText()).toContain('Mohammad Hosseini');
    // What staff decide on: his sex, nationality and why he is offered, in their language.
    const row = await duplicates.locator('[data-duplicate]').innerText();
    expect(row).toContain('Iran');
    expect(row).not.toContain('IRN');
    expect(row).toContain(msg('en', 'sex.male'));
    expect(await duplicates.locator('[data-duplicate-evidence]').innerText()).toBe(
      (['similar_name', 'same_date_of_birth', 'shared_nationality'] as const).map((code) => msg('en', `duplicateEvidence.${code}` as const)).join(', '),
    );
    expect(await duplicates.getByRole('columnheader', { name: msg('en', 'checkIn.duplicates.why') }).count()).toBe(1);

    // He is the one already here: checking him in again is refused, on the form, with what was typed kept.
    await duplicates.getByRole('button', { name: `${msg('en', 'checkIn.duplicates.useThis')} Mohammad Hosseini` }).click();
    const alert = page.getByRole('alert').filter({ hasText: msg('en', 'errors.PERSON_ALREADY_IN_CENTRE') });
    await alert.waitFor();
    expect(await page.locator('#familyName').inputValue()).toBe('Husseini');

    // Someone else after all: confirmed as new.
    await page.getByLabel(msg('en', 'checkIn.createAnyway')).check();
    await submitCheckIn(page);
    await confirmed(page, again);
  });

  it('speaks French on the French check-in page', async () => {
    const { page } = await h.newPage({ locale: 'fr-FR' });
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${centre.id}/check-in`);
    await waitForLanguage(page, 'fr');
    expect(await headingText(page)).toBe(msg('fr', 'checkIn.title', { centre: `Centre ${centre.code}` }));
    expect(await page.title()).toBe(`${msg('fr', 'checkIn.title', { centre: `Centre ${centre.code}` })} · ${msg('fr', 'app.name')}`);
    expect(await page.locator('label[for="familyName"]').innerText()).toBe(msg('fr', 'person.familyName'));
    expect(await page.locator('label[for="dobEstimated"]').innerText()).toBe(msg('fr', 'person.dobEstimated'));
    expect(await page.locator('#sex option[value="female"]').innerText()).toBe(msg('fr', 'sex.female'));
    expect(await page.locator('#bedId option[value=""]').innerText()).toBe(msg('fr', 'checkIn.bed.auto'));
    expect(await page.getByRole('button', { name: msg('fr', 'household.create') }).count()).toBe(1);
    expect(await page.locator('#check-in-form button[type="submit"]').innerText()).toBe(msg('fr', 'checkIn.submit'));
    const main = await page.getByRole('main').innerText();
    for (const english of [msg('en', 'checkIn.submit'), msg('en', 'person.familyName'), msg('en', 'household.create')]) expect(main).not.toContain(english);
  });

  it('refuses a check-in time in the future on the form, with the field marked and what was typed kept', async () => {
    const { page } = await h.newPage();
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${centre.id}/check-in`);
    const person: Arrival = { familyName: 'Tesfaye', givenNames: 'Selam', dateOfBirth: '1998-03-14', sex: 'female', nationalities: 'ERI', languages: 'ti' };
    await fillPerson(page, person);
    const tomorrow = isoToLocalDateTime(new Date(Date.now() + 86_400_000).toISOString());
    await page.getByLabel(msg('en', 'checkIn.checkedInAt')).fill(tomorrow);
    const answer = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === `/centres/${centre.id}/check-in`);
    await submitCheckIn(page);
    expect((await answer).status()).toBe(400);

    const summary = page.getByRole('alert').filter({ hasText: msg('en', 'errors.VALIDATION_FAILED') });
    await summary.waitFor();
    expect(await summary.getByRole('link').innerText()).toBe(msg('en', 'fieldError.checkedInAt'));
    const field = page.locator('#checkedInAt');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await field.getAttribute('aria-describedby'))!.split(' ');
    expect(describedBy).toContain('checkedInAt-error');
    expect(await page.locator('#checkedInAt-error').innerText()).toContain(msg('en', 'fieldError.checkedInAt'));
    expect(await field.inputValue()).toBe(tomorrow);
    expect(await page.locator('#familyName').inputValue()).toBe(person.familyName);
    expect(await page.locator('#sex').inputValue()).toBe('female');
    expect(await page.locator('#nationalities-1').inputValue()).toBe('ERI');
    // Nobody was checked in.
    const [{ count }] = await h.t.dataSource.query(`SELECT count(*)::int AS count FROM people WHERE family_name = 'Tesfaye'`);
    expect(count).toBe(0);
  });

  it('shows the register and serves it as the same CSV as the API', async () => {
    const { page } = await h.newPage();
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${centre.id}/register`);
    expect(await headingText(page)).toBe(msg('en', 'register.title', { centre: `Centre ${centre.code}` }));
    const rows = await page.locator('.register-table tbody tr').count();
    expect(rows).toBeGreaterThanOrEqual(4);
    const href = (await page.getByRole('link', { name: msg('en', 'register.csv', { total: rows }) }).getAttribute('href'))!;
    const fromPage = await page.request.get(href);
    expect(fromPage.status()).toBe(200);
    expect(fromPage.headers()['content-type']).toMatch(/^text\/csv/);
    const fromApi = await request(h.t.http).get(`/api/v1/centres/${centre.id}/register?format=csv`).set('Authorization', `Bearer ${staff.token}`).expect(200);
    expect(await fromPage.text()).toBe(fromApi.text);
    expect(fromApi.text.split('\n')[0]).toMatch(/^stayId,personId,familyName/);
  });

  it('answers the 404 page for another centre’s board and check-in page', async () => {
    const other = await createCentre(h.t, { units: [{ housing: 'mixed', beds: 1 }] });
    const { page } = await h.newPage();
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    for (const path of [`/centres/${other.id}/board`, `/centres/${other.id}/check-in`, `/centres/${other.id}/register`]) {
      const response = await page.goto(path);
      expect({ path, status: response!.status() }).toEqual({ path, status: 404 });
      expect(await page.getByRole('main').innerText()).toContain(msg('en', 'error.404'));
    }
  });
});
