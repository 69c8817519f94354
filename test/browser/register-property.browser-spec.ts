import request from 'supertest';
import { createCentre, type CentreFixture, newPerson } from '../support/fixtures.js';
import { DEFAULT_PASSWORD, focused, headingText, logIn, msg, startBrowserHarness, waitForLanguage, watchForProblems, type BrowserHarness } from './browser-support.js';

describe('Admin UI: the register for inspectors, and property handed back against a signature (browser)', () => {
  let h: BrowserHarness;
  let centre: CentreFixture;
  let staff: { id: string; email: string; token: string };

  beforeAll(async () => {
    h = await startBrowserHarness();
    centre = await createCentre(h.t, { kind: 'removal', units: [{ name: 'Aile Nord', housing: 'men', beds: 3 }] });
    staff = await h.t.userWithToken('staff', [centre.id]);
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  const api = (method: 'get' | 'post', path: string, body?: object) => request(h.t.http)[method](path).set({ Authorization: `Bearer ${staff.token}` }).send(body);

  it('lets an auditor reach a centre’s register from the navigation, in French, with its entries', async () => {
    const held = (await api('post', `/api/v1/centres/${centre.id}/check-ins`, { person: newPerson({ familyName: 'Sadiqi', givenNames: 'Omar' }) }).expect(201)).body;
    await api('post', `/api/v1/stays/${held.stay.id}/check-out`, { reason: 'released_by_court' }).expect(200);
    const auditor = await h.t.userWithToken('auditor', []);
    const { context, page } = await h.newPage({ locale: 'fr-FR' });
    const problems = await watchForProblems(context, page);
    await logIn(page, auditor.email, DEFAULT_PASSWORD);
    await waitForLanguage(page, 'fr');
    await page.getByRole('navigation', { name: msg('fr', 'nav.main') }).getByRole('link', { name: msg('fr', 'registers.nav') }).click();
    expect(await headingText(page)).toBe(msg('fr', 'registers.title'));
    const [{ name }] = await h.t.dataSource.query(`SELECT name FROM centres WHERE id = $1`, [centre.id]);
    await page.getByRole('link', { name: `${msg('fr', 'register.link')} ${name}` }).click();
    expect(await headingText(page)).toBe(msg('fr', 'register.title', { centre: name }));
    const row = page.getByRole('row').filter({ hasText: 'Sadiqi' });
    const entries = row.locator('[data-entry]');
    expect(await entries.evaluateAll((items) => items.map((item) => item.getAttribute('data-entry')))).toEqual(['placement', 'exit']);
    expect(await entries.first().innerText()).toContain(msg('fr', 'registerEntry.placement'));
    expect(await entries.last().innerText()).toContain(msg('fr', 'exitReason.released_by_court'));
    // An auditor reads the register, not the stay behind it.
    expect(await row.getByRole('link').count()).toBe(0);
    expect(await page.getByRole('link', { name: msg('fr', 'register.csv', { total: 1 }) }).getAttribute('href')).toBe(`/centres/${centre.id}/register.csv`);
    expect(problems.all()).toEqual([]);
  });

  it('hands property back after the person left, signed by a representative, and prints the receipt', async () => {
    const held = (await api('post', `/api/v1/centres/${centre.id}/check-ins`, { person: newPerson({ familyName: 'Noori', givenNames: 'Jamal' }) }).expect(201)).body;
    await api('post', `/api/v1/stays/${held.stay.id}/property`, { items: [{ kind: 'cash', description: 'Billets', amountCents: 12_000 }, { kind: 'item', description: 'Téléphone' }] }).expect(201);
    await api('post', `/api/v1/stays/${held.stay.id}/check-out`, { reason: 'released_by_court' }).expect(200);
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${centre.id}/property/owed`);
    await page.getByRole('link', { name: `${msg('en', 'propertyReturn.title')} — Jamal Noori` }).click();
    expect(await headingText(page)).toBe(msg('en', 'propertyReturn.title'));

    // A representative signs, but their name is forgotten: the error summary takes the focus.
    await page.getByLabel(msg('en', 'propertyReturn.signer.representative')).check();
    await page.getByRole('button', { name: msg('en', 'propertyReturn.submit') }).click();
    await page.getByRole('alert').waitFor();
    expect((await focused(page)).id).toBe('return-error');
    expect(await page.getByRole('alert').innerText()).toContain(msg('en', 'fieldError.representativeName'));
    expect((await h.t.dataSource.query(`SELECT 1 FROM property_returns WHERE stay_id = $1`, [held.stay.id])).length).toBe(0);

    await page.getByLabel(msg('en', 'propertyReturn.representativeName')).fill('Maître Claire Dubois');
    await page.getByRole('button', { name: msg('en', 'propertyReturn.submit') }).click();
    const [receipt] = await h.t.dataSource.query(`SELECT receipt_number FROM property_returns WHERE stay_id = $1`, [held.stay.id]);
    expect(await headingText(page)).toBe(msg('en', 'propertyReturn.receiptTitle', { receipt: receipt.receipt_number }));
    expect(await page.locator('#receipt-signer').innerText()).toBe(msg('en', 'propertyReturn.signedByRepresentative', { name: 'Maître Claire Dubois' }));
    expect(await page.locator('#receipt-items tbody tr').count()).toBe(2);

    await page.goto(`/centres/${centre.id}/property/owed`);
    expect(await page.getByText(msg('en', 'propertyOwed.empty')).count()).toBe(1);
    // The refused form answered 400, as it should; nothing else went wrong.
    expect(problems.all().filter((problem) => !problem.includes('status of 400'))).toEqual([]);
  });
});
