import request from 'supertest';
import { AlertEscalationService } from '@escale/alerts';
import { FixedClock, type Role, translate } from '@escale/platform';
import { createCentre, newPerson, type CentreFixture } from '../support/fixtures.js';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEFAULT_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

interface PageSession {
  cookie: string;
  csrf: string;
}

interface Member {
  id: string;
  email: string;
  token: string;
  session: PageSession;
}

/** The HTML escaping the pages apply to text, for finding a message in a page's source. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;').replace(/`/g, '&#x60;').replace(/=/g, '&#x3D;');
const en = (key: Parameters<typeof translate>[1], params: Record<string, unknown> = {}) => html(translate('en', key, params));

/**
 * The safeguarding pages over HTTP, without a browser: who may open them, another centre's
 * records answering 404, and what each shows and refuses. The browser test walks the same pages.
 */
describe('safeguarding pages: pending age assessments, data protection, duty contacts, escalated alerts', () => {
  const start = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
  const clock = new FixedClock(start);
  let t: TestApp;
  let alfa: CentreFixture;
  let bravo: CentreFixture;
  let admin: PageSession;
  let funder: PageSession;
  let auditor: PageSession;
  let staffA: Member;
  let caseworkerA: Member;
  let staffB: Member;
  let caseworkerB: Member;

  async function logIn(email: string, password = DEFAULT_PASSWORD): Promise<PageSession> {
    const page = await request(t.http).get('/login').set('Accept-Language', 'en');
    const response = await request(t.http).post('/login').set('Cookie', sessionCookie(page)!).set('Accept-Language', 'en').type('form').send({ _csrf: csrfOf(page.text), email, password }).expect(303);
    const cookie = sessionCookie(response)!;
    const home = await request(t.http).get('/').set('Cookie', cookie).set('Accept-Language', 'en').expect(200);
    return { cookie, csrf: csrfOf(home.text) };
  }

  async function member(role: Role, centreIds: string[]): Promise<Member> {
    const user = await t.userWithToken(role, centreIds);
    return { ...user, session: await logIn(user.email) };
  }

  const get = (who: PageSession, path: string) => request(t.http).get(path).set('Cookie', who.cookie).set('Accept-Language', 'en');
  const post = (who: PageSession, path: string, form: Record<string, string | string[]>) =>
    request(t.http).post(path).set('Cookie', who.cookie).set('Accept-Language', 'en').type('form').send({ _csrf: who.csrf, ...form });
  const api = (who: { token: string }) => ({
    post: (path: string, body: object = {}) => request(t.http).post(path).set('Authorization', `Bearer ${who.token}`).send(body),
    put: (path: string, body: object) => request(t.http).put(path).set('Authorization', `Bearer ${who.token}`).send(body),
  });

  /** Checks a person in through the API as `who`; their stay, person and case, and the name the pages show. */
  async function checkIn(centreId: string, who: Member, person = newPerson(), at?: Date) {
    const body = (await api(who).post(`/api/v1/centres/${centreId}/check-ins`, { person, checkedInAt: at?.toISOString() }).expect(201)).body;
    return { stayId: body.stay.id as string, personId: body.person.id as string, caseId: body.case.id as string, name: `${person.givenNames} ${String(person.familyName).toUpperCase()}` };
  }

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { TOKEN_TTL_MINUTES: String(30 * 24 * 60), ALERT_ESCALATION_MINUTES: '15' } });
    // Each person presumed a minor takes a family unit of their own.
    const layout = { kind: 'reception' as const, units: [{ housing: 'men' as const, beds: 6 }, ...Array.from({ length: 4 }, () => ({ housing: 'families' as const, beds: 1 }))] };
    alfa = await createCentre(t, layout);
    bravo = await createCentre(t, layout);
    admin = await logIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    funder = (await member('funder', [])).session;
    auditor = (await member('auditor', [])).session;
    staffA = await member('staff', [alfa.id]);
    caseworkerA = await member('caseworker', [alfa.id]);
    staffB = await member('staff', [bravo.id]);
    caseworkerB = await member('caseworker', [bravo.id]);
  });
  afterAll(() => t?.close());
  beforeEach(() => clock.set(start));

  describe('pending age assessments', () => {
    it('lists the disputed ages of the centre, oldest first, with days waiting and where the assessment stands; not the adults', async () => {
      const older = await checkIn(alfa.id, staffA, newPerson({ ageDisputed: true, dateOfBirth: '2009-05-01' }), new Date(start.getTime() - 3 * DAY));
      const newer = await checkIn(alfa.id, staffA, newPerson({ ageDisputed: true }), new Date(start.getTime() - 2 * 60 * MINUTE));
      const adult = await checkIn(alfa.id, staffA, newPerson());
      await api(staffA).put(`/api/v1/people/${newer.personId}/age-assessment`, { status: 'requested' }).expect(200);

      for (const who of [staffA, caseworkerA]) {
        const page = await get(who.session, `/centres/${alfa.id}/age-assessments`).expect(200);
        expect(page.text).toContain(en('ageAssessments.centreTitle', { centre: `Centre ${alfa.code}` }));
        expect(page.text).toContain(en('ageAssessments.caption', { centre: `Centre ${alfa.code}`, count: 2 }));
        const rows = [...page.text.matchAll(/<tr data-person="([^"]+)" data-stay="([^"]+)">/g)].map((match) => match[1]);
        expect(rows).toEqual([older.personId, newer.personId]);
        expect(page.text).not.toContain(adult.name);
        expect(page.text).toContain(`<a href="/stays/${older.stayId}">${older.name}</a>`);
        expect(page.text).toContain(`data-waiting="3">${en('ageAssessments.waiting.other', { count: 3 })}`);
        expect(page.text).toContain(`data-waiting="0">${en('ageAssessments.waiting.none')}`);
        expect(page.text).toContain('data-assessment="none"');
        expect(page.text).toContain(`data-assessment="requested"`);
        expect(page.text).toContain(en('assessmentStatus.requested'));
        // The arrival, in the centre's time zone.
        const arrived = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(start.getTime() - 3 * DAY));
        expect(page.text).toContain(`<time datetime="${new Date(start.getTime() - 3 * DAY).toISOString()}" data-arrived>${arrived}</time>`);
      }

      // A completed "adult" with the date of birth found: the person leaves the list, and the date is corrected (estimated).
      const done = await post(staffA.session, `/people/${older.personId}/age-assessment`, { status: 'completed', outcome: 'adult', dateOfBirth: '2004-05-01' }).expect(303);
      expect(done.headers.location).toBe(`/people/${older.personId}?done=age-assessment#age-assessment`);
      const [person] = await t.dataSource.query(`SELECT to_char(date_of_birth, 'YYYY-MM-DD') AS dob, dob_estimated, age_disputed, assessed_age FROM people WHERE id = $1`, [older.personId]);
      expect(person).toEqual({ dob: '2004-05-01', dob_estimated: true, age_disputed: false, assessed_age: 'adult' });
      const after = await get(staffA.session, `/centres/${alfa.id}/age-assessments`).expect(200);
      expect(after.text).not.toContain(older.personId);
      expect(after.text).toContain(newer.personId);
    });

    it('answers 404 for another centre, and 403 to admins, funders and auditors', async () => {
      for (const who of [staffA, caseworkerA]) {
        const page = await get(who.session, `/centres/${bravo.id}/age-assessments`);
        expect(page.status).toBe(404);
        expect(page.text).toContain('(404)');
      }
      for (const who of [admin, funder, auditor]) {
        await get(who, `/centres/${alfa.id}/age-assessments`).expect(403);
        await get(who, '/age-assessments').expect(403);
      }
    });

    it('leads from the menu to the one centre of the reader, or lets them choose among several', async () => {
      const home = await get(staffA.session, '/').expect(200);
      expect(home.text).toContain(`<a href="/age-assessments" >${en('nav.ageAssessments')}</a>`);
      const one = await get(staffA.session, '/age-assessments').expect(303);
      expect(one.headers.location).toBe(`/centres/${alfa.id}/age-assessments`);
      const both = await member('caseworker', [alfa.id, bravo.id]);
      const choice = await get(both.session, '/age-assessments').expect(200);
      expect(choice.text).toContain(`href="/centres/${alfa.id}/age-assessments"`);
      expect(choice.text).toContain(`href="/centres/${bravo.id}/age-assessments"`);
      expect((await get(admin, '/').expect(200)).text).not.toContain('href="/age-assessments"');
    });
  });

  describe('the age assessment form', () => {
    it('refuses a date of birth that disagrees with the outcome on the form, with the summary focused and the values kept', async () => {
      const disputed = await checkIn(alfa.id, staffA, newPerson({ ageDisputed: true }));
      const page = await post(staffA.session, `/people/${disputed.personId}/age-assessment`, { status: 'completed', outcome: 'adult', dateOfBirth: '2015-01-01' }).expect(400);
      expect(page.text).toContain('<div class="alert alert-error" role="alert" id="person-error" tabindex="-1" data-error-summary autofocus>');
      expect(page.text).toContain(`<li><a href="#age-dateOfBirth">${en('fieldError.ageDateOfBirth')}</a></li>`);
      expect(page.text).toContain('<p class="field-error" id="age-dateOfBirth-error">');
      expect(page.text).toMatch(/<input id="age-dateOfBirth" name="dateOfBirth" type="date" value="2015-01-01"[^>]* aria-invalid="true">/);
      const [person] = await t.dataSource.query(`SELECT age_disputed FROM people WHERE id = $1`, [disputed.personId]);
      expect(person.age_disputed).toBe(true);
    });

    it('says on the form, with a 404, that a person another centre holds now is assessed there; nothing is recorded and the refusal is audited', async () => {
      const moved = await checkIn(alfa.id, staffA);
      await api(staffA).post(`/api/v1/stays/${moved.stayId}/transfers`, { toCentreId: bravo.id }).expect(201);
      // The person page still opens for the centre that held them, without their health records.
      const page = await get(staffA.session, `/people/${moved.personId}`).expect(200);
      expect(page.text).toContain(en('person.healthElsewhere'));
      expect(page.text).not.toContain('id="age-assessment-form"');

      const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM age_assessments WHERE person_id = $1`, [moved.personId]);
      const refused = await post(staffA.session, `/people/${moved.personId}/age-assessment`, { status: 'in_progress' }).expect(404);
      expect(refused.text).toContain('id="person-error" tabindex="-1" data-error-summary autofocus');
      expect(refused.text).toContain(en('ageAssessment.notHeld'));
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM age_assessments WHERE person_id = $1`, [moved.personId])).toEqual(before);
      const denied = await t.dataSource.query(`SELECT entity_type, entity_id FROM audit_events WHERE action = 'access.denied' AND actor_id = $1 AND entity_id = $2`, [staffA.id, moved.personId]);
      expect(denied).toEqual([{ entity_type: 'person', entity_id: moved.personId }]);

      // The centre holding them now records it.
      await post(staffB.session, `/people/${moved.personId}/age-assessment`, { status: 'in_progress' }).expect(303);
      // Someone the reader never held answers the 404 page, not the form.
      const stranger = await checkIn(bravo.id, staffB);
      const notFound = await post(staffA.session, `/people/${stranger.personId}/age-assessment`, { status: 'in_progress' }).expect(404);
      expect(notFound.text).toContain('(404)');
      expect(notFound.text).not.toContain(stranger.name);
    });
  });

  describe('duty contacts', () => {
    it('are set by an admin on the centre page, refused for someone of another centre, and shown to the centre’s staff on the alerts page', async () => {
      const empty = await get(admin, `/centres/${alfa.id}`).expect(200);
      expect(empty.text).toContain(en('dutyContacts.title'));
      expect(empty.text).toContain('data-duty-contacts-none');
      // Offered: active admins and Alfa's staff and caseworkers, not Bravo's.
      expect(empty.text).toContain(`id="duty-contact-${staffA.id}"`);
      expect(empty.text).toContain(`id="duty-contact-${caseworkerA.id}"`);
      expect(empty.text).not.toContain(`id="duty-contact-${staffB.id}"`);

      const refused = await post(admin, `/centres/${alfa.id}/duty-contacts`, { userIds: [staffA.id, staffB.id] }).expect(400);
      expect(refused.text).toContain(`<li><a href="#duty-contacts-users">${en('fieldError.dutyContacts')}</a></li>`);
      expect(refused.text).toContain('id="centre-error" tabindex="-1" data-error-summary autofocus');
      // The boxes as they were ticked.
      expect(refused.text).toMatch(new RegExp(`id="duty-contact-${staffA.id}" name="userIds" value="${staffA.id}" checked`));
      expect(await t.dataSource.query(`SELECT user_id FROM centre_duty_contacts WHERE centre_id = $1`, [alfa.id])).toEqual([]);

      const saved = await post(admin, `/centres/${alfa.id}/duty-contacts`, { userIds: staffA.id }).expect(303);
      expect(saved.headers.location).toBe(`/centres/${alfa.id}?done=duty-contacts#duty-contacts`);
      const shown = await get(admin, saved.headers.location.replace(/#.*$/, '')).expect(200);
      expect(shown.text).toContain(en('manage.done.duty-contacts'));
      expect(shown.text).toContain(`<li data-user="${staffA.id}">`);

      const [{ name }] = await t.dataSource.query(`SELECT name FROM users WHERE id = $1`, [staffA.id]);
      const alerts = await get(staffA.session, '/alerts').expect(200);
      expect(alerts.text).toContain(en('alerts.dutyContacts.to', { centre: `Centre ${alfa.code}`, names: name }));
      const other = await get(staffB.session, '/alerts').expect(200);
      expect(other.text).toContain(en('alerts.dutyContacts.none', { centre: `Centre ${bravo.code}` }));

      // Ticking nobody removes them all.
      await post(admin, `/centres/${alfa.id}/duty-contacts`, {}).expect(303);
      expect(await t.dataSource.query(`SELECT user_id FROM centre_duty_contacts WHERE centre_id = $1`, [alfa.id])).toEqual([]);
    });

    it('may be set by admins only', async () => {
      for (const who of [staffA.session, caseworkerA.session, funder, auditor]) {
        await post(who, `/centres/${alfa.id}/duty-contacts`, { userIds: staffA.id }).expect(403);
      }
      expect(await t.dataSource.query(`SELECT user_id FROM centre_duty_contacts WHERE centre_id = $1`, [alfa.id])).toEqual([]);
      const unknown = await post(admin, '/centres/00000000-0000-4000-8000-000000000000/duty-contacts', {}).expect(404);
      expect(unknown.text).toContain('(404)');
    });
  });

  describe('escalated alerts', () => {
    it('shows how often an urgent alert went to the duty contacts and when last, and who acknowledged it', async () => {
      const disputed = await checkIn(alfa.id, staffA, newPerson({ ageDisputed: true }));
      const [alert] = await t.dataSource.query(`SELECT id FROM alerts WHERE stay_id = $1 AND kind = 'age_disputed'`, [disputed.stayId]);
      clock.set(new Date(start.getTime() + 16 * MINUTE));
      expect(await t.app.get(AlertEscalationService).escalateDue()).toBeGreaterThanOrEqual(1);
      clock.set(new Date(start.getTime() + 31 * MINUTE));
      await t.app.get(AlertEscalationService).escalateDue();
      const page = await get(staffA.session, '/alerts').expect(200);
      const row = page.text.slice(page.text.indexOf(`<tr id="alert-${alert.id}"`), page.text.indexOf('</tr>', page.text.indexOf(`<tr id="alert-${alert.id}"`)));
      expect(row).toContain(`data-escalated="2">${en('alerts.escalated.other', { count: 2 })} <time datetime="${clock.now().toISOString()}">`);

      const acknowledged = await post(staffA.session, `/alerts/${alert.id}/acknowledge`, {}).expect(303);
      expect(acknowledged.headers.location).toBe(`/alerts?done=acknowledged#alert-${alert.id}`);
      const [{ name }] = await t.dataSource.query(`SELECT name FROM users WHERE id = $1`, [staffA.id]);
      const after = await get(staffA.session, '/alerts?done=acknowledged').expect(200);
      const ackRow = after.text.slice(after.text.indexOf(`<tr id="alert-${alert.id}"`));
      expect(ackRow.slice(0, ackRow.indexOf('</tr>'))).toContain(`${en('alerts.acknowledgedBy', { name })} <time datetime="${clock.now().toISOString()}">`);
      // Admins read the same, without the button.
      const asAdmin = await get(admin, '/alerts').expect(200);
      expect(asAdmin.text).toContain(en('alerts.acknowledgedBy', { name }));
    });
  });

  describe('data protection', () => {
    let referralCase: { caseId: string; personId: string; name: string };
    let stuckCase: { caseId: string; personId: string; name: string };

    beforeAll(async () => {
      // Left with an asylum referral under way: the case stays open.
      const withReferral = await checkIn(alfa.id, staffA);
      await api(caseworkerA).post(`/api/v1/cases/${withReferral.caseId}/referrals`, { kind: 'asylum' }).expect(201);
      clock.set(new Date(start.getTime() + 60 * MINUTE));
      await api(staffA).post(`/api/v1/stays/${withReferral.stayId}/check-out`, { reason: 'moved_to_asylum_accommodation' }).expect(200);
      referralCase = withReferral;
      // Left before the rule moved cases at departure: open, with nothing under way.
      const stuck = await checkIn(alfa.id, staffA);
      clock.set(new Date(start.getTime() + 2 * 60 * MINUTE));
      await api(staffA).post(`/api/v1/stays/${stuck.stayId}/check-out`, { reason: 'absconded' }).expect(200);
      await t.dataSource.query(`UPDATE cases SET status = 'open', closed_at = NULL WHERE id = $1`, [stuck.caseId]);
      stuckCase = stuck;
      clock.set(start);
    });

    it('shows a caseworker the departed people of their centres whose case is open, with why and a link to the case', async () => {
      const page = await get(caseworkerA.session, '/data-protection').expect(200);
      expect(page.text).toContain(en('dataProtection.caption', { count: 2 }));
      const row = (caseId: string) => {
        const from = page.text.indexOf(`<tr data-case="${caseId}"`);
        expect(from).toBeGreaterThan(-1);
        return page.text.slice(from, page.text.indexOf('</tr>', from));
      };
      const referral = row(referralCase.caseId);
      expect(referral).toContain('data-why="asylum_referral_open"');
      expect(referral).toContain(en('dataProtection.why.asylum_referral_open', { status: translate('en', 'referralStatus.draft') }));
      expect(referral).toContain(en('exitReason.moved_to_asylum_accommodation'));
      expect(referral).toContain(en('caseStatus.open'));
      expect(referral).toContain(`<a href="/cases/${referralCase.caseId}">`);
      expect(referral).toContain(`Centre ${alfa.code}`);
      const stuck = row(stuckCase.caseId);
      expect(stuck).toContain('data-why="not_moved"');
      expect(stuck).toContain(en('dataProtection.why.not_moved'));
      expect(stuck).toContain(en('exitReason.absconded'));
      // Oldest departure first.
      expect(page.text.indexOf(referralCase.caseId)).toBeLessThan(page.text.indexOf(stuckCase.caseId));
      expect(page.text).not.toContain(referralCase.name);
    });

    it('shows an admin every centre, without names or links to the cases, filtered by centre', async () => {
      const page = await get(admin, '/data-protection').expect(200);
      expect(page.text).toContain(`<tr data-case="${referralCase.caseId}" data-why="asylum_referral_open">`);
      expect(page.text).not.toContain(`href="/cases/`);
      expect(page.text).not.toContain(referralCase.name);
      expect(page.text).not.toContain(stuckCase.name);
      expect(page.text).toContain(en('dataProtection.reference', { ref: referralCase.caseId.slice(0, 8) }));
      const bravoOnly = await get(admin, `/data-protection?centreId=${bravo.id}`).expect(200);
      expect(bravoOnly.text).not.toContain(referralCase.caseId);
      expect(bravoOnly.text).toContain(en('dataProtection.empty'));
    });

    it('pages through the list', async () => {
      // Two rows, and the next page after the first when the offset is one.
      const second = await get(caseworkerA.session, '/data-protection?offset=1').expect(200);
      expect(second.text).not.toContain(`data-case="${referralCase.caseId}"`);
      expect(second.text).toContain(`data-case="${stuckCase.caseId}"`);
      expect(second.text).toContain(translate('en', 'pagination.showing', { from: 2, to: 2, total: 2 }));
      expect(second.text).toContain('href="/data-protection" rel="prev"');
    });

    it('shows another centre’s caseworker nothing of it, and answers 404 when they name the centre', async () => {
      const page = await get(caseworkerB.session, '/data-protection').expect(200);
      expect(page.text).not.toContain(referralCase.caseId);
      expect(page.text).not.toContain(stuckCase.caseId);
      expect(page.text).toContain(en('dataProtection.empty'));
      const named = await get(caseworkerB.session, `/data-protection?centreId=${alfa.id}`);
      expect(named.status).toBe(404);
      expect(named.text).not.toContain(referralCase.caseId);
    });

    it('refuses a malformed filter on the form, and the page to staff, funders and auditors', async () => {
      const bad = await get(caseworkerA.session, '/data-protection?centreId=nope').expect(400);
      expect(bad.text).toContain('id="data-protection-error" tabindex="-1" data-error-summary autofocus');
      expect(bad.text).toContain(`<li><a href="#data-protection-centre">${en('dataProtection.fieldError.centre')}</a></li>`);
      for (const who of [staffA.session, funder, auditor]) await get(who, '/data-protection').expect(403);
      expect((await get(caseworkerA.session, '/').expect(200)).text).toContain(`<a href="/data-protection" >${en('nav.dataProtection')}</a>`);
      expect((await get(staffA.session, '/').expect(200)).text).not.toContain('href="/data-protection"');
    });
  });
});
