import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import request from 'supertest';
import type { Locale } from '@escale/platform';
import { isoToLocalDateTime, UI_TIME_ZONE } from '../../apps/server/src/admin/time.js';
import { createCentre, newPerson, type CentreFixture } from '../support/fixtures.js';
import {
  DEFAULT_PASSWORD,
  headingText,
  logIn,
  msg,
  pathOf,
  settle,
  startBrowserHarness,
  waitForLanguage,
  waitForPath,
  watchForProblems,
  type BrowserHarness,
} from './browser-support.js';

const DAY_MS = 86_400_000;

/** A time as the pages show it: the medium date and short time in Paris. */
const shown = (locale: Locale, iso: string) =>
  new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: UI_TIME_ZONE }).format(new Date(iso));

interface Arrival {
  caseId: string;
  stayId: string;
  personId: string;
  name: string;
}

/** The referral's card on the case page (there is one per referral; these tests make one per case). */
const referralCard = (page: Page) => page.locator('article.referral').first();

/** The move buttons the referral offers, by their target status. */
const offeredMoves = (page: Page) => referralCard(page).locator('form[data-move]').evaluateAll((forms) => forms.map((form) => form.getAttribute('data-move')));

/** Presses a move's button and waits for the confirmation. */
async function recordStep(page: Page, to: string, options: { note?: string } = {}): Promise<void> {
  const form = referralCard(page).locator(`form[data-move="${to}"]`);
  if (options.note) await form.getByLabel(msg('en', 'referral.note')).fill(options.note);
  await form.getByRole('button', { name: msg('en', `referralMove.${to}` as never) }).click();
  await page.getByRole('status').filter({ hasText: msg('en', 'case.done.moved') }).waitFor();
}

const referralStatus = (page: Page) => referralCard(page).locator('[data-referral-status]').getAttribute('data-referral-status');

const deadlineBadges = (scope: Locator) => scope.locator('[data-deadline]');

