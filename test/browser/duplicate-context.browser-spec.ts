import request from 'supertest';
import { createCentre, type CentreFixture, newPerson } from '../support/fixtures.js';
import { DEFAULT_PASSWORD, logIn, msg, startBrowserHarness, waitForLanguage, watchForProblems, type BrowserHarness } from './browser-support.js';

/** A day as the pages show it: medium style, in the centres' time zone. */
const day = (locale: 'en-GB' | 'fr-FR', at: Date | string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'Europe/Paris' }).format(new Date(at));

describe('Admin UI: possible duplicates show the last stay in the caller’s centres (browser)', () => {
  let h: BrowserHarness;
  let centre: CentreFixture;
  let staff: { email: string; token: string };
  const api = () => ({ Authorization: `Bearer ${staff.token}` });
  let stay: { checked_in_at: Date; checked_out_at: Date };

  beforeAll(async () => {
    h = await startBrowserHarness();
    centre = await createCentre(h.t, { units: [{ name: 'Men', housing: 'men', beds: 6 }] });
    staff = await h.t.userWithToken('staff', [centre.id]);
    const known = await request(h.t.http)
      .post(`/api/v1/centres/${centre.id}/check-ins`)
      .set(api())
      .send({ person: newPerson({ familyName: 'Hosseini', givenNames: 'Mohammad', dateOfBirth: '1993-07-01' }) })
      .expect(201);
    await request(h.t.http).post(`/api/v1/stays/${known.body.stay.id}/check-out`).set(api()).send({ reason: 'released_at_legal_limit' }).expect(200);
    [stay] = await h.t.dataSource.query(`SELECT checked_in_at, checked_out_at FROM stays WHERE id = $1`, [known.body.stay.id]);
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  it('on the check-in page, names the centre and the dates of the last stay', async () => {
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${centre.id}/check-in`);
    await page.getByLabel(msg('en', 'person.familyName'), { exact: true }).fill('Husseini');
    await page.getByLabel(msg('en', 'person.givenNames'), { exact: true }).fill('Muhammad');
    await page.getByLabel(msg('en', 'checkIn.dateOfBirth'), { exact: true }).fill('1993-07-01');
    await page.getByLabel(msg('en', 'person.sex'), { exact: true }).selectOption('male');
    await page.getByLabel(msg('en', 'origins.nationality.first'), { exact: true }).fill('AFG');
    await page.getByLabel(msg('en', 'origins.language.main'), { exact: true }).fill('fa');
    await page.locator('#check-in-form').getByRole('button', { name: msg('en', 'checkIn.submit') }).click();
    await page.locator('#duplicates').waitFor();
    expect(await page.getByRole('columnheader', { name: msg('en', 'checkIn.duplicates.lastStay') }).count()).toBe(1);
    const row = page.locator('tr[data-duplicate]').filter({ hasText: 'Mohammad Hosseini' });
    expect(await row.locator('[data-duplicate-last-stay]').innerText()).toBe(
      msg('en', 'duplicates.lastStay.closed', { centre: `Centre ${centre.code}`, code: centre.code, from: day('en-GB', stay.checked_in_at), to: day('en-GB', stay.checked_out_at) }),
    );
    expect(problems.all()).toEqual([]);
  });

  it('on the roster, in French, beside each person offered', async () => {
    const interceptionId = (
      await request(h.t.http).post('/api/v1/interceptions').set(api()).send({ occurredAt: new Date(Date.now() - 3_600_000).toISOString(), location: 'Gravelines', agency: 'Gendarmerie', groupSize: 1 }).expect(201)
    ).body.id as string;
    const { context, page } = await h.newPage({ locale: 'fr-FR' });
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/interceptions/${interceptionId}/roster?centreId=${centre.id}`);
    await waitForLanguage(page, 'fr');
    const cell = (column: string) => page.locator(`#row-1-${column}`);
    await cell('familyName').fill('Hoseini');
    await cell('givenNames').fill('Mohamad');
    await cell('birth').fill('01/07/1993');
    await cell('sex').selectOption('male');
    await cell('nationalities').fill('AFG');
    await cell('languages').fill('fa');
    await page.getByRole('button', { name: msg('fr', 'roster.submit') }).click();
    await page.locator('[data-roster-done]').waitFor();
    const offered = page.locator('[data-recorded][data-just-recorded] [data-duplicates] li').filter({ hasText: 'Mohammad Hosseini' });
    expect((await offered.locator('[data-duplicate-last-stay]').innerText()).trim()).toBe(msg('fr', 'roster.duplicateLastStay', { code: centre.code, date: day('fr-FR', stay.checked_out_at) }).trim());
    expect(problems.all()).toEqual([]);
  });
});
