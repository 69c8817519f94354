// Names, labels and notes that hold markup and script are shown as text on every page: the
// records are made through the API with payloads in every free-text field a page shows, then
// each page is opened in Chromium, as the role that reads it. No dialog may ever open, no
// element or attribute may come from a payload, the Content-Security-Policy must never have
// to step in, and the payload must be readable on the page, character for character.
import type { INestApplicationContext } from '@nestjs/common';
import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { cleanFileName } from '@escale/cases';
import type { Role } from '@escale/platform';
import { newPerson } from '../support/fixtures.js';
import { eventually, startTestWorker } from '../support/test-app.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEFAULT_PASSWORD, logIn, startBrowserHarness, watchForProblems, type BrowserHarness, type PageProblems } from './browser-support.js';

/** Each payload calls alert() with its own word, so a dialog would say which field let it through. */
const script = (word: string) => `<script>alert('${word}')</script>`;
const image = (word: string) => `"><img src=x onerror=alert('${word}')>`;
const svg = (word: string) => `'><svg onload=alert('${word}')>`;
const link = (word: string) => `javascript:alert('${word}')`;
const TEMPLATE = '{{constructor}}';

const TEXT = {
  centre: `CAP ${script('centre')} ${TEMPLATE}`,
  removalCentre: `CRA ${image('removal-centre')}`,
  unit: `Aile ${svg('unit')}`,
  removalUnit: `Aile ${link('removal-unit')}`,
  staffName: `Agent ${image('staff')}`,
  caseworkerName: `Juriste ${script('caseworker')}`,
  location: `Plage ${image('location')}`,
  agency: `${TEMPLATE} ${link('agency')}`,
  household: `Famille ${script('household')}`,
  givenNames: `Amir ${image('given')} ${TEMPLATE}`,
  familyName: `Noor${script('family')}`,
  alias: svg('alias'),
  property: `Téléphone ${script('property')}`,
  checkNotes: image('check'),
  levelReason: `${svg('level')} raised`,
  vulnerability: script('vulnerability'),
  reportSentTo: `Préfecture ${image('report')}`,
  reply: script('reply'),
  departedGivenNames: `Sara ${svg('sara')}`,
  destination: `CADA ${script('destination')}`,
  removalGivenNames: `Bilal ${image('bilal')}`,
  removalFamilyName: `Omar${TEMPLATE}`,
  judge: `JLD ${image('judge')}`,
  caseNote: `${script('note')} ${TEMPLATE}`,
  task: `Appeler ${image('task')}`,
  transitionNote: svg('transition'),
  // Stored cleaned of anything but letters, digits and . _ - (the cleaned name is what pages show).
  fileName: `${image('file')}.pdf`,
};

/** What a page may never hold when its data carries the payloads above. */
function injectedMarkup(): string[] {
  const found: string[] = [];
  for (const element of Array.from(document.querySelectorAll('*'))) {
    for (const attribute of Array.from(element.attributes)) {
      if (/^on/i.test(attribute.name)) found.push(`<${element.tagName.toLowerCase()} ${attribute.name}="${attribute.value}">`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attribute.name) && /^\s*javascript:/i.test(attribute.value)) found.push(`<${element.tagName.toLowerCase()} ${attribute.name}="${attribute.value}">`);
    }
  }
  for (const element of Array.from(document.querySelectorAll('script'))) if (/alert\(/.test(element.textContent ?? '')) found.push(`<script>${element.textContent}</script>`);
  for (const element of Array.from(document.querySelectorAll('img[src="x"], img[src$="/x"]'))) found.push(`<img src="${element.getAttribute('src')}">`);
  if (/function Object\(\)|\[native code\]/.test(document.body.innerText)) found.push('a {{constructor}} was evaluated');
  return found;
}

/** Pages of one kind (the same path with other ids or query values) are crawled once. */
const patternOf = (path: string) => {
  const url = new URL(path, 'http://x');
  const keys = [...new Set(url.searchParams.keys())].sort().join('&');
  return `${url.pathname.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id')}${keys ? `?${keys}` : ''}`;
};
/** Not pages: signing out, files, downloads, the API and its documentation. */
const SKIPPED = /^\/(?:logout|assets\/|api\/|documents\/)|\.(?:csv|json|pdf)$/;
const MAX_PAGES_PER_ROLE = 40;
const SEARCH_FORM = 'form[role="search"], form:has(input[type="search"])';

