import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { AuditService } from '@escale/audit';
import { NoticeLanguagesService, NoticeTemplates, NoticesService } from '@escale/notices';
import { PeopleService } from '@escale/people';
import { Clock, projectRoot } from '@escale/platform';
import { WelfareAlertsService } from '@escale/welfare';
import { createCentre, newPerson, parisToday, userFor } from '../support/fixtures.js';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { responseValidator, type ResponseValidator } from '../support/openapi.js';
import { DEFAULT_PASSWORD, eventually, startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

/**
 * The notice languages come from the template folders: this test adds one (Urdu, which the
 * project has no templates for) in a copy of the folders, and sees it offered as a draft,
 * reviewed, and no longer reviewed once its text changes.
 */
describe('notice languages, reviews and hand-overs', () => {
  let t: TestApp;
  let validator: ResponseValidator;
  let worker: INestApplicationContext;
  let root: string;
  let reception: string;
  let removal: string;
  let staff: { id: string; token: string };
  let removalStaff: { id: string; token: string };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'escale-templates-'));
    cpSync(join(projectRoot(), 'libs/notices/templates'), root, { recursive: true });
    cpSync(join(root, 'en'), join(root, 'ur'), { recursive: true });
    writeFileSync(join(root, 'ur', 'meta.json'), JSON.stringify({ name: 'اردو', dir: 'rtl', locale: 'ur', script: 'Arab' }));
    t = await startTestApp({ env: { NOTICE_TEMPLATES_DIR: root } });
    validator = await responseValidator(t.http);
    worker = await startTestWorker(t.config);
    reception = (await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 30 }] })).id;
    removal = (await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 30 }] })).id;
    staff = await userFor(t, 'staff', [reception]);
    removalStaff = await userFor(t, 'staff', [removal]);
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const checkIn = async (centreId: string, token: string, languages: string[]) =>
    (await request(t.http).post(`/api/v1/centres/${centreId}/check-ins`).set('Authorization', `Bearer ${token}`).send({ person: newPerson({ languages }) }).expect(201)).body as {
      stay: { id: string; asylumClaimWindowEndsAt: string | null };
      person: { id: string };
      case: { id: string };
    };
  const rightsNotice = async (stayId: string) =>
    (await eventually(async () => (await t.dataSource.query(`SELECT id FROM notices WHERE dedupe_key = $1`, [`rights_on_arrival:${stayId}`]))[0]?.id as string | undefined))!;
  const notice = async (id: string, token: string) => (await request(t.http).get(`/api/v1/notices/${id}`).set('Authorization', `Bearer ${token}`).expect(200)).body;
  const person = async (id: string, token: string) => (await request(t.http).get(`/api/v1/people/${id}`).set('Authorization', `Bearer ${token}`).expect(200)).body;
  const languages = async () => (await request(t.http).get('/api/v1/notice-languages').set('Authorization', `Bearer ${staff.token}`).expect(200)).body.items as { code: string; reviewed: boolean; dir: string; types: string[]; review: { current: boolean } | null }[];
  const interpreterTasks = async (caseId: string) => (await t.dataSource.query(`SELECT id FROM tasks WHERE case_id = $1 AND source = 'interpreter'`, [caseId])).length;

  it('lists the languages of the template folders, a language the folders add among them, as a draft', async () => {
    const items = await languages();
    const urdu = items.find((item) => item.code === 'ur');
    expect(urdu).toMatchObject({ reviewed: false, dir: 'rtl', review: null });
    expect(urdu!.types).toEqual(expect.arrayContaining(['rights_on_arrival', 'release', 'transfer', 'asylum_claim_reminder', 'referral_decision']));
    expect(items.filter((item) => item.reviewed).map((item) => item.code)).toEqual(['en', 'fr']);
  });

  it('gives a notice in a draft language with an interpreter, then without once a review is recorded; a changed text is a draft again', async () => {
    const before = await checkIn(reception, staff.token, ['ur', 'ps']);
    const draft = await notice(await rightsNotice(before.stay.id), staff.token);
    expect(draft).toMatchObject({ language: 'ur', dir: 'rtl', translationReviewed: false, languageChoice: 'draft', interpreterNeeded: true });
    expect(await interpreterTasks(before.case.id)).toBe(1);
    expect((await person(before.person.id, staff.token)).interpreterNeeded).toBe(true);

    const admin = await userFor(t, 'admin', []);
    const review = { reviewerName: 'Samina Qureshi', organisation: 'ISM Interprétariat', reviewedOn: '2026-11-30' };
    const recorded = await request(t.http).post('/api/v1/notice-languages/ur/reviews').set('Authorization', `Bearer ${admin.token}`).send(review).expect(201);
    validator.check(recorded);
    validator.check(await request(t.http).get('/api/v1/notice-languages').set('Authorization', `Bearer ${staff.token}`).expect(200));
    expect(recorded.body).toMatchObject({ code: 'ur', reviewed: true, review: { reviewerName: 'Samina Qureshi', organisation: 'ISM Interprétariat', reviewedOn: '2026-11-30', current: true } });
    // Everyone recorded who reads Urdu no longer needs an interpreter.
    expect((await person(before.person.id, staff.token)).interpreterNeeded).toBe(false);

    const after = await checkIn(reception, staff.token, ['ur']);
    const reviewed = await notice(await rightsNotice(after.stay.id), staff.token);
    expect(reviewed).toMatchObject({ language: 'ur', translationReviewed: true, languageChoice: 'reviewed', interpreterNeeded: false });
    expect(await interpreterTasks(after.case.id)).toBe(0);

    // The text changes: the review was of the earlier text.
    writeFileSync(join(root, 'ur', 'release.hbs'), '{{!-- subject: Changed --}}\n<p>{{person.givenNames}}</p>\n');
    const resynced = new NoticeLanguagesService(t.dataSource, new NoticeTemplates(root), t.app.get(PeopleService), t.app.get(AuditService), t.app.get(Clock));
    await resynced.sync();
    expect((await languages()).find((item) => item.code === 'ur')).toMatchObject({ reviewed: false, review: { current: false } });
    expect((await person(before.person.id, staff.token)).interpreterNeeded).toBe(true);
    const events = await t.dataSource.query(`SELECT actor_id FROM audit_events WHERE action = 'notice_language.review'`);
    expect(events).toEqual([{ actor_id: admin.id }]);
  });

  it('refuses a review that is not an administrator’s, of an unknown or source language, or badly dated, and records nothing', async () => {
    const admin = await userFor(t, 'admin', []);
    const good = { reviewerName: 'A. Translator', organisation: 'Agency', reviewedOn: '2026-11-30' };
    await request(t.http).post('/api/v1/notice-languages/ur/reviews').set('Authorization', `Bearer ${staff.token}`).send(good).expect(403);
    await request(t.http).post('/api/v1/notice-languages/zz/reviews').set('Authorization', `Bearer ${admin.token}`).send(good).expect(404);
    // A code that could not be a language (a NUL byte, a quote, a path) names none: 404 in the contract's shape, never a 500.
    for (const code of ['%00', 'ur%27', 'UR', '..%2Fur']) {
      const refused = await request(t.http).post(`/api/v1/notice-languages/${code}/reviews`).set('Authorization', `Bearer ${admin.token}`).send(good).expect(404);
      expect(refused.body).toMatchObject({ code: 'NOT_FOUND' });
    }
    // The same on the review page's form: a page saying so, not a server error.
    const login = await request(t.http).get('/login');
    const signedIn = await request(t.http).post('/login').set('Cookie', sessionCookie(login)!).type('form').send({ _csrf: csrfOf(login.text), email: admin.email, password: DEFAULT_PASSWORD }).expect(303);
    const cookie = sessionCookie(signedIn)!;
    const csrf = csrfOf((await request(t.http).get('/notice-languages').set('Cookie', cookie).expect(200)).text);
    await request(t.http).post('/notice-languages/%00/reviews').set('Cookie', cookie).type('form').send({ _csrf: csrf, ...good }).expect(404);
    const source = await request(t.http).post('/api/v1/notice-languages/fr/reviews').set('Authorization', `Bearer ${admin.token}`).send(good).expect(400);
    expect(source.body.details.fields).toHaveProperty('code');
    const future = await request(t.http).post('/api/v1/notice-languages/ur/reviews').set('Authorization', `Bearer ${admin.token}`).send({ ...good, reviewedOn: '2999-01-01' }).expect(400);
    expect(future.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: { reviewedOn: expect.any(Array) } } });
    const blank = await request(t.http).post('/api/v1/notice-languages/ur/reviews').set('Authorization', `Bearer ${admin.token}`).send({ ...good, reviewerName: '  ' }).expect(400);
    expect(blank.body.details.fields).toHaveProperty('reviewerName');
    expect(await t.dataSource.query(`SELECT id FROM notice_language_reviews WHERE reviewer_name = 'A. Translator'`)).toEqual([]);
  });

  it('falls back to French for a language without templates, and says so', async () => {
    const { stay } = await checkIn(reception, staff.token, ['zu']);
    expect(await notice(await rightsNotice(stay.id), staff.token)).toMatchObject({ language: 'fr', languageChoice: 'fallback', translationReviewed: true, interpreterNeeded: true });
  });

  it('opens the asylum window of a removal stay at the rights notice’s hand-over, recorded as it happened', async () => {
    const held = await checkIn(removal, removalStaff.token, ['ps']);
    expect(held.stay.asylumClaimWindowEndsAt).toBeNull();
    const id = await rightsNotice(held.stay.id);
    const handOver = (body: unknown) => request(t.http).post(`/api/v1/notices/${id}/handover`).set('Authorization', `Bearer ${removalStaff.token}`).send(body as object);
    // Printed an hour ago, handed over half an hour ago.
    await t.dataSource.query(`UPDATE notices SET created_at = now() - interval '1 hour', rendered_at = now() - interval '1 hour' WHERE id = $1`, [id]);
    const given = new Date(Date.now() - 30 * 60_000).toISOString();
    // Nothing is assumed: no interpreter choice, an unknown language, an interpreter without a name, a time to come.
    const refusals = [
      [{ handedOverAt: given, language: 'ps' }, 'interpreter'],
      [{ handedOverAt: given, language: 'ps', interpreter: {} }, 'interpreter.mode'],
      [{ handedOverAt: given, language: 'zz', interpreter: { mode: 'none' } }, 'language'],
      [{ handedOverAt: given, language: 'ps', interpreter: { mode: 'phone', language: 'ps' } }, 'interpreter.name'],
      [{ handedOverAt: given, language: 'fr', interpreter: { mode: 'present', name: 'ISM', language: 'xx' } }, 'interpreter.language'],
      [{ handedOverAt: new Date(Date.now() + 3_600_000).toISOString(), language: 'ps', interpreter: { mode: 'none' } }, 'handedOverAt'],
      [{ handedOverAt: new Date(Date.now() - 2 * 3_600_000).toISOString(), language: 'ps', interpreter: { mode: 'none' } }, 'handedOverAt'],
    ] as const;
    for (const [body, field] of refusals) {
      const refused = await handOver(body).expect(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(refused.body.details.fields).join()).toContain(field);
    }
    expect((await notice(id, removalStaff.token)).status).toBe('rendered');

    const handed = await handOver({ handedOverAt: given, language: 'fr', interpreter: { mode: 'phone', name: 'ISM Interprétariat', language: 'ps' } }).expect(200);
    expect(handed.body).toMatchObject({ status: 'handed_over', handedOverAt: given, handedOverLanguage: 'fr', interpreterUsed: true, interpreter: { mode: 'phone', name: 'ISM Interprétariat', language: 'ps' } });
    const stay = (await request(t.http).get(`/api/v1/stays/${held.stay.id}`).set('Authorization', `Bearer ${removalStaff.token}`).expect(200)).body;
    expect(stay.asylumClaimWindowEndsAt).toBe(new Date(Date.parse(given) + 5 * 86_400_000).toISOString());
    const reminders = await t.dataSource.query(`SELECT available_at FROM outbox_messages WHERE job_name = 'prepare-person-notice' AND payload->>'stayId' = $1 AND payload->>'type' = 'asylum_claim_reminder'`, [held.stay.id]);
    expect(reminders.map((row: { available_at: Date }) => row.available_at.toISOString())).toEqual([new Date(Date.parse(given) + 4 * 86_400_000).toISOString()]);
  });

  it('raises "rights not yet notified" two hours after arrival, until the hand-over is recorded', async () => {
    const held = await checkIn(removal, removalStaff.token, ['fr']);
    const scan = () => worker.get(WelfareAlertsService).scan();
    const open = async () => (await t.dataSource.query(`SELECT kind FROM alerts WHERE stay_id = $1 AND kind = 'rights_not_notified' AND resolved_at IS NULL`, [held.stay.id])).length;
    await scan();
    expect(await open()).toBe(0);
    await t.dataSource.query(`UPDATE stays SET checked_in_at = checked_in_at - interval '3 hours', next_welfare_check_due = now() + interval '1 day' WHERE id = $1`, [held.stay.id]);
    await scan();
    expect(await open()).toBe(1);
    const id = await rightsNotice(held.stay.id);
    await request(t.http).post(`/api/v1/notices/${id}/handover`).set('Authorization', `Bearer ${removalStaff.token}`).send({ language: 'fr', interpreter: { mode: 'none' } }).expect(200);
    expect(await open()).toBe(0);
    await scan();
    expect(await open()).toBe(0);
  });

  it('lists a boat’s notices to print at once, and counts interpreter use per language in the outcomes report', async () => {
    const interception = (await request(t.http).post('/api/v1/interceptions').set('Authorization', `Bearer ${staff.token}`).send({ occurredAt: new Date(Date.now() - 3_600_000).toISOString(), location: 'Gravelines', agency: 'gendarmerie', groupSize: 2 }).expect(201)).body;
    const boat = [];
    for (const languages of [['zu'], ['ur']]) {
      boat.push((await request(t.http).post(`/api/v1/centres/${reception}/check-ins`).set('Authorization', `Bearer ${staff.token}`).send({ person: newPerson({ languages }), interceptionId: interception.id }).expect(201)).body);
    }
    await checkIn(reception, staff.token, ['fr']);
    for (const { stay } of boat) await rightsNotice(stay.id);
    const list = await request(t.http).get(`/api/v1/centres/${reception}/notices/to-hand-over?interceptionId=${interception.id}`).set('Authorization', `Bearer ${staff.token}`).expect(200);
    expect(list.body.items.map((item: { stayId: string }) => item.stayId).sort()).toEqual(boat.map(({ stay }) => stay.id).sort());
    for (const item of list.body.items as { id: string; language: string }[]) {
      await request(t.http).post(`/api/v1/notices/${item.id}/handover`).set('Authorization', `Bearer ${staff.token}`).send({ language: item.language, interpreter: item.language === 'fr' ? { mode: 'present', name: 'Interprètes 62', language: 'ps' } : { mode: 'none' } }).expect(200);
    }
    const admin = await userFor(t, 'admin', []);
    const today = parisToday();
    const report = (await request(t.http).get(`/api/v1/reports/outcomes?from=${today}&to=${today}&centreId=${reception}&granularity=day`).set('Authorization', `Bearer ${admin.token}`).expect(200)).body;
    const byLanguage = Object.fromEntries(report.interpreterUse.map((row: { language: string }) => [row.language, row]));
    expect(byLanguage.fr).toMatchObject({ withInterpreter: 1, byPhone: 0 });
    expect(byLanguage.ur.handedOver).toBeGreaterThanOrEqual(1);
    const funder = await userFor(t, 'funder', []);
    // A month long final: a count per language of one centre's month is often one person, so funders get none.
    const start = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 3, 1));
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
    const funded = await request(t.http).get(`/api/v1/reports/outcomes?from=${start.toISOString().slice(0, 10)}&to=${end.toISOString().slice(0, 10)}`).set('Authorization', `Bearer ${funder.token}`).expect(200);
    expect(funded.body).toHaveProperty('interpreterUse', null);
    const other = await userFor(t, 'staff', [removal]);
    await request(t.http).get(`/api/v1/centres/${reception}/notices/to-hand-over?interceptionId=${interception.id}`).set('Authorization', `Bearer ${other.token}`).expect(404);
  });
});
