import { readFile } from 'node:fs/promises';
import request from 'supertest';
import { createCentre, newPerson } from '../support/fixtures.js';
import {
  createUser,
  DEFAULT_PASSWORD,
  headingText,
  isFocused,
  logIn,
  msg,
  pathOf,
  startBrowserHarness,
  tabTo,
  waitForLanguage,
  watchForProblems,
  type BrowserHarness,
} from './browser-support.js';

describe('Audit trail viewer (browser)', () => {
  let h: BrowserHarness;
  let staff: { id: string; email: string; token: string };
  let staffName: string;
  let personId: string;

  beforeAll(async () => {
    h = await startBrowserHarness();
    const centre = await createCentre(h.t, { units: [{ housing: 'mixed', beds: 4 }] });
    const other = await createCentre(h.t, { units: [{ housing: 'mixed', beds: 2 }] });
    staff = await h.t.userWithToken('staff', [centre.id]);
    staffName = (await h.t.dataSource.query(`SELECT name FROM users WHERE id = $1`, [staff.id]))[0].name as string;
    const checkIn = await request(h.t.http)
      .post(`/api/v1/centres/${centre.id}/check-ins`)
      .set('Authorization', `Bearer ${staff.token}`)
      .send({ person: newPerson({ familyName: 'Zzauditcanary' }) })
      .expect(201);
    personId = checkIn.body.person.id as string;
    for (let read = 0; read < 3; read++) await request(h.t.http).get(`/api/v1/people/${personId}`).set('Authorization', `Bearer ${staff.token}`).expect(200);
    // Someone of another centre tries the same person: a denial in the trail.
    const outsider = await h.t.userWithToken('staff', [other.id]);
    await request(h.t.http).get(`/api/v1/people/${personId}`).set('Authorization', `Bearer ${outsider.token}`).expect(404);
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  it('lets an auditor reach the trail, filter it and download it as CSV with the keyboard alone', async () => {
    const auditor = await createUser(h, 'auditor');
    const { context, page } = await h.newPage({ acceptDownloads: true });
    const problems = await watchForProblems(context, page);
    await logIn(page, auditor.email, DEFAULT_PASSWORD);

    // The header's menu leads to the trail.
    const nav = page.getByRole('navigation', { name: msg('en', 'nav.main') });
    const link = nav.getByRole('link', { name: msg('en', 'audit.nav') });
    await tabTo(page, link, 20);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/audit');
    expect(await headingText(page)).toBe(msg('en', 'audit.title'));
    expect(await nav.getByRole('link', { name: msg('en', 'audit.nav') }).getAttribute('aria-current')).toBe('page');

    // The filters, in order, each with its label; Enter in a field sends the form.
    const filters = page.locator('form[action="/audit"]');
    const actor = filters.locator('#audit-actor');
    await tabTo(page, actor, 25);
    expect(await actor.evaluate((element) => getComputedStyle(element).outlineStyle)).toBe('solid');
    await page.keyboard.type(staff.email);
    await page.keyboard.press('Tab');
    expect(await isFocused(filters.locator('#audit-action'))).toBe(true);
    // Actions are chosen by their words: typing them picks the option.
    await page.keyboard.type(msg('en', 'auditAction.person.read'));
    expect(await filters.locator('#audit-action').inputValue()).toBe('person.read');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await isFocused(filters.locator('#audit-entity-id'))).toBe(true);
    await page.keyboard.type(personId);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await isFocused(filters.locator('#audit-outcome'))).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await filters.locator('#audit-outcome').inputValue()).toBe('success');
    // (Tab also steps through the day, month and year of a date field.)
    await tabTo(page, filters.getByRole('button', { name: msg('en', 'audit.show') }), 12);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/audit' && url.searchParams.get('action') === 'person.read');
    expect(pathOf(page)).toContain(`actor=${encodeURIComponent(staff.email)}`);

    // Three reads by that user of that person, and nothing else; the form keeps what was typed.
    const rows = page.locator('tr[data-audit-event]');
    expect(await rows.count()).toBe(3);
    for (const row of await rows.all()) {
      const cells = await row.locator('th, td').allInnerTexts();
      expect(cells[1]).toBe(staffName);
      // Words, not codes: the action and the record type in the page's language.
      expect(cells[2]).toBe(msg('en', 'auditAction.person.read'));
      expect(cells[3]).toContain(msg('en', 'auditRecord.person'));
      expect(cells[3]).toContain(personId);
      expect(cells[5]).toBe(msg('en', 'audit.outcome.success'));
    }
    expect(await filters.locator('#audit-actor').inputValue()).toBe(staff.email);
    // Nothing of the person is shown: ids, never names.
    expect(await page.content()).not.toContain('Zzauditcanary');

    // The table can be scrolled from the keyboard, and the CSV link is reached and followed with it.
    expect(await page.locator('.table-scroll').getAttribute('tabindex')).toBe('0');
    const csvLink = page.locator('a[data-audit-csv]');
    expect(await csvLink.innerText()).toBe(msg('en', 'audit.csv', { total: 3 }));
    await tabTo(page, csvLink, 50);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('audit-events.csv');
    const [header, ...lines] = (await readFile((await download.path())!, 'utf8')).trim().split('\n');
    expect(header).toBe('seq,id,at,actorId,action,entityType,entityId,centreId,outcome,origin,requestId,subjectIds');
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const cells = line.split(',');
      expect([cells[3], cells[4], cells[5], cells[6], cells[8]]).toEqual([staff.id, 'person.read', 'person', personId, 'success']);
      expect(cells[0]).toMatch(/^\d+$/);
      expect(cells[2]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    }
    expect(lines.join('\n')).not.toContain('Zzauditcanary');

    // The denial is there too, for whoever looks for denied events.
    await page.goto(`/audit?outcome=denied&entityId=${personId}`);
    const denied = page.locator('tr[data-audit-event]');
    expect(await denied.count()).toBe(1);
    expect((await denied.first().locator('td').allInnerTexts())[1]).toBe(msg('en', 'auditAction.access.denied'));

    // In French, the same page speaks French.
    await page.getByRole('button', { name: 'Français' }).click();
    await waitForLanguage(page, 'fr');
    expect(await headingText(page)).toBe(msg('fr', 'audit.title'));
    expect(await page.locator('tr[data-audit-event] td[data-outcome]').first().innerText()).toBe(msg('fr', 'audit.outcome.denied'));
    expect((await denied.first().locator('td').allInnerTexts())[1]).toBe(msg('fr', 'auditAction.access.denied'));

    expect(problems.all()).toEqual([]);
  });
});
