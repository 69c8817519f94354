import type { Locator, Page } from 'playwright-core';
import request from 'supertest';
import { FixedClock } from '@escale/platform';
import { StaysService } from '@escale/stays';
import { WelfareAlertsService } from '@escale/welfare';
import { isoToLocalDateTime } from '../../apps/server/src/admin/time.js';
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
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

/** A row of the welfare board, by the stay it shows. */
const boardRow = (page: Page, stayId: string): Locator => page.locator(`tr[data-stay="${stayId}"]`);

describe('Admin UI: the welfare board, a stay’s welfare and holding clock, and the alerts inbox (browser)', () => {
  // The app's clock starts at the real time (to the minute, as a datetime-local field reads it) and is moved by hand.
  const start = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
  const clock = new FixedClock(start);
  let h: BrowserHarness;
  let centre: CentreFixture;
  let staff: { email: string; token: string };

  /** Checks a new person in through the API, as staff; the stay's id. */
  const checkIn = async (centreId: string, who: { token: string }, person = newPerson()): Promise<{ stayId: string; name: string }> => {
    const response = await request(h.t.http).post(`/api/v1/centres/${centreId}/check-ins`).set('Authorization', `Bearer ${who.token}`).send({ person }).expect(201);
    return { stayId: response.body.stay.id as string, name: `${person.givenNames} ${(person.familyName as string).toUpperCase()}` };
  };

  beforeAll(async () => {
    // Tokens outlive the hours these tests move the clock through.
    h = await startBrowserHarness({ clock, env: { TOKEN_TTL_MINUTES: String(7 * 24 * 60) } });
    // Someone who says they are a minor is housed as one: the family unit is theirs.
    centre = await createCentre(h.t, { kind: 'reception', units: [{ name: 'A Men', housing: 'men', beds: 6 }, { name: 'Z Families', housing: 'families', beds: 2 }] });
    staff = await h.t.userWithToken('staff', [centre.id]);
  });
  beforeEach(() => clock.set(start));
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  it('checks a person in, shows them overdue on the board, and records “seen well” in one click: the next check moves 24 hours on', async () => {
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, staff.email, DEFAULT_PASSWORD);

    // Checked in through the check-in page: the first check is due an hour later.
    await page.goto(`/centres/${centre.id}/check-in`);
    await page.getByLabel(msg('en', 'person.familyName'), { exact: true }).fill('Haile');
    await page.getByLabel(msg('en', 'person.givenNames'), { exact: true }).fill('Yonas');
    await page.getByLabel(msg('en', 'checkIn.dateOfBirth'), { exact: true }).fill('1997-04-02');
    await page.getByLabel(msg('en', 'person.sex'), { exact: true }).selectOption('male');
    await page.getByLabel(msg('en', 'origins.nationality.first'), { exact: true }).fill('ERI');
    await page.getByLabel(msg('en', 'origins.language.main'), { exact: true }).fill('ti');
    await page.locator('#check-in-form').getByRole('button', { name: msg('en', 'checkIn.submit') }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'checkIn.done.title', { name: 'Yonas Haile' }) }).waitFor();
    const stayId = new URL(page.url()).searchParams.get('checkedIn')!;
    expect(stayId).toMatch(/^[0-9a-f-]{36}$/);

    // Two hours later the check is an hour late.
    clock.advance(2 * HOUR);
    await page.getByRole('navigation', { name: msg('en', 'nav.main') }).getByRole('link', { name: msg('en', 'nav.centres') }).click();
    await page.getByRole('link', { name: `${msg('en', 'welfareBoard.link')} Centre ${centre.code}` }).click();
    expect(await headingText(page)).toBe(msg('en', 'welfareBoard.title', { centre: `Centre ${centre.code}` }));
    const row = boardRow(page, stayId);
    expect(await row.getAttribute('data-due')).toBe('overdue');
    expect(await page.locator('[data-group="overdue"]').locator(`tr[data-stay="${stayId}"]`).count()).toBe(1);
    expect(await row.locator('[data-late]').innerText()).toBe(msg('en', 'welfareBoard.late', { duration: '1 h 00 min' }));
    expect(await row.locator('[data-next-due]').getAttribute('datetime')).toBe(iso(start.getTime() + HOUR));
    // The level in words, not only in colour.
    expect(await row.locator('[data-level]').innerText()).toBe(msg('en', 'welfare.standard'));
    expect(await page.locator('[data-welfare-summary]').innerText()).toContain(msg('en', 'welfareBoard.count.overdue', { count: 1 }));

    // One click records it; the board comes back with the person on time.
    await row.getByRole('button', { name: `${msg('en', 'welfareBoard.seenWell')} Yonas HAILE` }).click();
    await waitForPath(page, `/centres/${centre.id}/welfare?recorded=${stayId}`);
    const confirmation = page.getByRole('status').filter({ hasText: msg('en', 'welfareBoard.recorded', { name: 'Yonas HAILE' }) });
    await confirmation.waitFor();
    const nextDue = iso(start.getTime() + 2 * HOUR + DAY);
    expect(await confirmation.locator('time').getAttribute('datetime')).toBe(nextDue);
    expect(await boardRow(page, stayId).getAttribute('data-due')).toBe('later');
    expect(await boardRow(page, stayId).locator('[data-next-due]').getAttribute('datetime')).toBe(nextDue);
    expect(await boardRow(page, stayId).locator('[data-late]').count()).toBe(0);
    expect(await page.locator('[data-group="overdue"]').locator(`tr[data-stay="${stayId}"]`).count()).toBe(0);
    expect(await page.locator('[data-welfare-summary]').innerText()).toContain(msg('en', 'welfareBoard.count.overdue', { count: 0 }));
    const [check] = await h.t.dataSource.query(`SELECT outcome, performed_at FROM welfare_checks WHERE stay_id = $1`, [stayId]);
    expect(check).toEqual({ outcome: 'seen_well', performed_at: new Date(start.getTime() + 2 * HOUR) });

    // Another outcome is one link away: the stay page's check form, with notes.
    await boardRow(page, stayId).getByRole('link', { name: `${msg('en', 'welfareBoard.otherOutcome')} Yonas HAILE` }).click();
    expect(pathOf(page)).toBe(`/stays/${stayId}`);
    clock.advance(MINUTE);
    await page.getByLabel(msg('en', 'stayWelfare.outcome'), { exact: true }).selectOption('concern_raised');
    await page.locator('#check-notes').fill('Not eating since yesterday');
    await page.getByRole('button', { name: msg('en', 'stayWelfare.recordCheckSubmit') }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'stay.done.check-recorded') }).waitFor();
    const timeline = page.locator('#timeline li');
    expect(await timeline.evaluateAll((items) => items.map((item) => item.getAttribute('data-event')))).toEqual(['check_in', 'welfare_check', 'welfare_check']);
    expect(await timeline.last().innerText()).toContain(msg('en', 'welfareTimeline.welfare_check', { outcome: msg('en', 'checkOutcome.concern_raised') }));
    expect(await timeline.last().innerText()).toContain('Not eating since yesterday');

    await settle(page);
    expect(problems.all()).toEqual([]);
  });

  it('raises the level to constant on the stay page, keeps a refused change on the form, and shows the level in words on the board', async () => {
    const { stayId, name } = await checkIn(centre.id, staff);
    const { page } = await h.newPage();
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/stays/${stayId}`);
    const welfare = page.locator('#welfare');
    expect(await welfare.locator('[data-level]').innerText()).toBe(msg('en', 'welfare.standard'));

    // A reason is required: refused on the same page, with the level chosen kept.
    await page.getByLabel(msg('en', 'stayWelfare.newLevel'), { exact: true }).selectOption('constant');
    const refused = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === `/stays/${stayId}/welfare-level`);
    await page.getByRole('button', { name: msg('en', 'stayWelfare.changeLevelSubmit') }).click();
    expect((await refused).status()).toBe(400);
    await page.getByRole('alert').filter({ hasText: msg('en', 'errors.VALIDATION_FAILED') }).waitFor();
    expect(await page.locator('#level-reason-error').innerText()).toContain(msg('en', 'fieldError.levelReason'));
    expect(await page.locator('#welfare-level').inputValue()).toBe('constant');

    await page.locator('#level-reason').fill('Said he does not want to live');
    await page.getByRole('button', { name: msg('en', 'stayWelfare.changeLevelSubmit') }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'stay.done.level-changed') }).waitFor();
    expect(await welfare.locator('[data-level]').innerText()).toBe(msg('en', 'welfare.constant'));
    // Constant supervision: the next check within 15 minutes.
    expect(await welfare.locator('[data-next-due]').getAttribute('datetime')).toBe(iso(start.getTime() + 15 * MINUTE));
    const change = page.locator('#timeline li[data-event="level_change"]');
    expect(await change.innerText()).toContain(msg('en', 'welfareTimeline.level_change', { from: msg('en', 'welfare.standard'), to: msg('en', 'welfare.constant') }));
    expect(await change.innerText()).toContain('Said he does not want to live');

    await page.goto(`/centres/${centre.id}/welfare`);
    const row = boardRow(page, stayId);
    expect(await row.locator('th').innerText()).toBe(name);
    const level = row.locator('[data-level]');
    expect(await level.getAttribute('data-level')).toBe('constant');
    expect(await level.innerText()).toBe(msg('en', 'welfare.constant'));
    expect(await row.getAttribute('data-due')).toBe('due_soon');
    expect(await row.locator('[data-next-due]').getAttribute('datetime')).toBe(iso(start.getTime() + 15 * MINUTE));
  });

  it('speaks French on the French board, and records a check from it with the keyboard', async () => {
    const { stayId, name } = await checkIn(centre.id, staff);
    clock.advance(90 * MINUTE);
    const { page } = await h.newPage({ locale: 'fr-FR' });
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${centre.id}/welfare`);
    await waitForLanguage(page, 'fr');
    expect(await headingText(page)).toBe(msg('fr', 'welfareBoard.title', { centre: `Centre ${centre.code}` }));
    const row = boardRow(page, stayId);
    expect(await row.locator('[data-level]').innerText()).toBe(msg('fr', 'welfare.standard'));
    expect(await row.locator('[data-late]').innerText()).toBe(msg('fr', 'welfareBoard.late', { duration: '30 min' }));
    expect(await page.locator('[data-group="overdue"] h2').innerText()).toContain(msg('fr', 'welfareBoard.overdue'));
    const main = await page.getByRole('main').innerText();
    for (const english of [msg('en', 'welfareBoard.seenWell'), msg('en', 'welfareBoard.nextDue'), msg('en', 'welfareBoard.otherOutcome'), msg('en', 'welfareBoard.later')]) expect(main).not.toContain(english);

    const button = row.getByRole('button', { name: `${msg('fr', 'welfareBoard.seenWell')} ${name}` });
    await tabTo(page, button, 60);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: msg('fr', 'welfareBoard.recorded', { name }) }).waitFor();
    expect(await boardRow(page, stayId).getAttribute('data-due')).toBe('later');
  });

  it('after “seen well” keeps the place in the round: the focus is on the next person’s “seen well”, by keyboard', async () => {
    const ward = await createCentre(h.t, { kind: 'reception', units: [{ name: 'Ward', housing: 'men', beds: 3 }] });
    const nightStaff = await h.t.userWithToken('staff', [ward.id]);
    const first = await checkIn(ward.id, nightStaff, newPerson({ sex: 'male' }));
    clock.advance(MINUTE);
    const second = await checkIn(ward.id, nightStaff, newPerson({ sex: 'male' }));
    clock.advance(MINUTE);
    const third = await checkIn(ward.id, nightStaff, newPerson({ sex: 'male' }));
    clock.advance(2 * HOUR);
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, nightStaff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${ward.id}/welfare`);
    // All three overdue, the longest overdue first.
    expect(await page.locator('[data-group="overdue"] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-stay')))).toEqual([first.stayId, second.stayId, third.stayId]);

    await tabTo(page, boardRow(page, first.stayId).getByRole('button', { name: `${msg('en', 'welfareBoard.seenWell')} ${first.name}` }), 80);
    await page.keyboard.press('Enter');
    await waitForPath(page, `/centres/${ward.id}/welfare?recorded=${first.stayId}&next=${second.stayId}`);
    expect(new URL(page.url()).hash).toBe(`#seen-well-${second.stayId}`);
    await page.getByRole('status').filter({ hasText: msg('en', 'welfareBoard.recorded', { name: first.name }) }).waitFor();
    const secondButton = boardRow(page, second.stayId).getByRole('button', { name: `${msg('en', 'welfareBoard.seenWell')} ${second.name}` });
    await page.waitForFunction((id) => document.activeElement?.id === `seen-well-${id}`, second.stayId);

    // Enter again records the next one: a round with no Tab in between.
    expect(await isFocused(secondButton)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: msg('en', 'welfareBoard.recorded', { name: second.name }) }).waitFor();
    await page.waitForFunction((id) => document.activeElement?.id === `seen-well-${id}`, third.stayId);
    const checks = await h.t.dataSource.query(`SELECT stay_id FROM welfare_checks WHERE stay_id = ANY($1)`, [[first.stayId, second.stayId, third.stayId]]);
    expect(checks.map((row: { stay_id: string }) => row.stay_id).sort()).toEqual([first.stayId, second.stayId].sort());

    await settle(page);
    expect(problems.all()).toEqual([]);
  });

  it('records “all seen well” for a dormitory in French, by keyboard: confirmed, listing who, never someone under constant supervision', async () => {
    const ward = await createCentre(h.t, { kind: 'reception', units: [{ name: 'Dortoir Nord', housing: 'men', beds: 4 }] });
    const nightStaff = await h.t.userWithToken('staff', [ward.id]);
    const people: { stayId: string; name: string }[] = [];
    for (let index = 0; index < 4; index++) people.push(await checkIn(ward.id, nightStaff, newPerson({ sex: 'male' })));
    const [seen, alsoSeen, notSeen, watched] = people;
    await request(h.t.http).put(`/api/v1/stays/${watched.stayId}/welfare-level`).set('Authorization', `Bearer ${nightStaff.token}`).send({ level: 'constant', reason: 'Risque suicidaire signalé' }).expect(200);
    clock.advance(2 * HOUR);
    const checksOf = async () =>
      ((await h.t.dataSource.query(`SELECT stay_id FROM welfare_checks WHERE stay_id = ANY($1)`, [people.map((person) => person.stayId)])) as { stay_id: string }[]).map((row) => row.stay_id).sort();

    const { context, page } = await h.newPage({ locale: 'fr-FR' });
    const problems = await watchForProblems(context, page);
    await logIn(page, nightStaff.email, DEFAULT_PASSWORD);
    await page.goto(`/centres/${ward.id}/welfare`);
    await waitForLanguage(page, 'fr');
    const link = page.getByRole('link', { name: msg('fr', 'welfareBoard.unitRound', { unit: 'Dortoir Nord' }) });
    await tabTo(page, link, 120);
    await page.keyboard.press('Enter');
    expect(await headingText(page)).toBe(msg('fr', 'unitRound.title', { unit: 'Dortoir Nord' }));

    // Everyone but the person under constant supervision, ticked; they are listed apart.
    for (const person of [seen, alsoSeen, notSeen]) expect(await page.getByRole('checkbox', { name: new RegExp(person.name) }).isChecked()).toBe(true);
    expect(await page.locator(`#round-${watched.stayId}`).count()).toBe(0);
    expect(await page.locator('[data-round-constant]').innerText()).toContain(watched.name);
    expect(await page.locator('#round-confirm-hint').innerText()).toBe(msg('fr', 'unitRound.consequence'));

    // Someone not seen is unticked; sent without the confirmation, nothing is recorded and the summary has the focus.
    await tabTo(page, page.getByRole('checkbox', { name: new RegExp(notSeen.name) }), 40);
    await page.keyboard.press('Space');
    await tabTo(page, page.getByRole('button', { name: msg('fr', 'unitRound.submit') }), 10);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'round-error');
    expect(await page.locator('#round-error').innerText()).toContain(msg('fr', 'fieldError.confirmAction'));
    expect(await checksOf()).toEqual([]);
    // What was unticked stays unticked.
    expect(await page.getByRole('checkbox', { name: new RegExp(notSeen.name) }).isChecked()).toBe(false);

    await tabTo(page, page.locator('#round-confirm'), 40);
    await page.keyboard.press('Space');
    await tabTo(page, page.getByRole('button', { name: msg('fr', 'unitRound.submit') }), 5);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: msg('fr', 'welfareBoard.unitRecorded', { count: 2, unit: 'Dortoir Nord' }) }).waitFor();
    expect(await checksOf()).toEqual([seen.stayId, alsoSeen.stayId].sort());
    const audits = await h.t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'welfare_check.create' AND entity_id = ANY($1)`, [[seen.stayId, alsoSeen.stayId]]);
    expect(audits[0].n).toBe(2);
    expect(await boardRow(page, seen.stayId).getAttribute('data-due')).toBe('later');
    expect(await boardRow(page, notSeen.stayId).getAttribute('data-due')).toBe('overdue');

    await settle(page);
    expect(problems.all().filter((problem) => !/status of 400 .*\/round\)$/.test(problem))).toEqual([]);
  });

  it('shows a judge’s extension out of sequence as refused, on the form, then records the right one', async () => {
    const removal = await createCentre(h.t, { kind: 'removal', units: [{ housing: 'men', beds: 2 }] });
    const removalStaff = await h.t.userWithToken('staff', [removal.id]);
    const { stayId } = await checkIn(removal.id, removalStaff);
    const { page } = await h.newPage();
    await logIn(page, removalStaff.email, DEFAULT_PASSWORD);
    await page.goto(`/stays/${stayId}`);
    const holding = page.locator('#holding');
    expect(await holding.locator('[data-authorised-until]').getAttribute('datetime')).toBe(iso(start.getTime() + 4 * DAY));
    // The asylum window opens when the rights notice is handed over: not yet.
    expect(await holding.locator('[data-asylum-window-not-open]').innerText()).toBe(msg('en', 'holding.windowNotOpen'));
    expect(await page.locator('[data-rights-not-notified]').count()).toBe(1);
    await h.t.dataSource.transaction((manager) => h.t.app.get(StaysService).recordRightsNotified(manager, stayId, start));
    await page.reload();
    expect(await holding.innerText()).toContain(msg('en', 'holding.asylumWindow'));
    expect(await holding.locator(`time[datetime="${iso(start.getTime() + 5 * DAY)}"]`).count()).toBe(1);
    expect(await page.locator('[data-rights-notified]').getAttribute('datetime')).toBe(iso(start.getTime()));
    expect(await holding.locator('[data-next-extension]').innerText()).toBe(msg('en', 'holding.next', { sequence: 1, days: 26 }));
    expect(await page.locator('#extension-days').inputValue()).toBe('26');

    await page.locator('#extension-decidedAt').fill(isoToLocalDateTime(start.toISOString()));
    await page.locator('#extension-days').fill('30');
    await page.locator('#extension-decidedBy').fill('JLD de Lille');
    await page.locator('#extension-confirm').check();
    const refused = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === `/stays/${stayId}/extensions`);
    await page.getByRole('button', { name: msg('en', 'holding.extendSubmit') }).click();
    expect((await refused).status()).toBe(409);
    await page.getByRole('alert').filter({ hasText: msg('en', 'errors.EXTENSION_NOT_ALLOWED') }).waitFor();
    expect(await page.locator('#extension-days-error').innerText()).toContain(msg('en', 'holding.notAllowed.next', { sequence: 1, days: 26 }));
    expect(await page.locator('#extension-days').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#extension-days').inputValue()).toBe('30');
    expect(await page.locator('#extension-decidedBy').inputValue()).toBe('JLD de Lille');

    await page.locator('#extension-days').fill('26');
    // Refused, the form asks again for the confirmation.
    expect(await page.locator('#extension-confirm').isChecked()).toBe(false);
    await page.locator('#extension-confirm').check();
    await page.getByRole('button', { name: msg('en', 'holding.extendSubmit') }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'stay.done.extended') }).waitFor();
    expect(await holding.locator('[data-authorised-until]').getAttribute('datetime')).toBe(iso(start.getTime() + 30 * DAY));
    expect(await holding.locator('[data-extension="1"]').innerText()).toContain('JLD de Lille');
    expect(await holding.locator('[data-next-extension]').innerText()).toBe(msg('en', 'holding.next', { sequence: 2, days: 30 }));

    // A doctor's report sent to the prefecture, then its reply: both on the timeline, in order.
    clock.advance(MINUTE);
    await page.getByLabel(msg('en', 'medicalReport.kind'), { exact: true }).selectOption('possible_torture');
    await page.locator('#report-sentTo').fill('Préfecture du Nord');
    await page.getByRole('button', { name: msg('en', 'medicalReport.recordSubmit') }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'stay.done.report-recorded') }).waitFor();
    const report = page.locator('#medical-reports [data-report]');
    expect(await report.innerText()).toContain(msg('en', 'medicalReport.awaitingReply'));
    clock.advance(MINUTE);
    await report.getByLabel(msg('en', 'medicalReport.replySummary')).fill('Placement maintained after review');
    await report.getByRole('button', { name: msg('en', 'medicalReport.replySubmit') }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'stay.done.reply-recorded') }).waitFor();
    expect(await page.locator('#medical-reports [data-report]').innerText()).toContain('Placement maintained after review');
    expect(await page.locator('#timeline li').evaluateAll((items) => items.map((item) => item.getAttribute('data-event')))).toEqual([
      'check_in',
      'extension',
      'medical_report_sent',
      'medical_report_replied',
    ]);
  });

  it('records a vulnerability and an age assessment on the person page, the level of the stay raised with it', async () => {
    const person = newPerson({ ageDisputed: true });
    const { stayId } = await checkIn(centre.id, staff, person);
    const [{ person_id: personId }] = await h.t.dataSource.query(`SELECT person_id FROM stays WHERE id = $1`, [stayId]);
    const { page } = await h.newPage();
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/people/${personId}`);
    expect(await page.locator('#vulnerabilities').innerText()).toContain(msg('en', 'vulnerability.none'));
    expect(await page.locator('#age-assessment').innerText()).toContain(msg('en', 'ageAssessment.noneDisputed'));

    await page.getByLabel(msg('en', 'vulnerability.type'), { exact: true }).selectOption('suicide_self_harm_risk');
    await page.locator('#vulnerability-notes').fill('Told the nurse on arrival');
    await page.getByRole('button', { name: msg('en', 'vulnerability.recordSubmit') }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'person.done.vulnerability') }).waitFor();
    expect(pathOf(page)).toBe(`/people/${personId}?done=vulnerability`);
    const recorded = page.locator('#vulnerabilities tr[data-vulnerability="suicide_self_harm_risk"]');
    expect(await recorded.innerText()).toContain(msg('en', 'vulnerabilityType.suicide_self_harm_risk'));
    expect(await recorded.innerText()).toContain('Told the nurse on arrival');
    // The open stay is now under constant supervision, said in words.
    expect(await page.locator('#stays-title ~ .table-scroll [data-level]').textContent()).toBe(msg('en', 'welfare.constant'));

    // Completed without an outcome: refused on the form, the status kept.
    await page.getByLabel(msg('en', 'ageAssessment.status'), { exact: true }).selectOption('completed');
    await page.getByRole('button', { name: msg('en', 'ageAssessment.recordSubmit'), exact: true }).click();
    await page.getByRole('alert').filter({ hasText: msg('en', 'errors.VALIDATION_FAILED') }).waitFor();
    expect(await page.locator('#age-outcome-error').innerText()).toContain(msg('en', 'fieldError.ageOutcome'));
    expect(await page.locator('#age-status').inputValue()).toBe('completed');
    await page.getByLabel(msg('en', 'ageAssessment.outcome'), { exact: true }).selectOption('adult');
    await page.getByRole('button', { name: msg('en', 'ageAssessment.recordSubmit'), exact: true }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'person.done.age-assessment') }).waitFor();
    expect(await page.locator('[data-age-assessment]').innerText()).toContain(msg('en', 'assessmentOutcome.adult'));
  });

  it('lists an overdue check in the alerts inbox after a scan, counts it in the header, and acknowledges it', async () => {
    const quiet = await createCentre(h.t, { kind: 'reception', units: [{ housing: 'men', beds: 2 }] });
    const nightStaff = await h.t.userWithToken('staff', [quiet.id]);
    const { stayId, name } = await checkIn(quiet.id, nightStaff);
    clock.advance(2 * HOUR);
    await h.t.app.get(WelfareAlertsService).scan();
    const [alert] = await h.t.dataSource.query(`SELECT id FROM alerts WHERE stay_id = $1 AND kind = 'welfare_check_overdue'`, [stayId]);

    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, nightStaff.email, DEFAULT_PASSWORD);
    const nav = page.getByRole('navigation', { name: msg('en', 'nav.main') });
    expect((await nav.locator('[data-open-alerts]').textContent())!.replace(/\s+/g, ' ').trim()).toBe(`1 ${msg('en', 'nav.alerts.open')}`);
    await nav.getByRole('link', { name: new RegExp(`^${msg('en', 'nav.alerts')}`) }).click();
    expect(await headingText(page)).toBe(msg('en', 'alerts.title'));
    const row = page.locator(`tr[data-alert="${alert.id}"]`);
    expect(await row.locator('th').innerText()).toBe(msg('en', 'alertKind.welfare_check_overdue'));
    // A standard-level check overdue is a warning; the severity is a word, the colour repeats it.
    expect(await row.locator('.state-warning').innerText()).toBe(msg('en', 'alertSeverity.warning'));
    expect(await row.locator(`time[datetime="${iso(start.getTime() + HOUR)}"]`).count()).toBe(1);
    expect(await row.getByRole('link', { name }).getAttribute('href')).toBe(`/stays/${stayId}`);

    await row.getByRole('button', { name: `${msg('en', 'alerts.acknowledge')} ${msg('en', 'alertKind.welfare_check_overdue')}, ${name}` }).click();
    await waitForPath(page, '/alerts?done=acknowledged');
    await page.getByRole('status').filter({ hasText: msg('en', 'alerts.done.acknowledged') }).waitFor();
    expect(await page.locator(`tr[data-alert="${alert.id}"] [data-acknowledged]`).count()).toBe(1);
    expect(await page.locator(`tr[data-alert="${alert.id}"]`).getByRole('button').count()).toBe(0);
    const [row2] = await h.t.dataSource.query(`SELECT acknowledged_at, resolved_at FROM alerts WHERE id = $1`, [alert.id]);
    expect(row2.acknowledged_at).toEqual(new Date(start.getTime() + 2 * HOUR));
    expect(row2.resolved_at).toBeNull();

    // An admin reads the inbox but acknowledges nothing.
    const admin = await h.newPage();
    await logIn(admin.page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await admin.page.goto('/alerts');
    expect(await admin.page.locator(`tr[data-alert="${alert.id}"]`).count()).toBe(1);
    expect(await admin.page.getByRole('button', { name: new RegExp(msg('en', 'alerts.acknowledge')) }).count()).toBe(0);
    const csrf = await admin.page.locator('form.logout-form input[name="_csrf"]').inputValue();
    const forbidden = await admin.page.request.post(`/alerts/${alert.id}/acknowledge`, { form: { _csrf: csrf } });
    expect(forbidden.status()).toBe(403);

    await settle(page);
    expect(problems.all()).toEqual([]);
  });
});
