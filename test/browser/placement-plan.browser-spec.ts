import request from 'supertest';
import { createCentre, type CentreFixture, newPerson } from '../support/fixtures.js';
import { DEFAULT_PASSWORD, headingText, logIn, msg, startBrowserHarness, tabTo, waitForLanguage, watchForProblems, type BrowserHarness } from './browser-support.js';

const years = (age: number) => `${new Date().getUTCFullYear() - age}-05-10`;

describe('Admin UI: a family no free family unit takes whole, split by a plan staff confirm (browser)', () => {
  let h: BrowserHarness;

  beforeAll(async () => {
    h = await startBrowserHarness();
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  /**
   * A centre whose family units (3 beds and 2 beds) are too small for a family of four, an unrelated
   * man and an unrelated woman already held, and the family on the waiting list: they arrived while
   * the family units were out of service, which are now back.
   */
  async function familyWaiting(familyName: string) {
    const centre = await createCentre(h.t, {
      units: [
        { name: 'Men', housing: 'men', beds: 2 },
        { name: 'Women', housing: 'women', beds: 2 },
        { name: 'Family three', housing: 'families', beds: 3 },
        { name: 'Family two', housing: 'families', beds: 2 },
      ],
    });
    const staff = await h.t.userWithToken('staff', [centre.id]);
    const api = { Authorization: `Bearer ${staff.token}` };
    for (const person of [newPerson({ familyName: 'Durand', givenNames: 'Marc', sex: 'male' }), newPerson({ familyName: 'Kaya', givenNames: 'Elif', sex: 'female' })]) {
      await request(h.t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set(api).send({ person }).expect(201);
    }
    const familyBeds = [...centre.units[2].bedIds, ...centre.units[3].bedIds];
    for (const bedId of familyBeds) await request(h.t.http).patch(`/api/v1/beds/${bedId}`).set(api).send({ inService: false }).expect(200);
    const interceptionId = (
      await request(h.t.http).post('/api/v1/interceptions').set(api).send({ occurredAt: new Date(Date.now() - 3_600_000).toISOString(), location: 'Wimereux', agency: 'Gendarmerie', groupSize: 4 }).expect(201)
    ).body.id as string;
    const members = [
      { ref: 'father', person: newPerson({ familyName, givenNames: 'Reza', sex: 'male', dateOfBirth: years(40) }) },
      { ref: 'mother', person: newPerson({ familyName, givenNames: 'Maryam', sex: 'female', dateOfBirth: years(36) }) },
      { ref: 'son', person: newPerson({ familyName, givenNames: 'Omid', sex: 'male', dateOfBirth: years(9) }) },
      { ref: 'daughter', person: newPerson({ familyName, givenNames: 'Sara', sex: 'female', dateOfBirth: years(6) }) },
    ];
    const arrived = await request(h.t.http)
      .post(`/api/v1/interceptions/${interceptionId}/arrivals`)
      .set(api)
      .send({ centreId: centre.id, households: [{ ref: 'h1', label: `Famille ${familyName}` }], people: members.map((member) => ({ ...member, householdRef: 'h1' })) })
      .expect(200);
    expect(arrived.body.results.map((result: { status: string }) => result.status)).toEqual(['awaiting_bed', 'awaiting_bed', 'awaiting_bed', 'awaiting_bed']);
    for (const bedId of familyBeds) await request(h.t.http).patch(`/api/v1/beds/${bedId}`).set(api).send({ inService: true }).expect(200);
    const personIds = Object.fromEntries(arrived.body.results.map((result: { ref: string; personId: string }) => [result.ref, result.personId])) as Record<string, string>;
    const waiting = await request(h.t.http).get(`/api/v1/centres/${centre.id}/waiting`).set(api).expect(200);
    const householdId = waiting.body.items[0].householdId as string;
    return { centre, staff, api, personIds, householdId, interceptionId };
  }

  /** Per open stay of the centre: the unit's housing and name, the person and their household. */
  const openStays = async (centre: CentreFixture) =>
    h.t.dataSource.query<{ person_id: string; household_id: string | null; unit: string; housing: string; bed_id: string }[]>(
      `SELECT s.person_id, s.household_id, u.name AS unit, u.housing, s.bed_id FROM stays s JOIN units u ON u.id = s.unit_id WHERE s.centre_id = $1 AND s.checked_out_at IS NULL`,
      [centre.id],
    );

  it('shows the split, each child with a parent in a family unit of their own, and checks the family in when staff confirm, by keyboard', async () => {
    const { centre, staff, personIds, householdId } = await familyWaiting('Ahmadi');
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${centre.id}/waiting`);
    expect(await page.locator('[data-waiting-count]').innerText()).toBe(msg('en', 'waiting.count', { count: 4 }));
    // Offered once for the household, on its first row.
    expect(await page.locator('[data-plan-link]').count()).toBe(1);

    const link = page.getByRole('link', { name: msg('en', 'waitingPlan.linkFor', { number: 1 }) });
    await tabTo(page, link, 40);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/centres/${centre.id}/waiting/households/${householdId}/plan`);
    expect(await headingText(page)).toBe(msg('en', 'waitingPlan.title', { centre: `Centre ${centre.code}` }));
    expect(await page.locator('[data-plan-together]').getAttribute('data-plan-together')).toBe('false');
    expect(await page.locator('[data-plan-unplaced]').count()).toBe(0);

    // The mother and both children in the three-bed family unit; the father in the men's unit.
    const rows = await page.locator('tr[data-plan-placement]').evaluateAll((cells) => cells.map((row) => (row as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
    expect(rows).toHaveLength(4);
    const rowOf = (name: string) => rows.find((row) => row.startsWith(name))!;
    expect(rowOf('Maryam Ahmadi')).toContain(`Family three (${msg('en', 'housing.families')})`);
    expect(rowOf('Omid Ahmadi')).toContain('Family three');
    expect(rowOf('Sara Ahmadi')).toContain('Family three');
    expect(rowOf('Reza Ahmadi')).toContain(`Men (${msg('en', 'housing.men')})`);
    // Nothing is recorded before the confirmation.
    expect((await openStays(centre)).filter((stay) => stay.household_id === householdId)).toEqual([]);

    const confirm = page.getByRole('button', { name: msg('en', 'waitingPlan.confirm', { count: 4 }) });
    await tabTo(page, confirm, 40);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: msg('en', 'waitingPlan.done', { count: 4 }) }).waitFor();
    expect(await page.locator('[data-waiting-count]').innerText()).toBe(msg('en', 'waiting.count', { count: 0 }));

    const stays = await openStays(centre);
    const family = stays.filter((stay) => Object.values(personIds).includes(stay.person_id));
    expect(family).toHaveLength(4);
    expect(family.every((stay) => stay.household_id === householdId)).toBe(true);
    const unitOf = (ref: string) => family.find((stay) => stay.person_id === personIds[ref])!.unit;
    expect({ father: unitOf('father'), mother: unitOf('mother'), son: unitOf('son'), daughter: unitOf('daughter') }).toEqual({ father: 'Men', mother: 'Family three', son: 'Family three', daughter: 'Family three' });
    // Children never with unrelated adults: everyone in a unit holding a child is of the family.
    const childUnits = new Set([unitOf('son'), unitOf('daughter')]);
    expect(stays.filter((stay) => childUnits.has(stay.unit)).every((stay) => stay.household_id === householdId)).toBe(true);
    expect(problems.all()).toEqual([]);
  });

  it('in French: a bed taken meanwhile stops the confirmation at that member, says who, and leaves the rest on the list', async () => {
    const { centre, api, staff, personIds, householdId } = await familyWaiting('Rahimi');
    const { context, page } = await h.newPage({ locale: 'fr-FR' });
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${centre.id}/waiting/households/${householdId}/plan`);
    await waitForLanguage(page, 'fr');
    expect(await headingText(page)).toBe(msg('fr', 'waitingPlan.title', { centre: `Centre ${centre.code}` }));

    // While the plan is on screen, another man takes the bed proposed to the father.
    const order = await page.locator('tr[data-plan-placement]').evaluateAll((rows) => rows.map((row) => ({ entryId: row.getAttribute('data-plan-placement'), bedId: (row.querySelector('input[name="bedId"]') as HTMLInputElement).value, name: (row.querySelector('th') as HTMLElement).innerText.trim() })));
    const fatherAt = order.findIndex((row) => row.name === 'Reza Rahimi');
    expect(fatherAt).toBeGreaterThanOrEqual(0);
    await request(h.t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set(api).send({ person: newPerson({ familyName: 'Martin', givenNames: 'Paul', sex: 'male' }), bedId: order[fatherAt].bedId }).expect(201);

    await page.getByRole('button', { name: msg('fr', 'waitingPlan.confirm', { count: 4 }) }).click();
    const alert = page.locator('#plan-error');
    await alert.waitFor();
    expect(await alert.innerText()).toContain(msg('fr', 'waitingPlan.failed', { name: 'Reza Rahimi', reason: msg('fr', 'errors.BED_OCCUPIED'), count: fatherAt }));

    // Those before the father are in; he and those after him are still waiting, and offered a fresh plan.
    const stays = await openStays(centre);
    const inNow = order.slice(0, fatherAt).map((row) => row.name);
    const placed = stays.filter((stay) => stay.household_id === householdId).map((stay) => stay.person_id);
    expect(placed.sort()).toEqual(Object.entries(personIds).filter(([ref]) => inNow.includes(`${{ father: 'Reza', mother: 'Maryam', son: 'Omid', daughter: 'Sara' }[ref]} Rahimi`)).map(([, id]) => id).sort());
    const waiting = await request(h.t.http).get(`/api/v1/centres/${centre.id}/waiting`).set(api).expect(200);
    expect(waiting.body.items).toHaveLength(4 - fatherAt);
    expect(waiting.body.items.map((item: { personId: string }) => item.personId)).toContain(personIds.father);
    // The fresh plan: the men's unit is full now, so the father is listed as not placed here, marked as the one refused.
    expect((await page.locator('tr[data-plan-placement]').count()) + (await page.locator('[data-plan-unplaced]').count())).toBe(4 - fatherAt);
    expect(await page.locator('[data-plan-unplaced][data-plan-failed]').innerText()).toBe(`Reza Rahimi: ${msg('fr', 'waitingPlan.reason.no_bed')}`);
    expect(problems.all().filter((problem) => !problem.includes('409'))).toEqual([]);
  });

  it('on the single check-in page, no bed for a member of a household points to the roster and the waiting list', async () => {
    const { centre, api, staff, householdId, interceptionId } = await familyWaiting('Karimi');
    // The family units out of service again: no bed for a member of a household.
    for (const bedId of [...centre.units[2].bedIds, ...centre.units[3].bedIds]) await request(h.t.http).patch(`/api/v1/beds/${bedId}`).set(api).send({ inService: false }).expect(200);
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${centre.id}/check-in?householdId=${householdId}&interceptionId=${interceptionId}`);
    await page.getByLabel(msg('en', 'person.familyName'), { exact: true }).fill('Karimi');
    await page.getByLabel(msg('en', 'person.givenNames'), { exact: true }).fill('Layla');
    await page.getByLabel(msg('en', 'checkIn.dateOfBirth'), { exact: true }).fill(years(4));
    await page.getByLabel(msg('en', 'person.sex'), { exact: true }).selectOption('female');
    await page.getByLabel(msg('en', 'origins.nationality.first'), { exact: true }).fill('AFG');
    await page.getByLabel(msg('en', 'origins.language.main'), { exact: true }).fill('fa');
    await page.getByRole('button', { name: msg('en', 'checkIn.submit') }).click();
    await page.locator('[data-plan-hint], #duplicates').first().waitFor();
    if (await page.locator('#duplicates').count()) {
      await page.getByLabel(msg('en', 'checkIn.createAnyway')).check();
      await page.getByRole('button', { name: msg('en', 'checkIn.submit') }).click();
    }
    const hint = page.locator('[data-plan-hint]');
    await hint.waitFor();
    expect(await hint.innerText()).toContain(msg('en', 'checkIn.planHint'));
    expect(await hint.getByRole('link', { name: msg('en', 'waiting.link') }).getAttribute('href')).toBe(`/centres/${centre.id}/waiting`);
    expect(await hint.getByRole('link', { name: msg('en', 'roster.link') }).getAttribute('href')).toBe(`/interceptions/${interceptionId}/roster?centreId=${centre.id}`);
    expect(await page.getByText(msg('en', 'errors.NO_BED_AVAILABLE')).first().isVisible()).toBe(true);
    expect(problems.all().filter((problem) => !problem.includes('409'))).toEqual([]);
  });
});
