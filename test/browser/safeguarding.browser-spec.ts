import type { Locator, Page } from 'playwright-core';
import request from 'supertest';
import { AlertEscalationService } from '@escale/alerts';
import { FixedClock } from '@escale/platform';
import { createCentre, newPerson, type CentreFixture } from '../support/fixtures.js';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  DEFAULT_PASSWORD,
  headingText,
  isFocused,
  logIn,
  msg,
  pathOf,
  settle,
  startBrowserHarness,
  tabTo,
  waitForLanguage,
  waitForPath,
  watchForProblems,
  type BrowserHarness,
} from './browser-support.js';

const MINUTE = 60_000;

interface Member {
  id: string;
  email: string;
  token: string;
  name: string;
}

/** The main navigation's link to a page. */
const navLink = (page: Page, name: string): Locator => page.getByRole('navigation', { name: msg('en', 'nav.main') }).getByRole('link', { name, exact: true });

describe('Admin UI: safeguarding — pending age assessments, duty contacts, escalated alerts, data protection (browser)', () => {
  // The app's clock starts at the real time (to the minute) and is moved by hand for escalations.
  const start = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
  const clock = new FixedClock(start);
  let h: BrowserHarness;
  let centre: CentreFixture;
  let other: CentreFixture;
  let staff: Member;
  let caseworker: Member;
  let otherCaseworker: Member;

  const member = async (role: 'staff' | 'caseworker', centreIds: string[]): Promise<Member> => {
    const user = await h.t.userWithToken(role, centreIds);
    const [row] = await h.t.dataSource.query(`SELECT name FROM users WHERE id = $1`, [user.id]);
    return { ...user, name: row.name as string };
  };

  /** Checks a person in through the API, as staff; the stay, person and case, and the name the pages show. */
  const checkIn = async (person = newPerson()) => {
    const body = (await request(h.t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set('Authorization', `Bearer ${staff.token}`).send({ person }).expect(201)).body;
    return { stayId: body.stay.id as string, personId: body.person.id as string, caseId: body.case.id as string, name: `${person.givenNames} ${String(person.familyName).toUpperCase()}` };
  };

  beforeAll(async () => {
    h = await startBrowserHarness({ clock, env: { TOKEN_TTL_MINUTES: String(7 * 24 * 60), ALERT_ESCALATION_MINUTES: '15' } });
    // Each person presumed a minor takes a family unit of their own.
    const layout = { kind: 'reception' as const, units: [{ name: 'A Men', housing: 'men' as const, beds: 4 }, ...Array.from({ length: 3 }, (_, index) => ({ name: `Family ${index + 1}`, housing: 'families' as const, beds: 1 }))] };
    centre = await createCentre(h.t, layout);
    other = await createCentre(h.t, layout);
    staff = await member('staff', [centre.id]);
    caseworker = await member('caseworker', [centre.id]);
    otherCaseworker = await member('caseworker', [other.id]);
  });
  beforeEach(async () => {
    clock.set(start);
    // A language chosen with the switch is kept for the user: each test starts from the browser's.
    await h.t.dataSource.query(`UPDATE users SET locale = NULL WHERE id = $1`, [staff.id]);
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  it('shows staff a disputed age on the pending list in English and French, and records an adult assessment with the keyboard: the person leaves the list', async () => {
    const disputed = await checkIn(newPerson({ ageDisputed: true, dateOfBirth: '2009-05-01' }));
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);

    // From the menu: the staff member has one centre, so its list opens.
    await navLink(page, msg('en', 'nav.ageAssessments')).click();
    await waitForPath(page, `/centres/${centre.id}/age-assessments`);
    expect(await headingText(page)).toBe(msg('en', 'ageAssessments.centreTitle', { centre: `Centre ${centre.code}` }));
    const table = page.getByRole('table', { name: msg('en', 'ageAssessments.caption', { centre: `Centre ${centre.code}`, count: 1 }) });
    const row = table.locator(`tr[data-person="${disputed.personId}"]`);
    expect(await row.getByRole('link', { name: disputed.name, exact: true }).getAttribute('href')).toBe(`/stays/${disputed.stayId}`);
    expect(await row.locator('[data-waiting]').innerText()).toBe(msg('en', 'ageAssessments.waiting.none'));
    // Where the assessment stands, in words.
    expect(await row.locator('[data-assessment]').innerText()).toBe(msg('en', 'ageAssessments.notRequested'));
    expect(await row.locator('[data-arrived]').getAttribute('datetime')).toBe(start.toISOString());

    // In French, every word of the list.
    await page.getByRole('button', { name: 'Français', exact: true }).click();
    await waitForLanguage(page, 'fr');
    expect(await headingText(page)).toBe(msg('fr', 'ageAssessments.centreTitle', { centre: `Centre ${centre.code}` }));
    const frenchTable = page.getByRole('table', { name: msg('fr', 'ageAssessments.caption', { centre: `Centre ${centre.code}`, count: 1 }) });
    const frenchRow = frenchTable.locator(`tr[data-person="${disputed.personId}"]`);
    expect(await frenchRow.locator('[data-waiting]').innerText()).toBe(msg('fr', 'ageAssessments.waiting.none'));
    expect(await frenchRow.locator('[data-assessment]').innerText()).toBe(msg('fr', 'ageAssessments.notRequested'));
    const arrived = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(start);
    expect(await frenchRow.locator('[data-arrived]').innerText()).toBe(arrived);
    const main = await page.getByRole('main').innerText();
    for (const english of [msg('en', 'ageAssessments.record'), msg('en', 'ageAssessments.waiting'), msg('en', 'ageAssessments.intro')]) expect(main).not.toContain(english);

    // With the keyboard: the row's link, then the form on the person's page.
    const record = frenchRow.getByRole('link', { name: `${msg('fr', 'ageAssessments.record')} ${disputed.name}` });
    await tabTo(page, record, 60);
    await page.keyboard.press('Enter');
    await waitForPath(page, `/people/${disputed.personId}`);
    const status = page.locator('#age-status');
    await tabTo(page, status, 60);
    for (let presses = 0; presses < 3; presses++) await page.keyboard.press('ArrowDown');
    expect(await status.inputValue()).toBe('completed');
    await page.keyboard.press('Tab');
    expect(await isFocused(page.locator('#age-outcome'))).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#age-outcome').inputValue()).toBe('adult');
    await page.keyboard.press('Tab');
    const birth = page.locator('#age-dateOfBirth');
    expect(await isFocused(birth)).toBe(true);
    // A date that makes the person a minor, with an "adult" outcome: refused on the form, the summary focused.
    // (Day and month alike, so the date reads the same whatever order the browser shows its parts in.)
    await page.keyboard.type('05052015');
    expect(await birth.inputValue()).toBe('2015-05-05');
    await page.keyboard.press('Enter');
    const summary = page.locator('#person-error');
    await summary.waitFor();
    expect(await isFocused(summary)).toBe(true);
    expect(await summary.getAttribute('role')).toBe('alert');
    expect(await summary.innerText()).toContain(msg('fr', 'fieldError.ageDateOfBirth'));
    expect(await status.inputValue()).toBe('completed');
    expect(await page.locator('#age-outcome').inputValue()).toBe('adult');
    expect(await page.locator('#age-dateOfBirth-error').innerText()).toContain(msg('fr', 'fieldError.ageDateOfBirth'));
    const [unchanged] = await h.t.dataSource.query(`SELECT age_disputed, assessed_age FROM people WHERE id = $1`, [disputed.personId]);
    expect(unchanged).toEqual({ age_disputed: true, assessed_age: null });

    // From the summary's link to the field, a right date, and Enter.
    await page.keyboard.press('Tab');
    expect(await isFocused(summary.getByRole('link', { name: msg('fr', 'fieldError.ageDateOfBirth') }))).toBe(true);
    await page.keyboard.press('Enter');
    await tabTo(page, birth, 5);
    await page.keyboard.type('05052004');
    expect(await birth.inputValue()).toBe('2004-05-05');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: msg('fr', 'person.done.age-assessment') }).waitFor();
    expect(await page.locator('[data-age-assessment]').innerText()).toContain(msg('fr', 'assessmentOutcome.adult'));
    const [person] = await h.t.dataSource.query(`SELECT to_char(date_of_birth, 'YYYY-MM-DD') AS dob, dob_estimated, age_disputed, assessed_age FROM people WHERE id = $1`, [disputed.personId]);
    expect(person).toEqual({ dob: '2004-05-05', dob_estimated: true, age_disputed: false, assessed_age: 'adult' });

    // Back on the list: nobody is waiting any more.
    await page.getByRole('navigation', { name: msg('fr', 'nav.main') }).getByRole('link', { name: msg('fr', 'nav.ageAssessments'), exact: true }).click();
    await waitForPath(page, `/centres/${centre.id}/age-assessments`);
    await page.locator('[data-pending-empty]').waitFor();
    expect(await page.locator('[data-pending-empty]').innerText()).toBe(msg('fr', 'ageAssessments.empty'));
    expect(await page.locator(`tr[data-person="${disputed.personId}"]`).count()).toBe(0);

    await settle(page);
    // The one refusal on purpose is the only problem: the browser reports the form's 400.
    const refusal = `/people/${disputed.personId}/age-assessment`;
    expect(problems.all().filter((problem) => !(problem.includes('status of 400') && problem.includes(refusal)))).toEqual([]);
    expect(problems.all().filter((problem) => problem.includes(refusal))).toHaveLength(1);
  });

  it('lets an admin set a duty contact on the centre page with the keyboard; the centre’s staff see where unacknowledged alerts go', async () => {
    const { page } = await h.newPage();
    await logIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto(`/centres/${centre.id}`);
    const section = page.getByRole('region', { name: msg('en', 'dutyContacts.title') });
    expect(await section.locator('[data-duty-contacts-none]').innerText()).toBe(msg('en', 'dutyContacts.none'));
    const box = section.getByRole('checkbox', { name: msg('en', 'dutyContacts.user', { name: staff.name, role: msg('en', 'role.staff'), email: staff.email }) });
    // Only the eligible: the other centre's caseworker is not offered.
    expect(await section.getByRole('checkbox', { name: new RegExp(otherCaseworker.email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).count()).toBe(0);
    await tabTo(page, box, 80);
    await page.keyboard.press('Space');
    expect(await box.isChecked()).toBe(true);
    await tabTo(page, section.getByRole('button', { name: msg('en', 'dutyContacts.save') }), 40);
    await page.keyboard.press('Enter');
    await waitForPath(page, `/centres/${centre.id}?done=duty-contacts`);
    await page.getByRole('status').filter({ hasText: msg('en', 'manage.done.duty-contacts') }).waitFor();
    expect(await page.locator('[data-duty-contacts] li').allInnerTexts()).toEqual([msg('en', 'dutyContacts.user', { name: staff.name, role: msg('en', 'role.staff'), email: staff.email })]);
    expect(await h.t.dataSource.query(`SELECT user_id FROM centre_duty_contacts WHERE centre_id = $1`, [centre.id])).toEqual([{ user_id: staff.id }]);

    const { page: staffPage } = await h.newPage();
    await logIn(staffPage, staff.email, DEFAULT_PASSWORD);
    await staffPage.goto('/alerts');
    const duty = staffPage.getByRole('region', { name: msg('en', 'alerts.dutyContacts.title') });
    expect(await duty.locator(`[data-duty-contacts="${centre.id}"]`).innerText()).toBe(msg('en', 'alerts.dutyContacts.to', { centre: `Centre ${centre.code}`, names: staff.name }));
  });

  it('shows an urgent alert nobody acknowledged as escalated to the duty contacts, and who acknowledged it once done with the keyboard', async () => {
    const disputed = await checkIn(newPerson({ ageDisputed: true }));
    const [alert] = await h.t.dataSource.query(`SELECT id FROM alerts WHERE stay_id = $1 AND kind = 'age_disputed'`, [disputed.stayId]);
    // Sixteen minutes later nobody has acknowledged it: it goes to the duty contacts.
    clock.set(new Date(start.getTime() + 16 * MINUTE));
    expect(await h.t.app.get(AlertEscalationService).escalateDue()).toBe(1);

    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    // The link carries the number of open alerts.
    const alertsLink = page.getByRole('navigation', { name: msg('en', 'nav.main') }).getByRole('link', { name: new RegExp(`^${msg('en', 'nav.alerts')}`) });
    expect(await alertsLink.locator('[data-open-alerts]').innerText()).toContain('1');
    await alertsLink.click();
    await waitForPath(page, '/alerts');
    const row = page.locator(`tr[data-alert="${alert.id}"]`);
    const escalated = row.locator('[data-escalated]');
    expect(await escalated.getAttribute('data-escalated')).toBe('1');
    expect(await escalated.innerText()).toContain(msg('en', 'alerts.escalated.one'));
    expect(await escalated.locator('time').getAttribute('datetime')).toBe(clock.now().toISOString());
    expect(await row.locator('th').innerText()).toBe(msg('en', 'alertKind.age_disputed'));

    // Acknowledged with the keyboard: the page comes back to the same alert, saying who and when.
    clock.set(new Date(start.getTime() + 20 * MINUTE));
    const button = row.getByRole('button', { name: `${msg('en', 'alerts.acknowledge')} ${msg('en', 'alertKind.age_disputed')}, ${disputed.name}` });
    await tabTo(page, button, 60);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: msg('en', 'alerts.done.acknowledged') }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#alert-${alert.id}`);
    expect(pathOf(page)).toBe('/alerts?done=acknowledged');
    const acknowledged = page.locator(`tr[data-alert="${alert.id}"] [data-acknowledged]`);
    expect(await acknowledged.innerText()).toContain(msg('en', 'alerts.acknowledgedBy', { name: staff.name }));
    expect(await acknowledged.locator('time').getAttribute('datetime')).toBe(clock.now().toISOString());
    // The escalation stays on record.
    expect(await page.locator(`tr[data-alert="${alert.id}"] [data-escalated]`).innerText()).toContain(msg('en', 'alerts.escalated.one'));

    await settle(page);
    expect(problems.all()).toEqual([]);
  });

  it('shows a departed person whose asylum referral is open on the data-protection list to the caseworker and the admin, with why; not to another centre’s caseworker', async () => {
    const departed = await checkIn();
    await request(h.t.http).post(`/api/v1/cases/${departed.caseId}/referrals`).set('Authorization', `Bearer ${caseworker.token}`).send({ kind: 'asylum' }).expect(201);
    await request(h.t.http).post(`/api/v1/stays/${departed.stayId}/check-out`).set('Authorization', `Bearer ${staff.token}`).send({ reason: 'moved_to_asylum_accommodation' }).expect(200);
    const why = msg('en', 'dataProtection.why.asylum_referral_open', { status: msg('en', 'referralStatus.draft') });

    // The caseworker: from the menu, the row says why, and links to the case.
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, caseworker.email, DEFAULT_PASSWORD);
    await navLink(page, msg('en', 'nav.dataProtection')).click();
    await waitForPath(page, '/data-protection');
    expect(await headingText(page)).toBe(msg('en', 'dataProtection.title'));
    const table = page.getByRole('table', { name: msg('en', 'dataProtection.caption', { count: 1 }) });
    const row = table.locator(`tr[data-case="${departed.caseId}"]`);
    expect(await row.getAttribute('data-why')).toBe('asylum_referral_open');
    expect(await row.locator('[data-why-text]').innerText()).toBe(why);
    const cells = await row.locator('td').allInnerTexts();
    expect(cells).toEqual([
      `Centre ${centre.code} (${centre.code})`,
      new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(start),
      msg('en', 'exitReason.moved_to_asylum_accommodation'),
      msg('en', 'caseStatus.open'),
      why,
    ]);
    expect(await page.getByRole('main').innerText()).not.toContain(departed.name);
    await row.getByRole('link', { name: new RegExp(`^${msg('en', 'dataProtection.openCase')}`) }).click();
    await waitForPath(page, `/cases/${departed.caseId}`);
    await settle(page);
    expect(problems.all()).toEqual([]);

    // The admin: the same row, no name and no link.
    const { page: adminPage } = await h.newPage();
    await logIn(adminPage, ADMIN_EMAIL, ADMIN_PASSWORD);
    await navLink(adminPage, msg('en', 'nav.dataProtection')).click();
    await waitForPath(adminPage, '/data-protection');
    const adminRow = adminPage.locator(`tr[data-case="${departed.caseId}"]`);
    expect(await adminRow.locator('[data-why-text]').innerText()).toBe(why);
    expect(await adminRow.locator('[data-reference]').innerText()).toBe(msg('en', 'dataProtection.reference', { ref: departed.caseId.slice(0, 8) }));
    expect(await adminRow.getByRole('link').count()).toBe(0);
    expect(await adminPage.getByRole('main').innerText()).not.toContain(departed.name);
    // Filtered by centre with the keyboard: the other centre has none.
    const filter = adminPage.getByLabel(msg('en', 'dataProtection.centre'), { exact: true });
    await filter.selectOption(other.id);
    await adminPage.getByRole('button', { name: msg('en', 'dataProtection.show') }).click();
    await waitForPath(adminPage, `/data-protection?centreId=${other.id}`);
    expect(await adminPage.locator('[data-data-protection-empty]').innerText()).toBe(msg('en', 'dataProtection.empty'));

    // Another centre's caseworker: nothing of it.
    const { page: otherPage } = await h.newPage();
    await logIn(otherPage, otherCaseworker.email, DEFAULT_PASSWORD);
    await otherPage.goto('/data-protection');
    expect(await otherPage.locator('[data-data-protection-empty]').innerText()).toBe(msg('en', 'dataProtection.empty'));
    expect(await otherPage.locator(`tr[data-case="${departed.caseId}"]`).count()).toBe(0);
    expect(await otherPage.content()).not.toContain(departed.caseId);
  });
});