/** What went wrong on the pages, less the favicon loads that going to the next page cut short. */
const problemsOf = (problems: PageProblems) => problems.all().filter((problem) => !/: net::ERR_ABORTED$/.test(problem));

/** The page's text, lower-cased (family names are shown in capitals), with its whitespace as one space. */
const visibleText = async (page: Page) => (await page.locator('body').innerText()).replace(/\s+/g, ' ').toLowerCase();

describe('Admin UI: markup and script in what people type are shown as text, never run (browser)', () => {
  let h: BrowserHarness;
  let worker: INestApplicationContext;
  const dialogs: string[] = [];
  const people = { arrived: { personId: '', stayId: '', caseId: '' }, departed: { stayId: '' }, removal: { personId: '', stayId: '' } };
  const centres = { reception: '', removal: '' };
  const logins: Record<Role, { email: string; password: string }> = {} as never;
  let noticeId = '';

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const admin = () => bearer(h.t.adminToken);

  /** A user with a name given, through the API, as an admin makes one. */
  async function createUser(role: Role, name: string, centreIds: string[]): Promise<{ id: string; token: string }> {
    const email = `${role}-markup@escale.test`;
    const created = await request(h.t.http).post('/api/v1/users').set(admin()).send({ email, name, role, password: DEFAULT_PASSWORD, centreIds }).expect(201);
    logins[role] = { email, password: DEFAULT_PASSWORD };
    const token = await request(h.t.http).post('/api/v1/auth/token').send({ email, password: DEFAULT_PASSWORD }).expect(200);
    return { id: created.body.id, token: token.body.accessToken };
  }

  async function createCentre(name: string, kind: 'reception' | 'removal', units: { name: string; housing: string }[]): Promise<string> {
    const code = `X${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
    const centre = await request(h.t.http).post('/api/v1/centres').set(admin()).send({ code, name, kind, maxStayDays: kind === 'removal' ? 90 : 7, timezone: 'Europe/Paris' }).expect(201);
    for (const spec of units) {
      const unit = await request(h.t.http).post(`/api/v1/centres/${centre.body.id}/units`).set(admin()).send(spec).expect(201);
      await request(h.t.http).post(`/api/v1/units/${unit.body.id}/beds`).set(admin()).send({ labels: ['B1', 'B2', 'B3', 'B4'] }).expect(201);
    }
    return centre.body.id;
  }

  beforeAll(async () => {
    h = await startBrowserHarness();
    worker = await startTestWorker(h.t.config, { schedules: false });
    const now = () => new Date().toISOString();

    // The person with a household goes to the families unit, the one with the payload in its name.
    centres.reception = await createCentre(TEXT.centre, 'reception', [{ name: TEXT.unit, housing: 'families' }, { name: 'Aile B', housing: 'mixed' }]);
    centres.removal = await createCentre(TEXT.removalCentre, 'removal', [{ name: TEXT.removalUnit, housing: 'men' }]);
    const both = [centres.reception, centres.removal];
    const staff = bearer((await createUser('staff', TEXT.staffName, both)).token);
    const caseworkerUser = await createUser('caseworker', TEXT.caseworkerName, both);
    const caseworker = bearer(caseworkerUser.token);
    await createUser('funder', 'Funder', []);
    await createUser('auditor', 'Auditor', []);
    logins.admin = { email: ADMIN_EMAIL, password: ADMIN_PASSWORD };

    // At the door: the interception, the household, the person, and what staff record about them.
    const interception = await request(h.t.http).post('/api/v1/interceptions').set(staff).send({ occurredAt: new Date(Date.now() - 7_200_000).toISOString(), location: TEXT.location, agency: TEXT.agency, groupSize: 3 }).expect(201);
    const household = await request(h.t.http).post('/api/v1/households').set(staff).send({ label: TEXT.household }).expect(201);
    const arrived = await request(h.t.http)
      .post(`/api/v1/centres/${centres.reception}/check-ins`)
      .set(staff)
      .send({ person: newPerson({ givenNames: TEXT.givenNames, familyName: TEXT.familyName, aliases: [TEXT.alias] }), interceptionId: interception.body.id, householdId: household.body.id })
      .expect(201);
    people.arrived = { personId: arrived.body.person.id, stayId: arrived.body.stay.id, caseId: arrived.body.case.id };
    const stay = `/api/v1/stays/${people.arrived.stayId}`;
    await request(h.t.http).post(`${stay}/property`).set(staff).send({ items: [{ kind: 'item', description: TEXT.property }] }).expect(201);
    await request(h.t.http).post(`${stay}/welfare-checks`).set(staff).send({ outcome: 'concern_raised', notes: TEXT.checkNotes }).expect(201);
    await request(h.t.http).put(`${stay}/welfare-level`).set(staff).send({ level: 'heightened', reason: TEXT.levelReason }).expect(200);
    await request(h.t.http).post(`/api/v1/people/${people.arrived.personId}/vulnerabilities`).set(staff).send({ type: 'mental_health', notes: TEXT.vulnerability }).expect(201);
    const report = await request(h.t.http).post(`${stay}/medical-reports`).set(staff).send({ kind: 'possible_torture', sentTo: TEXT.reportSentTo }).expect(201);
    await request(h.t.http).post(`/api/v1/medical-reports/${report.body.id}/reply`).set(staff).send({ replySummary: TEXT.reply }).expect(201);

    // Someone who has left, for the register's destination.
    const departed = await request(h.t.http).post(`/api/v1/centres/${centres.reception}/check-ins`).set(staff).send({ person: newPerson({ givenNames: TEXT.departedGivenNames, familyName: 'Haddad' }) }).expect(201);
    people.departed = { stayId: departed.body.stay.id };
    await request(h.t.http).post(`/api/v1/stays/${people.departed.stayId}/check-out`).set(staff).send({ reason: 'moved_to_asylum_accommodation', destination: TEXT.destination }).expect(200);

    // Someone in the removal centre: a judge's extension, then found to be a minor, which raises an alert.
    const removal = await request(h.t.http).post(`/api/v1/centres/${centres.removal}/check-ins`).set(staff).send({ person: newPerson({ givenNames: TEXT.removalGivenNames, familyName: TEXT.removalFamilyName }) }).expect(201);
    people.removal = { personId: removal.body.person.id, stayId: removal.body.stay.id };
    await request(h.t.http).post(`/api/v1/stays/${people.removal.stayId}/extensions`).set(staff).send({ decidedAt: now(), days: 26, decidedBy: TEXT.judge }).expect(201);
    const assessed = await request(h.t.http).put(`/api/v1/people/${people.removal.personId}/age-assessment`).set(staff).send({ status: 'completed', outcome: 'minor' }).expect(200);
    expect(assessed.body.alertRaised).toBe(true);

    // The caseworker's side: the case assigned, a note, a task, a referral moved on with a note, a document.
    const caseUrl = `/api/v1/cases/${people.arrived.caseId}`;
    const found = await request(h.t.http).get(caseUrl).set(caseworker).expect(200);
    await request(h.t.http).patch(caseUrl).set(caseworker).send({ version: found.body.version, caseworkerId: caseworkerUser.id }).expect(200);
    await request(h.t.http).post(`${caseUrl}/notes`).set(caseworker).send({ text: TEXT.caseNote }).expect(201);
    await request(h.t.http).post(`${caseUrl}/tasks`).set(caseworker).send({ title: TEXT.task, dueAt: new Date(Date.now() + 86_400_000).toISOString() }).expect(201);
    const referral = await request(h.t.http).post(`${caseUrl}/referrals`).set(caseworker).send({ kind: 'asylum' }).expect(201);
    await request(h.t.http).post(`/api/v1/referrals/${referral.body.id}/transitions`).set(caseworker).send({ to: 'submitted', version: referral.body.version, note: TEXT.transitionNote }).expect(200);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    await request(h.t.http).post(`/api/v1/referrals/${referral.body.id}/documents`).set(caseworker).attach('file', pdf, TEXT.fileName).expect(201);

    // The worker renders the rights notice, which names the person and the centre.
    noticeId = await eventually(async () => {
      const rows: { id: string }[] = await h.t.dataSource.query(`SELECT id FROM notices WHERE stay_id = $1 AND status = 'rendered'`, [people.arrived.stayId]);
      return rows[0]?.id ?? '';
    }, 20_000);
  }, 90_000);

  afterEach(() => h.closeContexts());
  afterAll(async () => {
    await worker?.close();
    await h?.close();
  });

  /** A signed-in page that records every dialog (and dismisses it) and every problem. */
  async function signedIn(role: Role): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
    const { context, page } = await h.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(`${role} on ${page.url()}: ${dialog.type()} "${dialog.message()}"`);
      void dialog.dismiss();
    });
    const problems = await watchForProblems(context, page);
    await logIn(page, logins[role].email, logins[role].password);
    return { context, page, problems };
  }

  /** Opens a page and checks it: answered, nothing injected, and each text readable as it was typed. */
  async function expectShownAsText(page: Page, path: string, texts: string[]): Promise<void> {
    const response = await page.goto(path);
    expect({ path, status: response?.status() }).toEqual({ path, status: 200 });
    expect({ path, injected: await page.evaluate(injectedMarkup) }).toEqual({ path, injected: [] });
    const shown = await visibleText(page);
    expect({ path, missing: texts.filter((text) => !shown.includes(text.toLowerCase())) }).toEqual({ path, missing: [] });
  }

  /** Searches through the page's search form (GET or POST): the answer's status, once the results are loaded. */
  async function search(page: Page, term: string): Promise<number> {
    const form = page.locator(SEARCH_FORM).first();
    await form.locator('input[type="search"], input[name="q"]').first().fill(term);
    const submit = form.locator('button[type="submit"], input[type="submit"], button:not([type])').first();
    const [results] = await Promise.all([page.waitForResponse((answer) => answer.request().isNavigationRequest()), submit.click()]);
    await page.waitForLoadState();
    return results.status();
  }

  it('would see a payload that ran: the checks themselves, on a page made to fail them', async () => {
    const { page } = await h.newPage();
    const seen: string[] = [];
    page.on('dialog', (dialog) => {
      seen.push(dialog.message());
      void dialog.dismiss();
    });
    await page.setContent(`<p>${TEXT.givenNames}</p><a href="${link('href')}">x</a>`);
    await eventually(async () => seen.length > 0);
    expect(seen).toEqual(['given']);
    expect(await page.evaluate(injectedMarkup)).toEqual([`<img onerror="alert('given')">`, `<a href="javascript:alert('href')">`, '<img src="x">']);
  });

  it('shows staff the payloads as text: person, stay, board, register, welfare board, check-in, notices, alerts and case', async () => {
    const { page, problems } = await signedIn('staff');
    const { personId, stayId, caseId } = people.arrived;
    const person = [TEXT.givenNames, TEXT.familyName];
    await expectShownAsText(page, '/', [TEXT.staffName]);
    await expectShownAsText(page, `/people/${personId}`, [...person, TEXT.alias, TEXT.vulnerability, TEXT.centre]);
    await expectShownAsText(page, `/stays/${stayId}`, [...person, TEXT.centre, TEXT.unit, TEXT.property, TEXT.checkNotes, TEXT.levelReason, TEXT.reportSentTo, TEXT.reply]);
    await expectShownAsText(page, `/stays/${people.removal.stayId}`, [TEXT.removalGivenNames, TEXT.removalFamilyName, TEXT.removalCentre, TEXT.removalUnit, TEXT.judge]);
    await expectShownAsText(page, `/centres/${centres.reception}/board`, [TEXT.centre, TEXT.unit, TEXT.givenNames]);
    await expectShownAsText(page, `/centres/${centres.reception}/register`, [TEXT.centre, ...person, TEXT.departedGivenNames, TEXT.destination]);
    await expectShownAsText(page, `/centres/${centres.reception}/welfare`, [TEXT.centre, TEXT.givenNames, TEXT.unit]);
    await expectShownAsText(page, `/centres/${centres.reception}/check-in`, [TEXT.centre, TEXT.location, TEXT.agency]);
    await expectShownAsText(page, `/centres/${centres.reception}/notices`, [TEXT.centre, TEXT.givenNames]);
    await expectShownAsText(page, `/notices/${noticeId}`, [...person, TEXT.centre]);
    await expectShownAsText(page, '/alerts', [TEXT.removalCentre, TEXT.removalGivenNames]);
    await expectShownAsText(page, `/cases/${caseId}`, [...person, TEXT.centre, TEXT.caseworkerName]);
    expect(dialogs).toEqual([]);
    expect(problemsOf(problems)).toEqual([]);
  });

  it('shows the caseworker the payloads as text: the case with its referral, notes, tasks and documents, and the dashboard', async () => {
    const { page, problems } = await signedIn('caseworker');
    const person = [TEXT.givenNames, TEXT.familyName];
    await expectShownAsText(page, `/cases/${people.arrived.caseId}`, [...person, TEXT.centre, TEXT.caseworkerName, TEXT.caseNote, TEXT.task, TEXT.transitionNote, cleanFileName(TEXT.fileName)]);
    await expectShownAsText(page, '/dashboard', [TEXT.givenNames, TEXT.centre]);
    await expectShownAsText(page, `/people/${people.arrived.personId}`, [...person, TEXT.vulnerability]);
    expect(dialogs).toEqual([]);
    expect(problemsOf(problems)).toEqual([]);
  });

  it('shows the admin the payloads as text: the centres, a centre with its units, and the alerts', async () => {
    const { page, problems } = await signedIn('admin');
    await expectShownAsText(page, '/centres', [TEXT.centre, TEXT.removalCentre]);
    await expectShownAsText(page, `/centres/${centres.reception}`, [TEXT.centre, TEXT.unit]);
    await expectShownAsText(page, `/centres/${centres.removal}`, [TEXT.removalCentre, TEXT.removalUnit]);
    // An admin's alerts name the centre, not the person.
    await expectShownAsText(page, '/alerts', [TEXT.removalCentre]);
    expect(dialogs).toEqual([]);
    expect(problemsOf(problems)).toEqual([]);
  });

  it('shows the admin the payloads as text in people search results and in a person’s subject access export', async () => {
    const { page, problems } = await signedIn('admin');
    await page.goto('/retention');
    expect(await search(page, 'Noor')).toBe(200);
    expect(await page.evaluate(injectedMarkup)).toEqual([]);
    const results = await visibleText(page);
    expect([TEXT.givenNames, TEXT.familyName].filter((text) => !results.includes(text.toLowerCase()))).toEqual([]);
    // The term searched for is itself a payload: it comes back in the search field, inert.
    expect(await search(page, image('search'))).toBeLessThan(500);
    expect(await page.evaluate(injectedMarkup)).toEqual([]);
    expect(await page.locator(SEARCH_FORM).locator('input[type="search"], input[name="q"]').first().inputValue()).toBe(image('search'));
    await expectShownAsText(page, `/people/${people.arrived.personId}/export`, [TEXT.givenNames, TEXT.familyName, TEXT.alias, TEXT.household, TEXT.centre, TEXT.property, TEXT.checkNotes, TEXT.vulnerability, TEXT.caseNote]);
    expect(dialogs).toEqual([]);
    expect(problemsOf(problems)).toEqual([]);
  });

  it('shows no injected markup on any page a role reaches by following links, search results included', async () => {
    const failures: string[] = [];
    const reached: string[] = [];
    for (const role of ['staff', 'caseworker', 'admin', 'funder', 'auditor'] as const) {
      const { page, problems } = await signedIn(role);
      const queue = ['/'];
      const seen = new Set<string>();
      while (queue.length > 0 && seen.size < MAX_PAGES_PER_ROLE) {
        const path = queue.shift()!;
        const pattern = patternOf(path);
        if (seen.has(pattern)) continue;
        seen.add(pattern);
        const response = await page.goto(path);
        const status = response?.status() ?? 0;
        if (status >= 500) failures.push(`${role} ${path}: ${status}`);
        for (const injected of await page.evaluate(injectedMarkup)) failures.push(`${role} ${path}: ${injected}`);
        reached.push(`${role} ${pattern}`);
        const links = await page.locator('a[href]:not([download])').evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
        for (const href of links) {
          const url = new URL(href);
          if (url.origin === h.baseURL && !SKIPPED.test(url.pathname)) queue.push(`${url.pathname}${url.search}`);
        }
        // A search form: a term that finds the person, then a term that is itself a payload.
        if ((await page.locator(SEARCH_FORM).count()) > 0) {
          for (const term of ['Noor', image('search')]) {
            const status = await search(page, term);
            if (status >= 500) failures.push(`${role} search "${term}" on ${path}: ${status}`);
            for (const injected of await page.evaluate(injectedMarkup)) failures.push(`${role} search "${term}" on ${path}: ${injected}`);
            if (term === 'Noor' && !(await visibleText(page)).includes(TEXT.familyName.toLowerCase())) failures.push(`${role} search "Noor" on ${path}: the person is not in the results`);
          }
        }
      }
      for (const problem of problemsOf(problems)) failures.push(`${role}: ${problem}`);
    }
    expect(failures).toEqual([]);
    expect(dialogs).toEqual([]);
    // Each role's pages were crawled, and at least the staff's and the caseworker's went past the home page.
    expect(reached.filter((entry) => entry.startsWith('staff ')).length).toBeGreaterThan(8);
    expect(reached.filter((entry) => entry.startsWith('caseworker ')).length).toBeGreaterThan(3);
    expect(reached.filter((entry) => entry.startsWith('admin ')).length).toBeGreaterThan(3);
  }, 180_000);
});