/** The words of an element, as one line. */
const wordsOf = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe('Admin UI: a case and its asylum referral, and the caseworker’s dashboard (browser)', () => {
  let h: BrowserHarness;
  let centre: CentreFixture;
  let staff: { id: string; email: string; token: string };
  let caseworker: { id: string; email: string; token: string };
  let caseworkerName: string;
  const bearer = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });

  /** A person checked in through the API, as staff do at the door. */
  const arrive = async (familyName: string, givenNames: string): Promise<Arrival> => {
    const response = await request(h.t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set(bearer(staff)).send({ person: newPerson({ familyName, givenNames }) }).expect(201);
    return { caseId: response.body.case.id, stayId: response.body.stay.id, personId: response.body.person.id, name: `${givenNames} ${familyName}` };
  };
  const startReferral = async (caseId: string) =>
    (await request(h.t.http).post(`/api/v1/cases/${caseId}/referrals`).set(bearer(caseworker)).send({ kind: 'asylum' }).expect(201)).body as { id: string; version: number };

  beforeAll(async () => {
    h = await startBrowserHarness();
    centre = await createCentre(h.t, { kind: 'reception', units: [{ name: 'A Mixed', housing: 'mixed', beds: 12 }] });
    staff = await h.t.userWithToken('staff', [centre.id]);
    caseworker = await h.t.userWithToken('caseworker', [centre.id]);
    caseworkerName = (await h.t.dataSource.query(`SELECT name FROM users WHERE id = $1`, [caseworker.id]))[0].name;
  });
  afterEach(() => h.closeContexts());
  afterAll(() => h?.close());

  it('takes a case on, starts a referral and moves it draft → submitted → registered → lodged, with the 21-day lodging deadline while it runs', async () => {
    const arrival = await arrive('Haile', 'Senait');
    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, caseworker.email, DEFAULT_PASSWORD);

    // From the stay to its case.
    await page.goto(`/stays/${arrival.stayId}`);
    await page.getByRole('link', { name: msg('en', 'case.link') }).click();
    await waitForPath(page, `/cases/${arrival.caseId}`);
    expect(await headingText(page)).toBe(msg('en', 'case.title', { name: arrival.name }));
    expect(await page.getByRole('link', { name: arrival.name, exact: true }).getAttribute('href')).toBe(`/people/${arrival.personId}`);
    expect(await page.locator('[data-case-status]').innerText()).toContain(msg('en', 'caseStatus.open'));
    expect(await page.locator('[data-caseworker]').innerText()).toBe(msg('en', 'case.unassigned'));

    // Taken on.
    await page.getByRole('button', { name: msg('en', 'case.assignToMe') }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'case.done.assigned') }).waitFor();
    expect(await page.locator('[data-caseworker]').innerText()).toBe(`${caseworkerName} (${msg('en', 'case.you')})`);
    expect(await page.getByRole('button', { name: msg('en', 'case.assignToMe') }).count()).toBe(0);

    // The case's own status, by its buttons: only the moves its machine allows.
    const statusButtons = page.getByRole('group', { name: msg('en', 'case.moveTo') }).getByRole('button');
    expect(await statusButtons.allInnerTexts()).toEqual(['asylum_in_progress', 'removal_pending', 'dublin_transfer_pending', 'released', 'closed'].map((status) => msg('en', `caseStatus.${status}` as never)));
    await page.getByRole('button', { name: msg('en', 'caseStatus.asylum_in_progress') }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'case.done.status') }).waitFor();
    expect(await page.locator('[data-case-status]').getAttribute('data-case-status')).toBe('asylum_in_progress');

    // The referral, as a draft: only its two moves are offered, and no deadline runs.
    expect(await page.getByText(msg('en', 'referral.none')).count()).toBe(1);
    await page.getByRole('button', { name: msg('en', 'referral.start') }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'case.done.referral') }).waitFor();
    expect(await referralStatus(page)).toBe('draft');
    expect(await offeredMoves(page)).toEqual(['submitted', 'withdrawn']);
    expect(await deadlineBadges(referralCard(page)).count()).toBe(0);
    expect(await page.getByRole('button', { name: msg('en', 'referral.start') }).count()).toBe(0); // one open referral per case

    // Submitted: the single desk must register within 3 working days.
    await recordStep(page, 'submitted', { note: 'Intention expressed at the interview with the caseworker' });
    expect(await referralStatus(page)).toBe('submitted');
    expect(await offeredMoves(page)).toEqual(['registered', 'withdrawn']);
    expect(await deadlineBadges(referralCard(page)).getAttribute('data-deadline')).toBe('registration');

    // Registered: a time in the future is refused on the form, with what was typed kept.
    const registered = referralCard(page).locator('form[data-move="registered"]');
    const tomorrow = isoToLocalDateTime(new Date(Date.now() + DAY_MS).toISOString());
    await registered.getByLabel(msg('en', 'referral.note')).fill('Certificate: normal procedure');
    await registered.getByLabel(msg('en', 'referral.at')).fill(tomorrow);
    const refused = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname.endsWith('/transitions'));
    await registered.getByRole('button', { name: msg('en', 'referralMove.registered') }).click();
    expect((await refused).status()).toBe(400);
    const summary = page.getByRole('alert').filter({ hasText: msg('en', 'errors.VALIDATION_FAILED') });
    await summary.waitFor();
    expect(await summary.getByRole('link').innerText()).toBe(msg('en', 'fieldError.stepAt'));
    const atField = page.locator('#move-registered-at');
    expect(await atField.getAttribute('aria-invalid')).toBe('true');
    expect(await atField.inputValue()).toBe(tomorrow);
    expect(await page.locator('#move-registered-note').inputValue()).toBe('Certificate: normal procedure');
    expect(await referralStatus(page)).toBe('submitted');

    // Registered now: the 21-day lodging deadline appears, dated 21 days after the registration.
    await atField.fill('');
    await recordStep(page, 'registered');
    expect(await referralStatus(page)).toBe('registered');
    expect(await offeredMoves(page)).toEqual(['lodged', 'dublin_requested', 'withdrawn']);
    const steps = referralCard(page).locator('[data-steps] li');
    expect(await steps.count()).toBe(3);
    const registeredAt = (await steps.nth(2).locator('time').getAttribute('datetime'))!;
    const badge = deadlineBadges(referralCard(page));
    expect(await badge.count()).toBe(1);
    expect(await badge.getAttribute('data-deadline')).toBe('lodging');
    const dueAt = new Date(new Date(registeredAt).getTime() + 21 * DAY_MS).toISOString();
    expect(await badge.locator('time').getAttribute('datetime')).toBe(dueAt);
    expect(await wordsOf(badge)).toBe(`${msg('en', 'deadline.lodging')} ${shown('en', dueAt)}`.replace(/\s+/g, ' '));
    expect(await badge.getAttribute('data-overdue')).toBeNull();

    // Lodged: no deadline runs for a person in a reception centre, and the badge goes.
    await recordStep(page, 'lodged');
    expect(await referralStatus(page)).toBe('lodged');
    expect(await offeredMoves(page)).toEqual(['interview_scheduled', 'decided_granted', 'decided_refused', 'withdrawn']);
    expect(await deadlineBadges(referralCard(page)).count()).toBe(0);
    expect(await referralCard(page).innerText()).toContain(msg('en', 'referral.noDeadline'));

    // Everything in order on the timeline, with who did it and the notes.
    const timeline = await page.locator('[data-timeline] li strong').allInnerTexts();
    expect(timeline).toEqual([
      msg('en', 'timeline.opened'),
      msg('en', 'timeline.status', { status: msg('en', 'caseStatus.asylum_in_progress') }),
      msg('en', 'timeline.referralStarted'),
      ...['submitted', 'registered', 'lodged'].map((status) => msg('en', 'timeline.referral', { status: msg('en', `referralStatus.${status}` as never) })),
    ]);
    expect(await page.locator('[data-timeline]').innerText()).toContain('Intention expressed at the interview with the caseworker');
    expect(await page.locator('[data-timeline]').innerText()).toContain(msg('en', 'timeline.by', { name: caseworkerName }));

    // A note, and the deadline tasks the steps raised, each closed by the step that met it.
    await page.getByLabel(msg('en', 'note.label')).fill('Asked for an Amharic interpreter for the OFPRA interview.');
    await page.getByRole('button', { name: msg('en', 'note.submit') }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'case.done.note') }).waitFor();
    expect(await page.locator('[data-timeline] li').last().innerText()).toContain('Asked for an Amharic interpreter');
    const tasks = page.locator('#tasks tbody tr');
    expect(await tasks.locator('th').allInnerTexts()).toEqual([msg('en', 'deadlineTask.registration'), msg('en', 'deadlineTask.lodging')]);
    for (const row of await tasks.all()) expect(await row.innerText()).toContain(msg('en', 'tasks.doneOn'));
    expect(await tasks.getByRole('button').count()).toBe(0);

    await settle(page);
    // The only thing the console reports is the refused step's 400, which was the point.
    expect(problems.all().filter((problem) => !/status of 400 .*\/transitions\)$/.test(problem))).toEqual([]);
  });

  it('says a stale form is stale: a step taken in one tab, then the same step from another tab', async () => {
    const arrival = await arrive('Tesfay', 'Dawit');
    await startReferral(arrival.caseId);
    // Plain forms: no script is needed, so none runs.
    const { context, page: first } = await h.newPage({ javaScriptEnabled: false });
    await logIn(first, caseworker.email, DEFAULT_PASSWORD);
    const second = await context.newPage();
    await first.goto(`/cases/${arrival.caseId}`);
    await second.goto(`/cases/${arrival.caseId}`);

    await recordStep(first, 'submitted');

    const form = referralCard(second).locator('form[data-move="submitted"]');
    await form.getByLabel(msg('en', 'referral.note')).fill('Submitted at the prefecture this morning');
    const answer = second.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname.endsWith('/transitions'));
    await form.getByRole('button', { name: msg('en', 'referralMove.submitted') }).click();
    expect((await answer).status()).toBe(409);
    const alert = second.getByRole('alert').filter({ hasText: msg('en', 'errors.VERSION_CONFLICT') });
    await alert.waitFor();
    // The current state, not the stale one: what the other tab recorded, and the moves from there.
    expect(await referralStatus(second)).toBe('submitted');
    expect(await offeredMoves(second)).toEqual(['registered', 'withdrawn']);
    expect(await referralCard(second).locator('[data-steps] li').count()).toBe(2);
    // What was typed for the refused step is not lost.
    expect(await second.locator('[data-unsaved-note]').innerText()).toContain('Submitted at the prefecture this morning');

    // The same on the case's status: one tab moves it, the other's form at the old version is refused.
    await first.reload();
    await second.goto(`/cases/${arrival.caseId}`);
    await first.getByRole('button', { name: msg('en', 'caseStatus.asylum_in_progress') }).click();
    await first.getByRole('status').filter({ hasText: msg('en', 'case.done.status') }).waitFor();
    await second.getByRole('button', { name: msg('en', 'caseStatus.asylum_in_progress') }).click();
    await second.getByRole('alert').filter({ hasText: msg('en', 'errors.VERSION_CONFLICT') }).waitFor();
    expect(await second.locator('[data-case-status]').getAttribute('data-case-status')).toBe('asylum_in_progress');
    const [{ n }] = await h.t.dataSource.query(`SELECT count(*)::int AS n FROM case_status_changes WHERE case_id = $1`, [arrival.caseId]);
    expect(n).toBe(2);
  });

  it('keeps documents with the referral: upload, refuse a file that is not a document, download (audited)', async () => {
    const arrival = await arrive('Osman', 'Hawa');
    const referral = await startReferral(arrival.caseId);
    const { page } = await h.newPage();
    await logIn(page, caseworker.email, DEFAULT_PASSWORD);
    await page.goto(`/cases/${arrival.caseId}`);

    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    await page.getByLabel(msg('en', 'documents.file')).setInputFiles({ name: 'attestation GUDA.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: msg('en', 'documents.upload') }).click();
    await page.getByRole('status').filter({ hasText: msg('en', 'case.done.uploaded') }).waitFor();
    const link = referralCard(page).getByRole('link', { name: 'attestation GUDA.pdf' });
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^\/documents\/[0-9a-f-]{36}$/);

    const download = await page.request.get(href);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(Buffer.compare(await download.body(), pdf)).toBe(0);
    const audited = await h.t.dataSource.query(`SELECT actor_id FROM audit_events WHERE action = 'document.download' AND entity_id = $1`, [href.split('/').pop()]);
    expect(audited).toEqual([{ actor_id: caseworker.id }]);

    // A script named .pdf is refused on the form.
    await page.getByLabel(msg('en', 'documents.file')).setInputFiles({ name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<script>alert(1)</script>') });
    const answer = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname.endsWith('/documents'));
    await page.getByRole('button', { name: msg('en', 'documents.upload') }).click();
    expect((await answer).status()).toBe(415);
    await page.getByRole('alert').filter({ hasText: msg('en', 'errors.UNSUPPORTED_MEDIA_TYPE') }).waitFor();
    expect(await page.locator(`#upload-${referral.id}-file`).getAttribute('aria-invalid')).toBe('true');
    // So is a file over 10 MB, on the same form (from a file on disk: a 10 MB buffer is slow to hand to the browser).
    const folder = await mkdtemp(join(tmpdir(), 'escale-upload-'));
    const scan = join(folder, 'scan.pdf');
    try {
      await writeFile(scan, Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(10 * 1024 * 1024)]));
      await page.getByLabel(msg('en', 'documents.file')).setInputFiles(scan);
      const tooLarge = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname.endsWith('/documents'));
      await page.getByRole('button', { name: msg('en', 'documents.upload') }).click();
      expect((await tooLarge).status()).toBe(413);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    await page.getByRole('alert').filter({ hasText: msg('en', 'errors.PAYLOAD_TOO_LARGE') }).waitFor();
    expect(await page.locator(`#upload-${referral.id}-file-error`).innerText()).toContain(msg('en', 'errors.PAYLOAD_TOO_LARGE'));
    const [{ n }] = await h.t.dataSource.query(`SELECT count(*)::int AS n FROM referral_documents WHERE referral_id = $1`, [referral.id]);
    expect(n).toBe(1);

    // A file upload without the form's CSRF token is refused, as is a multipart post to any other page route.
    const withoutToken = await page.request.post(`/referrals/${referral.id}/documents`, { multipart: { file: { name: 'x.pdf', mimeType: 'application/pdf', buffer: pdf } } });
    expect(withoutToken.status()).toBe(403);
    const elsewhere = await page.request.post(`/cases/${arrival.caseId}/notes`, { multipart: { text: 'sent as multipart' } });
    expect(elsewhere.status()).toBe(403);
    const [{ documents }] = await h.t.dataSource.query(`SELECT count(*)::int AS documents FROM referral_documents WHERE referral_id = $1`, [referral.id]);
    expect(documents).toBe(1);
    const [{ notes }] = await h.t.dataSource.query(`SELECT count(*)::int AS notes FROM case_notes WHERE case_id = $1`, [arrival.caseId]);
    expect(notes).toBe(0);
  });

  it('shows staff the case read-only', async () => {
    const arrival = await arrive('Ahmadi', 'Farid');
    await startReferral(arrival.caseId);
    const { page } = await h.newPage();
    await logIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/people/${arrival.personId}`);
    await page.getByRole('link', { name: msg('en', 'case.link') }).click();
    await waitForPath(page, `/cases/${arrival.caseId}`);
    expect(await headingText(page)).toBe(msg('en', 'case.title', { name: arrival.name }));
    expect(await referralStatus(page)).toBe('draft');
    expect(await page.locator('main form').count()).toBe(0);
    expect(await page.getByText(msg('en', 'documents.title')).count()).toBe(0);
    // And the routes behind the buttons refuse them.
    await page.goto('/');
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const refused = await page.request.post(`/cases/${arrival.caseId}/assign`, { form: { _csrf: token, version: '1' } });
    expect(refused.status()).toBe(403);
  });

  it('answers 404 for a case of another centre, and keeps the dashboard for caseworkers', async () => {
    const arrival = await arrive('Rahimi', 'Nasrin');
    const other = await createCentre(h.t, { units: [{ housing: 'mixed', beds: 1 }] });
    const outsider = await h.t.userWithToken('caseworker', [other.id]);
    const { page } = await h.newPage();
    await logIn(page, outsider.email, DEFAULT_PASSWORD);
    const response = await page.goto(`/cases/${arrival.caseId}`);
    expect(response!.status()).toBe(404);
    expect(await page.getByRole('main').innerText()).toContain(msg('en', 'error.404'));
    expect(await page.getByRole('main').innerText()).not.toContain(arrival.name);

    const { page: staffPage } = await h.newPage();
    await logIn(staffPage, staff.email, DEFAULT_PASSWORD);
    expect((await staffPage.goto('/dashboard'))!.status()).toBe(403);
    expect(await staffPage.getByRole('navigation', { name: msg('en', 'nav.main') }).getByRole('link', { name: msg('en', 'nav.dashboard') }).count()).toBe(0);
  });

  it('gives the caseworker a dashboard: deadlines of the week soonest first, overdue tasks, their cases and cases waiting', async () => {
    const missed = await arrive('Hassan', 'Idris');
    const early = await arrive('Yohannes', 'Meron');
    const late = await arrive('Kebede', 'Abel');
    const waiting = await arrive('Nour', 'Amal');
    const referralOf = new Map<string, string>();
    for (const arrival of [missed, early, late]) {
      const referral = await startReferral(arrival.caseId);
      referralOf.set(arrival.caseId, referral.id);
      await request(h.t.http).post(`/api/v1/referrals/${referral.id}/transitions`).set(bearer(caseworker)).send({ to: 'submitted', version: referral.version }).expect(200);
    }
    // One registration deadline already missed (as if submitted a week ago).
    await h.t.dataSource.query(`UPDATE referrals SET next_deadline_at = now() - interval '1 day' WHERE id = $1`, [referralOf.get(missed.caseId)]);
    await request(h.t.http).patch(`/api/v1/cases/${late.caseId}`).set(bearer(caseworker)).send({ caseworkerId: caseworker.id, version: 1 }).expect(200);
    const task = await request(h.t.http)
      .post(`/api/v1/cases/${late.caseId}/tasks`)
      .set(bearer(caseworker))
      .send({ title: 'Call the family’s lawyer back', dueAt: new Date(Date.now() - 3_600_000).toISOString() })
      .expect(201);

    const { context, page } = await h.newPage();
    const problems = await watchForProblems(context, page);
    await logIn(page, caseworker.email, DEFAULT_PASSWORD);
    // From the home page, and in the navigation.
    await page.getByRole('main').getByRole('link', { name: msg('en', 'home.dashboard.link') }).click();
    await waitForPath(page, '/dashboard');
    expect(await headingText(page)).toBe(msg('en', 'dashboard.title'));
    expect(await page.getByRole('navigation', { name: msg('en', 'nav.main') }).getByRole('link', { name: msg('en', 'nav.dashboard') }).getAttribute('aria-current')).toBe('page');

    const deadlines = page.locator('[data-deadline-list] > li');
    const rows = await deadlines.evaluateAll((items) => items.map((item) => ({ name: item.querySelector('a')!.textContent, at: item.querySelector('time')!.getAttribute('datetime')! })));
    const ours = rows.filter((row) => [missed.name, early.name, late.name].includes(row.name!));
    expect(ours.map((row) => row.name)).toEqual([missed.name, early.name, late.name]);
    expect(rows.map((row) => row.at)).toEqual([...rows.map((row) => row.at)].sort());
    const missedBadge = deadlines.filter({ hasText: missed.name }).locator('[data-deadline]');
    expect(await missedBadge.getAttribute('data-overdue')).not.toBeNull();
    expect(await wordsOf(missedBadge)).toContain(msg('en', 'deadline.overdue'));
    const badge = deadlines.filter({ hasText: early.name }).locator('[data-deadline]');
    expect(await badge.getAttribute('data-deadline')).toBe('registration');
    expect(await badge.innerText()).toContain(msg('en', 'deadline.registration'));
    expect(await wordsOf(badge)).not.toContain(msg('en', 'deadline.overdue'));
    expect(await deadlines.filter({ hasText: early.name }).getByRole('link').getAttribute('href')).toMatch(new RegExp(`^/cases/${early.caseId}#referral-`));

    const overdue = page.locator('#overdue-tasks').locator(`tr[data-task="${task.body.id}"]`);
    expect(await overdue.innerText()).toContain('Call the family’s lawyer back');
    expect(await overdue.innerText()).toContain(msg('en', 'deadline.overdue'));
    expect(await overdue.getByRole('link', { name: late.name }).getAttribute('href')).toBe(`/cases/${late.caseId}#tasks`);

    expect(await page.locator('#my-cases').getByRole('link', { name: late.name }).count()).toBe(1);
    expect(await page.locator('#my-cases').getByRole('link', { name: early.name }).count()).toBe(0);
    await page.locator('#waiting').getByRole('link', { name: waiting.name }).click();
    await waitForPath(page, `/cases/${waiting.caseId}`);
    expect(pathOf(page)).toBe(`/cases/${waiting.caseId}`);

    await settle(page);
    expect(problems.all()).toEqual([]);
  });

  it('speaks French on the French case page', async () => {
    const arrival = await arrive('Berhane', 'Luwam');
    const referral = await startReferral(arrival.caseId);
    await request(h.t.http).post(`/api/v1/referrals/${referral.id}/transitions`).set(bearer(caseworker)).send({ to: 'submitted', version: referral.version }).expect(200);
    const { page } = await h.newPage({ locale: 'fr-FR' });
    await logIn(page, caseworker.email, DEFAULT_PASSWORD);
    await page.goto(`/cases/${arrival.caseId}`);
    await waitForLanguage(page, 'fr');
    expect(await headingText(page)).toBe(msg('fr', 'case.title', { name: arrival.name }));
    expect(await page.title()).toBe(`${msg('fr', 'case.title', { name: arrival.name })} · ${msg('fr', 'app.name')}`);
    expect(await referralCard(page).locator('[data-referral-status]').innerText()).toBe(msg('fr', 'referral.stageIs', { status: msg('fr', 'referralStatus.submitted') }));
    const badge = deadlineBadges(referralCard(page));
    const dueAt = (await badge.locator('time').getAttribute('datetime'))!;
    expect(await wordsOf(badge)).toBe(`${msg('fr', 'deadline.registration')} ${shown('fr', dueAt)}`.replace(/\s+/g, ' '));
    expect(await page.getByRole('button', { name: msg('fr', 'case.assignToMe') }).count()).toBe(1);
    expect(await page.getByRole('button', { name: msg('fr', 'referralMove.registered') }).count()).toBe(1);
    expect(await page.locator('#tasks tbody th').first().innerText()).toBe(msg('fr', 'deadlineTask.registration'));
    const main = await page.getByRole('main').innerText();
    for (const english of [msg('en', 'referral.title'), msg('en', 'case.assignToMe'), msg('en', 'referralMove.registered'), msg('en', 'timeline.title'), msg('en', 'deadlineTask.registration'), msg('en', 'tasks.title')]) {
      expect(main).not.toContain(english);
    }
  });
});
