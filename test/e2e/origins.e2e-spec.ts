import request from 'supertest';
import { translate } from '@escale/platform';
import { createCentre, type CentreFixture, newPerson } from '../support/fixtures.js';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { as, checkedIn, checkIn, counts } from '../support/stays-fixtures.js';
import { DEFAULT_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

interface PageSession {
  cookie: string;
  csrf: string;
}

/**
 * A person's languages and nationalities wherever they are accepted: known codes only (ISO 639,
 * ISO 3166-1 alpha-3), each once, a refused one named by its index, nothing written when one is
 * refused, and the order sent kept, since the first language is the one notices are given in.
 */
describe('languages and nationalities: known codes, each once, in the order sent', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let staff: { email: string; token: string };
  let page: PageSession;

  beforeAll(async () => {
    t = await startTestApp();
    centre = await createCentre(t, { units: [{ housing: 'men', beds: 12 }, { housing: 'women', beds: 4 }] });
    staff = await t.userWithToken('staff', [centre.id]);
    const login = await request(t.http).get('/login').set('Accept-Language', 'fr');
    const signedIn = await request(t.http).post('/login').set('Cookie', sessionCookie(login)!).type('form').send({ _csrf: csrfOf(login.text), email: staff.email, password: DEFAULT_PASSWORD }).expect(303);
    const cookie = sessionCookie(signedIn)!;
    page = { cookie, csrf: csrfOf((await request(t.http).get('/').set('Cookie', cookie).expect(200)).text) };
  });
  afterAll(() => t.close());

  const personOf = async (id: string) => (await as(t, staff).get(`/api/v1/people/${id}`).expect(200)).body;
  /** A page form as a browser posts it: a list is the same name repeated, in the page's order. */
  const postForm = (path: string, fields: [string, string][]) =>
    request(t.http)
      .post(path)
      .set('Cookie', page.cookie)
      .set('Accept-Language', 'fr')
      .type('form')
      .send(new URLSearchParams([['_csrf', page.csrf], ...fields]).toString());

  describe('POST /centres/:id/check-ins', () => {
    it.each([
      ['an unknown language', { languages: ['ps', 'xx'] }, 'person.languages.1'],
      ['a language given twice', { languages: ['ps', 'fa', 'ps'] }, 'person.languages.2'],
      ['a language in capitals', { languages: ['PS'] }, 'person.languages.0'],
      ['the ISO 639-2 form of a two-letter code', { languages: ['prs', 'fas'] }, 'person.languages.1'],
      ['something that is not a code', { languages: ['ps', 7] }, 'person.languages.1'],
      ['an unknown nationality', { nationalities: ['AFG', 'XYZ'] }, 'person.nationalities.1'],
      ['an alpha-2 nationality', { nationalities: ['AF'] }, 'person.nationalities.0'],
      ['a nationality given twice', { nationalities: ['ERI', 'ERI'] }, 'person.nationalities.1'],
    ])('answers 400 VALIDATION_FAILED naming the item for %s, and records nothing', async (_, change, field) => {
      const before = await counts(t);
      const response = await checkIn(t, staff, centre.id, { person: newPerson(change) }).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(response.body.details.fields)).toEqual([field]);
      expect(await counts(t)).toEqual(before);
    });

    it('names every refused item at once, beside the other fields refused', async () => {
      const response = await checkIn(t, staff, centre.id, { person: newPerson({ familyName: '', languages: ['zz', 'ti', 'ti'], nationalities: ['ERI', 'eth'] }) }).expect(400);
      expect(response.body.details.fields).toEqual({
        'person.familyName': expect.any(Array),
        'person.languages.0': ['is not an ISO 639 language code'],
        'person.languages.2': ['repeats item 1'],
        'person.nationalities.1': ['must be an ISO 3166-1 alpha-3 code in upper case: ETH'],
      });
    });

    it('stores and returns the languages and nationalities in the order sent', async () => {
      const { person } = await checkedIn(t, staff, centre.id, { person: newPerson({ languages: ['ti', 'am', 'ar'], nationalities: ['ETH', 'ERI'] }) });
      expect(await personOf(person.id)).toMatchObject({ languages: ['ti', 'am', 'ar'], nationalities: ['ETH', 'ERI'] });
      const [row] = await t.dataSource.query(`SELECT languages, nationalities FROM people WHERE id = $1`, [person.id]);
      expect(row).toEqual({ languages: ['ti', 'am', 'ar'], nationalities: ['ETH', 'ERI'] });
    });
  });

  describe('PATCH /people/:id', () => {
    it.each([
      ['an unknown language', { languages: ['fa', 'prs', 'qqq'] }, 'languages.2'],
      ['a language given twice', { languages: ['prs', 'prs'] }, 'languages.1'],
      ['an unknown nationality', { nationalities: ['IRN', 'ZZZ'] }, 'nationalities.1'],
      ['a nationality given twice', { nationalities: ['AFG', 'IRN', 'AFG'] }, 'nationalities.2'],
    ])('answers 400 VALIDATION_FAILED naming the item for %s, and changes nothing', async (_, change, field) => {
      const { person } = await checkedIn(t, staff, centre.id, { person: newPerson({ languages: ['prs', 'fa'], nationalities: ['AFG'] }) });
      const before = await personOf(person.id);
      const response = await as(t, staff).patch(`/api/v1/people/${person.id}`, { version: 1, familyName: 'Renamed', ...change }).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(response.body.details.fields)).toEqual([field]);
      expect(await personOf(person.id)).toEqual(before);
    });

    it('keeps the order sent, and a new order replaces the old one', async () => {
      const { person } = await checkedIn(t, staff, centre.id, { person: newPerson({ languages: ['fa'], nationalities: ['IRN'] }) });
      const first = await as(t, staff).patch(`/api/v1/people/${person.id}`, { version: 1, languages: ['ckb', 'fa', 'kmr'], nationalities: ['IRQ', 'IRN'] }).expect(200);
      expect(first.body).toMatchObject({ languages: ['ckb', 'fa', 'kmr'], nationalities: ['IRQ', 'IRN'], version: 2 });
      const second = await as(t, staff).patch(`/api/v1/people/${person.id}`, { version: 2, languages: ['kmr', 'ckb', 'fa'] }).expect(200);
      expect(second.body).toMatchObject({ languages: ['kmr', 'ckb', 'fa'], nationalities: ['IRQ', 'IRN'] });
      expect(await personOf(person.id)).toMatchObject({ languages: ['kmr', 'ckb', 'fa'] });
    });
  });

  describe('POST /interceptions/:id/arrivals', () => {
    it('answers a row with a refused language or nationality invalid, naming the item, records nobody for it, and keeps the order of the others', async () => {
      const interception = (await as(t, staff).post('/api/v1/interceptions', { occurredAt: new Date(Date.now() - 3_600_000).toISOString(), location: 'Wimereux', agency: 'Gendarmerie', groupSize: 3 }).expect(201)).body.id;
      const people = [
        { ref: 'ok', person: newPerson({ familyName: 'Arrivee', languages: ['so', 'ar', 'en'], nationalities: ['SOM'] }) },
        { ref: 'bad-language', person: newPerson({ familyName: 'Refusee', languages: ['so', 'somali'] }) },
        { ref: 'twice', person: newPerson({ familyName: 'Deuxfois', nationalities: ['SOM', 'SOM'] }) },
      ];
      const response = await as(t, staff).post(`/api/v1/interceptions/${interception}/arrivals`, { centreId: centre.id, people }).expect(200);
      const [ok, badLanguage, twice] = response.body.results;
      expect(ok).toMatchObject({ ref: 'ok', status: 'checked_in' });
      expect(badLanguage).toMatchObject({ ref: 'bad-language', status: 'invalid', code: 'VALIDATION_FAILED', fields: { 'person.languages.1': ['is not an ISO 639 language code'] } });
      expect(twice).toMatchObject({ ref: 'twice', status: 'invalid', code: 'VALIDATION_FAILED', fields: { 'person.nationalities.1': ['repeats item 0'] } });
      expect(badLanguage.personId).toBeUndefined();
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM people WHERE family_name IN ('Refusee', 'Deuxfois')`);
      expect(n).toBe(0);
      expect(await personOf(ok.personId)).toMatchObject({ languages: ['so', 'ar', 'en'] });
    });
  });

  describe('the forms', () => {
    const checkInForm = (familyName: string, languages: string[], nationalities: string[]): [string, string][] => [
      ['familyName', familyName],
      ['givenNames', 'Gul'],
      ['dateOfBirth', '1996-04-12'],
      ['sex', 'female'],
      ...nationalities.map((value): [string, string] => ['nationalities', value]),
      ...languages.map((value): [string, string] => ['languages', value]),
      ['createAnyway', 'true'],
    ];

    it('check-in reads names in the order typed, skipping empty inputs', async () => {
      const familyName = `Ordre${Date.now()}`;
      await postForm(`/centres/${centre.id}/check-in`, checkInForm(familyName, ['pachto', '', 'Dari'], ['Afghanistan', 'iran'])).expect(303);
      const [row] = await t.dataSource.query(`SELECT languages, nationalities FROM people WHERE family_name = $1`, [familyName]);
      expect(row).toEqual({ languages: ['ps', 'prs'], nationalities: ['AFG', 'IRN'] });
    });

    it('check-in shows a refused name beside the input it was typed in, keeps what was typed, and records nothing', async () => {
      const before = await counts(t);
      const response = await postForm(`/centres/${centre.id}/check-in`, checkInForm(`Refus${Date.now()}`, ['dari', 'klingon', 'Dari'], ['Afghanistan'])).expect(400);
      expect(await counts(t)).toEqual(before);
      expect(response.text).toContain(`<p class="field-error" id="languages-2-error"><span class="visually-hidden">${translate('fr', 'form.error')} </span>${translate('fr', 'origins.error.language')}</p>`);
      expect(response.text).toContain(`id="languages-3-error"><span class="visually-hidden">${translate('fr', 'form.error')} </span>${translate('fr', 'origins.error.languageTwice')}</p>`);
      expect(response.text).toMatch(/<input id="languages-2" name="languages" type="text" value="klingon"[^>]*aria-invalid="true"/);
      expect(response.text).not.toContain('id="languages-1-error"');
    });

    it('the person and stay pages show languages by name in order, the main one marked, and the correction form reorders them', async () => {
      const { person, stay } = await checkedIn(t, staff, centre.id, { person: newPerson({ languages: ['prs', 'ps'], nationalities: ['AFG', 'PAK'] }) });
      const names = [`<dd data-person-languages>${translate('fr', 'origins.mainLanguage', { name: 'dari' })}, pachto</dd>`, '<dd data-person-nationalities>Afghanistan, Pakistan</dd>'];
      const stayPage = await request(t.http).get(`/stays/${stay.id}`).set('Cookie', page.cookie).expect(200);
      for (const text of names) expect(stayPage.text).toContain(text);
      const shown = await request(t.http).get(`/people/${person.id}`).set('Cookie', page.cookie).expect(200);
      for (const text of names) expect(shown.text).toContain(text);
      expect(shown.text).toMatch(/<input id="edit-languages-1" name="languages" type="text" value="dari"/);

      const edit = (languages: string[]) =>
        postForm(`/people/${person.id}/edit`, [['version', '1'], ['familyName', 'Nouveau'], ['givenNames', 'Prénom'], ['dateOfBirth', '1995-03-14'], ['sex', 'male'], ['nationalities', 'Afghanistan'], ...languages.map((value): [string, string] => ['languages', value])]);
      const before = await personOf(person.id);
      const refused = await edit(['pachto', 'klingon']).expect(400);
      expect(refused.text).toContain('id="edit-languages-2-error"');
      expect(await personOf(person.id)).toEqual(before);
      await edit(['pachto', 'dari', '']).expect(303);
      expect(await personOf(person.id)).toMatchObject({ familyName: 'Nouveau', languages: ['ps', 'prs'], nationalities: ['AFG'], version: 2 });
    });
  });
});
