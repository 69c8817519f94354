import type { Page } from 'playwright-core';
import request from 'supertest';
import { createCentre, newPerson, type CentreFixture } from '../support/fixtures.js';
import { DEFAULT_PASSWORD, focused, headingText, logIn, msg, settle, startBrowserHarness, watchForProblems, type BrowserHarness } from './browser-support.js';

interface Arrival {
  familyName: string;
  givenNames: string;
  age: number;
  sex: 'male' | 'female';
  /** The start of the nationality's and the language's names, as typed. */
  nationality: string;
  language: string;
  /** Members of one family share it. */
  household?: string;
}

/** A boat of 60: 8 families of 3, 28 men and 8 women alone; Afghans, Eritreans, Sudanese and Iranians. */
function boat(): Arrival[][] {
  const people: Arrival[] = [];
  const family = (household: string, familyName: string, nationality: string, language: string) => {
    people.push({ familyName, givenNames: `${familyName} Father`, age: 38, sex: 'male', nationality, language, household });
    people.push({ familyName, givenNames: `${familyName} Mother`, age: 34, sex: 'female', nationality, language, household });
    people.push({ familyName, givenNames: `${familyName} Child`, age: 9, sex: 'male', nationality, language, household });
  };
  const alone = (count: number, sex: Arrival['sex'], prefix: string, nationality: string, language: string) => {
    for (let i = 1; i <= count; i++) people.push({ familyName: `${prefix}${String.fromCharCode(64 + i)}`, givenNames: sex === 'male' ? 'Ali' : 'Amina', age: 20 + i, sex, nationality, language });
  };
  // Page 1: two families, ten men and four women, all Afghan (Dari): the centre's 20 beds.
  family('A', 'Ahmadi', 'Afg', 'Dar');
  family('B', 'Karimi', 'Afg', 'Dar');
  alone(10, 'male', 'Sultani', 'Afg', 'Dar');
  alone(4, 'female', 'Noori', 'Afg', 'Dar');
  // Page 2: three Eritrean families (Tigrinya), nine men and two women.
  family('C', 'Tesfay', 'Eri', 'Tig');
  family('D', 'Haile', 'Eri', 'Tig');
  family('E', 'Ghebre', 'Eri', 'Tig');
  alone(9, 'male', 'Berhane', 'Eri', 'Tig');
  alone(2, 'female', 'Kidane', 'Eri', 'Tig');
  // Page 3: three Sudanese families (Arabic), four Sudanese and five Iranian men, two Sudanese women.
  family('F', 'Osman', 'Sud', 'Ara');
  family('G', 'Idris', 'Sud', 'Ara');
  family('H', 'Adam', 'Sud', 'Ara');
  alone(4, 'male', 'Yousif', 'Sud', 'Ara');
  alone(2, 'female', 'Abakar', 'Sud', 'Ara');
  alone(5, 'male', 'Rezaei', 'Ira', 'Per');
  return [people.slice(0, 20), people.slice(20, 40), people.slice(40, 60)];
}

/** Counts what the test types: every key pressed and every character typed, except the people's names. */
class Keyboard {
  keys = 0;
  constructor(private readonly page: Page) {}
  async press(key: string) {
    this.keys += 1;
    await this.page.keyboard.press(key);
  }
  async type(text: string) {
    this.keys += text.length;
    await this.page.keyboard.type(text);
  }
  /** A name: its characters are not counted. */
  async name(text: string) {
    await this.page.keyboard.type(text);
  }
}

const count = (page: Page) => page.locator('[data-roster-count]').innerText();

