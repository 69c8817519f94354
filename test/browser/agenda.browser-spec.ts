import request from 'supertest';
import { StaysService } from '@escale/stays';
import { dateTimeFormat, FixedClock } from '@escale/platform';
import { createCentre, newPerson } from '../support/fixtures.js';
import {
  DEFAULT_PASSWORD,
  headingText,
  isFocused,
  logIn,
  msg,
  settle,
  startBrowserHarness,
  tabTo,
  waitForLanguage,
  watchForProblems,
  type BrowserHarness,
} from './browser-support.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('Admin UI: the agenda (browser)', () => {
  const start = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
  const clock = new FixedClock(start);
  let h: BrowserHarness;
  let staff: { email: string; token: string };
  let held: { name: string; stayId: string; authorisedUntil: string };
  let housed: { name: string; caseId: string };
  let overdueTaskDue: string;

  const api = (who: { token: string }) => ({ Authorization: `Bearer ${who.token}` });

  beforeAll(async () => {
    h = await startBrowserHarness({ clock, env: { TOKEN_TTL_MINUTES: String(7 * 24 * 60) } });
    const removal = await createCentre(h.t, { kind: 'removal', units: [{ housing: 'men', beds: 3 }] });
    const reception = await createCentre(h.t, { kind: 'reception', units: [{ housing: 'men', beds: 3 }] });
    staff = await h.t.userWithToken('staff', [removal.id, reception.id]);
    const caseworker = await h.t.userWithToken('caseworker', [removal.id, reception.id]);

    const heldPerson = newPerson({ languages: ['fr'] });
    const heldIn = (await request(h.t.http).post(`/api/v1/centres/${removal.id}/check-ins`).set(api(staff)).send({ person: heldPerson }).expect(201)).body;
    held = { name: `${heldPerson.givenNames} ${(heldPerson.familyName as string).toUpperCase()}`, stayId: heldIn.stay.id, authorisedUntil: heldIn.stay.authorisedUntil };
    // The rights notice handed over on arrival opens the asylum window.
    await h.t.dataSource.transaction((manager) => h.t.app.get(StaysService).recordRightsNotified(manager, heldIn.stay.id, new Date(heldIn.stay.checkedInAt)));

    const housedPerson = newPerson({ languages: ['fr'] });
    const housedIn = (await request(h.t.http).post(`/api/v1/centres/${reception.id}/check-ins`).set(api(staff)).send({ person: housedPerson }).expect(201)).body;
    housed = { name: `${housedPerson.givenNames} ${(housedPerson.familyName as string).toUpperCase()}`, caseId: housedIn.case.id };
    overdueTaskDue = new Date(start.getTime() - 2 * DAY).toISOString();
    await request(h.t.http).post(`/api/v1/cases/${housed.caseId}/tasks`).set(api(caseworker)).send({ title: 'Call the family’s lawyer', dueAt: overdueTaskDue }).expect(201);
    await request(h.t.http).post(`/api/v1/cases/${housed.caseId}/tasks`).set(api(caseworker)).send({ title: 'Book an interpreter', dueAt: new Date(start.getTime() + DAY).toISOString() }).expect(201);
  });
  beforeEach(() => clock.set(start));
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  it('shows a staff member what is due in English, filters it by kind with the keyboard, and follows a link to the record', async () => {
    const { context, page } = await h.newPage({ locale: 'en-GB' });
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);

    // The header's navigation leads to the agenda.
    const nav = page.getByRole('navigation', { name: msg('en', 'nav.main') });
    await nav.getByRole('link', { name: msg('en', 'nav.agenda') }).click();
    await page.waitForURL((url) => url.pathname === '/agenda');
    expect(await headingText(page)).toBe(msg('en', 'agenda.title'));
    expect(await nav.getByRole('link', { name: msg('en', 'nav.agenda') }).getAttribute('aria-current')).toBe('page');

    const table = page.getByRole('table');
    const rows = table.locator('tbody tr');
    expect(await table.locator('caption').innerText()).toBe(msg('en', 'agenda.caption', { total: await rows.count() }));
    const kinds = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kind')));
    expect(kinds).toEqual(['task', 'task', 'authority_expiry', 'asylum_window']);
    // Soonest first, by the machine-readable times.
    const times = await rows.locator('time').evaluateAll((elements) => elements.map((element) => element.getAttribute('datetime')!));
    expect(times).toEqual([...times].sort());

    // The overdue task says so in words, with who it concerns, the centre's local time, and the kind translated.
    const overdue = rows.first();
    expect(await overdue.getAttribute('data-overdue')).not.toBeNull();
    // The text itself (the flag is styled in capitals).
    const cells = (await overdue.locator('th, td').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
    const due = dateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(overdueTaskDue));
    expect(cells[0]).toBe(`${due} ${msg('en', 'agenda.overdue')}`);
    expect(cells[1]).toBe(msg('en', 'agenda.kind.task'));
    expect(cells[2]).toBe(housed.name);
    expect(await rows.nth(1).getAttribute('data-overdue')).toBeNull();
    const authority = table.locator('tr[data-kind="authority_expiry"]');
    expect(await authority.locator('th').innerText()).toBe(msg('en', 'agenda.kind.authority_expiry'));
    expect(await authority.locator('time').getAttribute('datetime')).toBe(held.authorisedUntil);
    expect((await authority.locator('td').allInnerTexts())[1]).toBe(held.name);

    // Filter with the keyboard: the kind select, an arrow to "Task due", Tab to the button, Enter.
    const kind = page.getByLabel(msg('en', 'agenda.kind'), { exact: true });
    await tabTo(page, kind, 30);
    for (let step = 0; step < 6; step++) await page.keyboard.press('ArrowDown');
    expect(await kind.inputValue()).toBe('task');
    const show = page.getByRole('button', { name: msg('en', 'agenda.show') });
    await tabTo(page, show, 5);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/agenda' && url.searchParams.get('kind') === 'task');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kind')))).toEqual(['task', 'task']);
    // The form keeps what was chosen.
    expect(await page.getByLabel(msg('en', 'agenda.kind'), { exact: true }).inputValue()).toBe('task');

    // The row's link leads to the case, by the keyboard too.
    const link = rows.first().getByRole('link');
    expect(await link.innerText()).toContain(msg('en', 'agenda.link.case'));
    await tabTo(page, link, 20);
    expect(await isFocused(link)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/cases/${housed.caseId}` && url.hash === '#tasks');
    expect(await page.locator('#tasks').isVisible()).toBe(true);

    await settle(page);
    expect(problems.all()).toEqual([]);
  });

  it('speaks French, and issues a calendar feed address from the page', async () => {
    const { context, page } = await h.newPage({ locale: 'fr-FR' });
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto('/agenda');
    await waitForLanguage(page, 'fr');
    expect(await headingText(page)).toBe(msg('fr', 'agenda.title'));
    const nav = page.getByRole('navigation', { name: msg('fr', 'nav.main') });
    expect(await nav.getByRole('link', { name: msg('fr', 'nav.agenda') }).getAttribute('aria-current')).toBe('page');
    const rows = page.getByRole('table').locator('tbody tr');
    expect(await page.getByRole('table').locator('caption').innerText()).toBe(msg('fr', 'agenda.caption', { total: await rows.count() }));
    expect(await page.locator('tr[data-kind="authority_expiry"] th').innerText()).toBe(msg('fr', 'agenda.kind.authority_expiry'));
    const due = dateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(overdueTaskDue));
    expect((await rows.first().locator('td').first().textContent())!.replace(/\s+/g, ' ').trim()).toBe(`${due} ${msg('fr', 'agenda.overdue')}`);
    for (const label of ['agenda.centre', 'agenda.kind', 'agenda.period'] as const) expect(await page.getByLabel(msg('fr', label), { exact: true }).count()).toBe(1);

    // The feed: made with a POST form, its address shown once, and the page then says there is one.
    await page.getByRole('button', { name: msg('fr', 'agenda.feed.create') }).click();
    expect(await headingText(page)).toBe(msg('fr', 'agenda.feed.created.title'));
    const address = await page.getByLabel(msg('fr', 'agenda.feed.created.label')).inputValue();
    expect(address).toMatch(/\/api\/v1\/agenda\/calendar\.ics\?token=ecal_/);
    const feed = await request(h.t.http).get(new URL(address).pathname + new URL(address).search).expect(200);
    expect(feed.text).toContain('BEGIN:VEVENT');
    expect(feed.text).not.toContain(held.name.split(' ')[1]);
    await page.getByRole('link', { name: msg('fr', 'agenda.feed.created.back') }).click();
    await page.locator('[data-feed-on]').waitFor();
    expect(await page.content()).not.toContain(new URL(address).searchParams.get('token')!);

    await settle(page);
    expect(problems.all()).toEqual([]);
  });
});