describe('Admin UI: a boat arrives, on the roster page, and the waiting list (browser)', () => {
  let h: BrowserHarness;
  let centre: CentreFixture;
  let other: CentreFixture;
  let roomy: CentreFixture;
  let staff: { email: string; token: string };
  let staff2: { email: string; token: string };
  const api = (user = staff) => ({ Authorization: `Bearer ${user.token}` });
  // An interception is reached by the staff of the centre that recorded it (and of any centre someone from it came to).
  const interception = async (groupSize: number, by: { email: string; token: string } = staff2) =>
    (await request(h.t.http).post('/api/v1/interceptions').set(api(by)).send({ occurredAt: new Date(Date.now() - 3_600_000).toISOString(), location: 'Gravelines', agency: 'Préfecture maritime', groupSize }).expect(201)).body.id as string;

  beforeAll(async () => {
    h = await startBrowserHarness();
    // 20 beds: men 10, women 4, two family units of 3.
    centre = await createCentre(h.t, {
      units: [
        { name: 'Men', housing: 'men', beds: 10 },
        { name: 'Women', housing: 'women', beds: 4 },
        { name: 'Family 1', housing: 'families', beds: 3 },
        { name: 'Family 2', housing: 'families', beds: 3 },
      ],
    });
    other = await createCentre(h.t, { units: [{ name: 'Men', housing: 'men', beds: 10 }] });
    roomy = await createCentre(h.t, { units: [{ name: 'Men', housing: 'men', beds: 5 }, { name: 'Women', housing: 'women', beds: 5 }] });
    staff = await h.t.userWithToken('staff', [centre.id]);
    staff2 = await h.t.userWithToken('staff', [roomy.id]);
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  it('records a boat of 60 in three page loads, 20 placed and 40 waiting, then checks someone in from the waiting list when a bed frees', async () => {
    const interceptionId = await interception(60, staff);
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/interceptions/${interceptionId}`);
    expect(await page.locator('[data-count="intercepted"]').innerText()).toBe('60');
    expect(await page.locator('[data-count="recorded"]').innerText()).toBe('0');
    await page.getByRole('link', { name: msg('en', 'roster.link') }).click();
    expect(await headingText(page)).toBe(msg('en', 'roster.title', { location: 'Gravelines' }));
    expect(await count(page)).toBe(msg('en', 'roster.count', { recorded: 0, groupSize: 60, placed: 0, waiting: 0 }));
    expect(await page.locator('tr[data-row]').count()).toBe(20);
    await page.locator('[data-roster-keys]').waitFor(); // shown once the script runs

    const keyboard = new Keyboard(page);
    let loads = 0;
    page.on('load', () => (loads += 1));
    const started = Date.now();
    for (const batch of boat()) {
      // The cursor waits in the first empty row.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-column'))).toBe('familyName');
      let focusAt: 'familyName' | 'givenNames' = 'familyName';
      let copied: Partial<Pick<Arrival, 'sex' | 'nationality' | 'language'>> = {};
      for (const [index, person] of batch.entries()) {
        if (focusAt === 'familyName') {
          await keyboard.name(person.familyName);
          await keyboard.press('Tab');
        }
        await keyboard.name(person.givenNames);
        await keyboard.press('Tab');
        await keyboard.type(String(person.age));
        let at = 'birth';
        if (copied.sex !== person.sex) {
          await keyboard.press('Tab');
          await keyboard.type(person.sex === 'male' ? 'm' : 'f');
          at = 'sex';
        }
        if (copied.nationality !== person.nationality || copied.language !== person.language) {
          if (at === 'birth') await keyboard.press('Tab');
          await keyboard.press('Tab');
          await keyboard.type(person.nationality);
          await keyboard.press('Tab');
          await keyboard.type(person.language);
        }
        const next = batch[index + 1];
        if (!next) {
          const loaded = page.waitForEvent('load');
          await keyboard.press('Control+Enter');
          await loaded;
        } else if (next.household && next.household === person.household) {
          await keyboard.press('Alt+Enter');
          focusAt = 'givenNames';
          copied = person;
        } else {
          await keyboard.press('Shift+Enter');
          focusAt = 'familyName';
          copied = person;
        }
      }
    }
    const seconds = (Date.now() - started) / 1000;

    // Everyone recorded: 20 placed, 40 waiting, shown on the page and in the record.
    expect(await page.locator('[data-roster-error]').count()).toBe(0);
    expect(await count(page)).toBe(msg('en', 'roster.count', { recorded: 60, groupSize: 60, placed: 20, waiting: 40 }));
    expect(await page.locator('[data-recorded]').count()).toBe(60);
    expect(await page.locator('[data-recorded][data-status="checked_in"]').count()).toBe(20);
    expect(await page.locator('[data-recorded][data-status="awaiting_bed"]').count()).toBe(40);
    expect(loads).toBeLessThanOrEqual(3); // one page load per 20 rows

    const detail = (await request(h.t.http).get(`/api/v1/interceptions/${interceptionId}`).set(api()).expect(200)).body;
    expect({ recorded: detail.recorded, checkedIn: detail.checkedIn, awaitingBed: detail.awaitingBed }).toEqual({ recorded: 60, checkedIn: 20, awaitingBed: 40 });
    const people = await h.t.dataSource.query(
      `SELECT p.family_name, p.given_names, p.sex, p.nationalities, p.languages, p.dob_estimated, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob, s.household_id AS stay_household, w.household_id AS waiting_household, u.housing
         FROM people p LEFT JOIN stays s ON s.person_id = p.id AND s.interception_id = $1 LEFT JOIN units u ON u.id = s.unit_id
         LEFT JOIN waiting_list w ON w.person_id = p.id AND w.interception_id = $1
        WHERE s.id IS NOT NULL OR w.id IS NOT NULL`,
      [interceptionId],
    );
    expect(people).toHaveLength(60);
    const byName = new Map(people.map((row: Record<string, unknown>) => [`${row.given_names} ${row.family_name}`, row]));
    const everyone = boat().flat();
    for (const person of everyone) {
      const row = byName.get(`${person.givenNames} ${person.familyName}`) as Record<string, unknown>;
      expect(row).toBeDefined();
      expect(row.sex).toBe(person.sex);
      expect((row.nationalities as string[]).map((code) => code.trim())).toEqual([{ Afg: 'AFG', Eri: 'ERI', Sud: 'SDN', Ira: 'IRN' }[person.nationality]]);
      expect(row.languages).toEqual([{ Dar: 'prs', Tig: 'ti', Ara: 'ar', Per: 'fa' }[person.language]]);
      expect(row.dob_estimated).toBe(true);
      expect(row.dob).toBe(`${new Date().getFullYear() - person.age}-01-01`);
    }
    // Eight households of three; the two placed fill the family units.
    const households = new Map<string, number>();
    for (const row of people as Record<string, string | null>[]) {
      const household = row.stay_household ?? row.waiting_household;
      if (household) households.set(household, (households.get(household) ?? 0) + 1);
    }
    expect([...households.values()]).toEqual(Array(8).fill(3));
    expect(people.filter((row: Record<string, unknown>) => row.housing === 'families')).toHaveLength(6);
    expect(people.filter((row: Record<string, unknown>) => row.housing === 'men')).toHaveLength(10);
    expect(people.filter((row: Record<string, unknown>) => row.housing === 'women')).toHaveLength(4);

    const nameCharacters = everyone.reduce((sum, person) => sum + person.familyName.length + person.givenNames.length, 0);
    console.log(`Roster, 60 people: ${keyboard.keys} keystrokes besides ${nameCharacters} characters of names (${(keyboard.keys / 60).toFixed(1)} a person), ${seconds.toFixed(1)} s (${(seconds / 60).toFixed(2)} s a person), ${loads} page loads after the first`);
    expect(keyboard.keys).toBeLessThan(400);

    // A bed frees: a man alone checks out.
    const [man] = await h.t.dataSource.query(`SELECT s.id FROM stays s JOIN units u ON u.id = s.unit_id WHERE s.interception_id = $1 AND u.housing = 'men' LIMIT 1`, [interceptionId]);
    await request(h.t.http).post(`/api/v1/stays/${man.id}/check-out`).set(api()).send({ reason: 'other' }).expect(200);

    // The waiting list, from the centre board: longest waiting first.
    await page.goto(`/centres/${centre.id}/board`);
    await page.locator('[data-waiting-link]').click();
    expect(await headingText(page)).toBe(msg('en', 'waiting.title', { centre: `Centre ${centre.code}` }));
    expect(await page.locator('[data-waiting-count]').innerText()).toBe(msg('en', 'waiting.count', { count: 40 }));
    const rows = page.locator('tr[data-waiting]');
    expect(await rows.first().innerText()).toContain('Tesfay Father Tesfay');
    // The family first in line has no family unit free: the list says so and keeps them.
    await page.getByRole('button', { name: msg('en', 'waiting.checkInFor', { name: 'Tesfay Father Tesfay' }) }).click();
    await page.getByRole('alert').filter({ hasText: msg('en', 'errors.NO_BED_AVAILABLE') }).waitFor();
    expect(await rows.count()).toBe(40);
    // A man alone takes the freed bed, from the keyboard.
    await page.getByRole('button', { name: msg('en', 'waiting.checkInFor', { name: 'Ali BerhaneA' }) }).focus();
    await page.keyboard.press('Enter');
    const done = page.getByRole('status').filter({ hasText: 'Ali BerhaneA' });
    await done.waitFor();
    expect(await done.innerText()).toContain('1-0');
    expect(await page.locator('[data-waiting-count]').innerText()).toBe(msg('en', 'waiting.count', { count: 39 }));
    // Someone who left is taken off with the reason.
    await page.getByLabel(msg('en', 'waiting.reason')).first().selectOption('left');
    await page.getByRole('button', { name: msg('en', 'waiting.closeFor', { name: 'Tesfay Father Tesfay' }) }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'waiting.done.closed') }).waitFor();
    expect(await page.locator('[data-waiting-count]').innerText()).toBe(msg('en', 'waiting.count', { count: 38 }));
    const waiting = (await request(h.t.http).get(`/api/v1/centres/${centre.id}/waiting`).set(api()).expect(200)).body;
    expect(waiting.total).toBe(38);

    // The interception page: who came and where each is.
    await page.goto(`/interceptions/${interceptionId}`);
    expect(await page.locator('[data-count="recorded"]').innerText()).toBe('60');
    expect(await page.locator('[data-count="placed"]').innerText()).toBe('20');
    expect(await page.locator('[data-count="waiting"]').innerText()).toBe('38');
    expect(await page.locator('tr[data-person][data-status="left_waiting_list"]').count()).toBe(1);
    expect(await page.locator('tr[data-person][data-status="checked_out"]').count()).toBe(1);

    await settle(page);
    // The refused check-in answered 409 on purpose: the browser logs any 4xx document.
    expect(problems.all().filter((problem) => !/status of 409 .*\/check-in\)$/.test(problem))).toEqual([]);
  }, 300_000); // sixty people typed in: room for a machine that also runs other test files

  it('keeps the rows to correct on the page with their messages, records the others, and shows possible duplicates on the row', async () => {
    const known = newPerson({ familyName: 'Hosseini', givenNames: 'Mohammad', dateOfBirth: '1993-07-01' });
    await request(h.t.http).post(`/api/v1/centres/${roomy.id}/check-ins`).set(api(staff2)).send({ person: known }).expect(201);
    const interceptionId = await interception(3);
    const { page } = await h.newPage();
    await logIn(page, staff2.email, DEFAULT_PASSWORD);
    await page.goto(`/interceptions/${interceptionId}/roster`);
    const cell = (row: number, column: string) => page.locator(`#row-${row}-${column}`);
    await cell(1, 'familyName').fill('Husseini');
    await cell(1, 'givenNames').fill('Muhammad');
    await cell(1, 'birth').fill('01/07/1993');
    await cell(1, 'sex').selectOption('male');
    await cell(1, 'nationalities').fill('Iran');
    await cell(1, 'languages').fill('Persian');
    await cell(2, 'familyName').fill('Bad');
    await cell(2, 'givenNames').fill('Date');
    await cell(2, 'birth').fill('31/02/1990');
    await cell(2, 'sex').selectOption('male');
    await cell(3, 'familyName').fill('No');
    await cell(3, 'givenNames').fill('Sex');
    await cell(3, 'birth').fill('30');
    await cell(3, 'nationalities').fill('Atlantis');
    await page.getByRole('button', { name: msg('en', 'roster.submit') }).click();

    await page.getByRole('alert').filter({ hasText: msg('en', 'roster.problem', { count: 2 }) }).waitFor();
    expect(await count(page)).toBe(msg('en', 'roster.count', { recorded: 1, groupSize: 3, placed: 1, waiting: 0 }));
    const recorded = page.locator('[data-recorded][data-just-recorded]');
    expect(await recorded.count()).toBe(1);
    expect(await recorded.locator('[data-duplicates]').innerText()).toContain('Mohammad Hosseini');
    // The two rows to correct come back first, as typed, with their messages; the cursor on the first.
    expect(await cell(1, 'familyName').inputValue()).toBe('Bad');
    expect(await page.locator('#row-1-birth-error').innerText()).toBe(msg('en', 'roster.fieldError.birth'));
    expect(await cell(1, 'birth').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('row-1-birth');
    expect(await cell(2, 'familyName').inputValue()).toBe('No');
    expect(await page.locator('#row-2-sex-error').innerText()).toBe(msg('en', 'fieldError.sex'));
    expect(await page.locator('#row-2-nationalities-error').innerText()).toBe(msg('en', 'roster.fieldError.nationalities'));
    expect(await page.locator('tr[data-row]').count()).toBe(20);

    // Corrected, they are recorded; the first is not recorded twice.
    await cell(1, 'birth').fill('1990-02-28');
    await cell(2, 'sex').selectOption('female');
    await cell(2, 'nationalities').fill('ERI');
    await page.getByRole('button', { name: msg('en', 'roster.submit') }).click();
    await page.locator('[data-roster-done]').waitFor();
    expect(await count(page)).toBe(msg('en', 'roster.count', { recorded: 3, groupSize: 3, placed: 3, waiting: 0 }));
    const rows = await h.t.dataSource.query(`SELECT count(*)::int AS n FROM stays WHERE interception_id = $1`, [interceptionId]);
    expect(rows[0].n).toBe(3);
  });

  it('works without the script, with codes, and in French; another centre is not offered', async () => {
    const interceptionId = await interception(1);
    const { page } = await h.newPage({ javaScriptEnabled: false, locale: 'fr-FR' });
    await logIn(page, staff2.email, DEFAULT_PASSWORD);
    await page.goto(`/interceptions/${interceptionId}/roster`);
    expect(await headingText(page)).toBe(msg('fr', 'roster.title', { location: 'Gravelines' }));
    expect(await page.locator('[data-roster-keys]').isHidden()).toBe(true);
    expect(await page.locator('#roster-centre option').allInnerTexts()).toEqual([`Centre ${roomy.code}`]);
    await page.locator('#row-1-familyName').fill('Sans');
    await page.locator('#row-1-givenNames').fill('Script');
    await page.locator('#row-1-birth').fill('1999');
    await page.locator('#row-1-sex').selectOption('female');
    await page.locator('#row-1-nationalities').fill('AFG');
    await page.locator('#row-1-languages').fill('prs, ps');
    await page.getByRole('button', { name: msg('fr', 'roster.submit') }).click();
    await page.locator('[data-roster-done]').waitFor();
    const [person] = await h.t.dataSource.query(`SELECT p.nationalities, p.languages FROM people p JOIN waiting_list w ON w.person_id = p.id WHERE w.interception_id = $1 UNION ALL SELECT p.nationalities, p.languages FROM people p JOIN stays s ON s.person_id = p.id WHERE s.interception_id = $1`, [interceptionId]);
    expect(person.languages).toEqual(['prs', 'ps']);
    // Another centre's staff cannot record into this centre: the centre is not theirs.
    const stranger = await h.t.userWithToken('staff', [other.id]);
    const { page: theirs } = await h.newPage();
    await logIn(theirs, stranger.email, DEFAULT_PASSWORD);
    const response = await theirs.goto(`/centres/${roomy.id}/waiting`);
    expect(response?.status()).toBe(404);
  });

  it('measures the single check-in form for three people, for comparison', async () => {
    const single = await createCentre(h.t, { units: [{ name: 'Men', housing: 'men', beds: 5 }] });
    const user = await h.t.userWithToken('staff', [single.id]);
    const { page } = await h.newPage();
    await logIn(page, user.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${single.id}/check-in`);
    const keyboard = new Keyboard(page);
    const three = [
      { familyName: 'Safi', givenNames: 'Jawad', dob: '01021990' },
      { familyName: 'Wardak', givenNames: 'Nasir', dob: '03041991' },
      { familyName: 'Popal', givenNames: 'Hamid', dob: '05061992' },
    ];
    await page.locator('#familyName').focus();
    const started = Date.now();
    for (const person of three) {
      await keyboard.name(person.familyName);
      await keyboard.press('Tab');
      await keyboard.name(person.givenNames);
      await keyboard.press('Tab'); // aliases
      await keyboard.press('Tab'); // sex
      await keyboard.type('m');
      await keyboard.press('Tab'); // date of birth
      await keyboard.type(person.dob);
      await keyboard.press('Tab'); // the date's last part
      await keyboard.press('Tab'); // estimated
      await keyboard.press('Tab'); // disputed
      await keyboard.press('Tab'); // nationality
      expect(await focused(page)).toMatchObject({ id: 'nationalities-1' });
      await keyboard.type('AFG');
      await keyboard.press('Tab'); // add a nationality
      await keyboard.press('Tab'); // main language
      expect(await focused(page)).toMatchObject({ id: 'languages-1' });
      await keyboard.type('prs');
      const loaded = page.waitForEvent('load');
      await keyboard.press('Enter');
      await loaded;
      const confirmation = page.getByRole('status').filter({ hasText: msg('en', 'checkIn.done.title', { name: `${person.givenNames} ${person.familyName}` }) });
      await confirmation.waitFor().catch(async (error: unknown) => {
        throw new Error(`${String(error)}\n${await page.locator('main').innerText()}`);
      });
    }
    const seconds = (Date.now() - started) / 1000;
    const stays = await h.t.dataSource.query(`SELECT count(*)::int AS n FROM stays WHERE centre_id = $1`, [single.id]);
    expect(stays[0].n).toBe(3);
    const recorded = await h.t.dataSource.query(`SELECT DISTINCT array_to_string(p.nationalities, ',') AS nationalities, p.languages FROM stays s JOIN people p ON p.id = s.person_id WHERE s.centre_id = $1`, [single.id]);
    expect(recorded).toEqual([{ nationalities: 'AFG', languages: ['prs'] }]);
    console.log(`Check-in form, 3 people: ${keyboard.keys} keystrokes besides names (${(keyboard.keys / 3).toFixed(1)} a person), ${seconds.toFixed(1)} s (${(seconds / 3).toFixed(2)} s a person)`);
  });
});
