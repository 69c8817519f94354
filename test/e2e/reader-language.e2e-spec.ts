import request from 'supertest';
import { AlertsService } from '@escale/alerts';
import { NoticesService } from '@escale/notices';
import { TaskKinds1796700000000 } from '../../migrations/1796700000000-TaskKinds.js';
import { SystemNoteKinds1796700000001 } from '../../migrations/1796700000001-SystemNoteKinds.js';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { DEFAULT_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

const NNBSP = '\u202f';
const INTERPRETER_TASK = {
  en: 'Give the notice “Rights on arrival” (French) through an interpreter',
  fr: `Remettre l’avis «${NNBSP}Droits à l’arrivée${NNBSP}» (français) avec un interprète`,
};
/** Handlebars escapes these in pages. */
const escaped = (text: string) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll("'", '&#x27;');

/**
 * Tasks and inbox messages store codes, and each reader reads them in their own language: the
 * same task is French on a French caseworker's page and English on an English one's.
 */
describe('tasks and inbox messages in the reader’s language', () => {
  let t: TestApp;
  let centre: { id: string; code: string };
  let staff: { id: string; email: string; token: string };
  let french: { id: string; email: string; token: string };
  let english: { id: string; email: string; token: string };

  beforeAll(async () => {
    t = await startTestApp();
    centre = await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 20 }] });
    staff = await userFor(t, 'staff', [centre.id]);
    french = await userFor(t, 'caseworker', [centre.id]);
    english = await userFor(t, 'caseworker', [centre.id]);
  });
  afterAll(() => t.close());

  const bearer = (who: { token: string }) => ({ Authorization: `Bearer ${who.token}` });

  async function signIn(email: string, acceptLanguage = 'fr'): Promise<string> {
    const form = await request(t.http).get('/login').set('Accept-Language', acceptLanguage).expect(200);
    const login = await request(t.http).post('/login').set('Cookie', sessionCookie(form)!).set('Accept-Language', acceptLanguage).type('form').send({ _csrf: csrfOf(form.text), email, password: DEFAULT_PASSWORD }).expect(303);
    return sessionCookie(login)!;
  }

  /** Switches a signed-in user's language as the language menu does; the user keeps it. */
  async function switchLanguage(cookie: string, locale: 'en' | 'fr'): Promise<void> {
    const home = await request(t.http).get('/').set('Cookie', cookie).expect(200);
    await request(t.http).post('/language').set('Cookie', cookie).type('form').send({ _csrf: csrfOf(home.text), locale, returnTo: '/' }).expect(303);
  }

  /** A Pashto speaker checked in, and their rights notice made (in French, with an interpreter task) as the worker makes it. */
  async function interpretedArrival() {
    const checkedIn = (await request(t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set(bearer(staff)).send({ person: newPerson({ languages: ['ps'] }) }).expect(201)).body;
    const [job] = await t.dataSource.query(`SELECT id FROM outbox_messages WHERE job_name = 'prepare-person-notice' AND payload->>'stayId' = $1 AND payload->>'type' = 'rights_on_arrival'`, [checkedIn.stay.id]);
    await t.app.get(NoticesService).preparePersonNotice(job.id, { type: 'rights_on_arrival', stayId: checkedIn.stay.id });
    const [notice] = await t.dataSource.query(`SELECT id FROM notices WHERE dedupe_key = $1`, [`rights_on_arrival:${checkedIn.stay.id}`]);
    return { caseId: checkedIn.case.id as string, noticeId: notice.id as string };
  }

  /** An alert raised on a new stay and delivered to the centre's staff as the worker delivers it; the staff's message key. */
  async function deliveredAlert(kind: 'authority_expired' | 'legal_limit_passed'): Promise<string> {
    const checkedIn = (await request(t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set(bearer(staff)).send({ person: newPerson({ languages: ['fr'] }) }).expect(201)).body;
    const episodeKey = `test:${checkedIn.stay.id}`;
    await t.dataSource.transaction((manager) => t.app.get(AlertsService).raise(manager, { centreId: centre.id, stayId: checkedIn.stay.id, kind, severity: 'urgent', episodeKey, dueAt: new Date() }));
    const [{ id: alertId }] = await t.dataSource.query(`SELECT id FROM alerts WHERE episode_key = $1`, [episodeKey]);
    const [outbox] = await t.dataSource.query(`SELECT id FROM outbox_messages WHERE payload->>'alertId' = $1`, [alertId]);
    await t.app.get(NoticesService).deliverAlertNotices(outbox.id, alertId);
    return `alert:${alertId}:${staff.id}`;
  }

  it('stores an interpreter task as codes and words it in each reader’s language, on the API and on the case page', async () => {
    const { caseId, noticeId } = await interpretedArrival();
    expect(await t.dataSource.query(`SELECT kind, params, title FROM tasks WHERE case_id = $1`, [caseId])).toEqual([
      { kind: 'interpreter_notice', params: { noticeId, noticeType: 'rights_on_arrival', language: 'fr' }, title: null },
    ]);

    // The API words tasks in the caller's own language: French for one who never chose, English for one who did.
    const frenchCookie = await signIn(french.email);
    const englishCookie = await signIn(english.email, 'en');
    await switchLanguage(englishCookie, 'en');
    expect(await t.dataSource.query(`SELECT locale FROM users WHERE id = $1`, [english.id])).toEqual([{ locale: 'en' }]);
    const asFrench = (await request(t.http).get(`/api/v1/cases/${caseId}`).set(bearer(french)).expect(200)).body.tasks;
    const asEnglish = (await request(t.http).get(`/api/v1/cases/${caseId}`).set(bearer(english)).expect(200)).body.tasks;
    const stored = { kind: 'interpreter_notice', params: { noticeId, noticeType: 'rights_on_arrival', language: 'fr' }, source: 'interpreter' };
    expect(asFrench).toEqual([expect.objectContaining({ ...stored, title: INTERPRETER_TASK.fr })]);
    expect(asEnglish).toEqual([expect.objectContaining({ ...stored, title: INTERPRETER_TASK.en })]);

    const frenchPage = (await request(t.http).get(`/cases/${caseId}`).set('Cookie', frenchCookie).expect(200)).text;
    const englishPage = (await request(t.http).get(`/cases/${caseId}`).set('Cookie', englishCookie).expect(200)).text;
    expect(frenchPage).toContain(`<th scope="row">${escaped(INTERPRETER_TASK.fr)}</th>`);
    expect(frenchPage).not.toContain('through an interpreter');
    expect(englishPage).toContain(`<th scope="row">${escaped(INTERPRETER_TASK.en)}</th>`);

    // The overdue list of the dashboard words it the same way, and so does the task marked done.
    await t.dataSource.query(`UPDATE tasks SET due_at = now() - interval '1 hour', assigned_to = NULL WHERE case_id = $1`, [caseId]);
    const dashboard = (await request(t.http).get('/dashboard').set('Cookie', frenchCookie).expect(200)).text;
    expect(dashboard).toContain(escaped(INTERPRETER_TASK.fr));
    const [{ id: taskId }] = await t.dataSource.query(`SELECT id FROM tasks WHERE case_id = $1`, [caseId]);
    const done = await request(t.http).post(`/api/v1/tasks/${taskId}/done`).set(bearer(english)).expect(200);
    expect(done.body).toMatchObject({ id: taskId, kind: 'interpreter_notice', title: INTERPRETER_TASK.en });
  });

  it('keeps a typed title as typed for every reader, and the database refuses a typed task without one', async () => {
    const { caseId } = await interpretedArrival();
    const typed = 'Appeler l’avocate de la famille';
    const created = await request(t.http).post(`/api/v1/cases/${caseId}/tasks`).set(bearer(english)).send({ title: typed, dueAt: new Date(Date.now() + 86_400_000).toISOString() }).expect(201);
    expect(created.body).toMatchObject({ kind: 'manual', params: {}, source: 'manual', title: typed });
    for (const reader of [french, english]) {
      const tasks = (await request(t.http).get(`/api/v1/cases/${caseId}`).set(bearer(reader)).expect(200)).body.tasks;
      expect(tasks.find((task: { id: string }) => task.id === created.body.id).title).toBe(typed);
    }
    expect(await t.dataSource.query(`SELECT title FROM tasks WHERE id = $1`, [created.body.id])).toEqual([{ title: typed }]);

    const insert = (kind: string, title: string | null) =>
      t.dataSource.query(`INSERT INTO tasks (case_id, source, kind, title, due_at) VALUES ($1, 'manual', $2, $3, now())`, [caseId, kind, title]);
    await expect(insert('manual', null)).rejects.toMatchObject({ driverError: { constraint: 'tasks_title_check' } });
    // Only a typed task has a title: a sentence stored with a kind is refused too.
    await expect(insert('welfare_concern', 'Follow up a concern raised in a welfare check')).rejects.toMatchObject({ driverError: { constraint: 'tasks_title_check' } });
    await expect(insert('reminder', 'Call back')).rejects.toMatchObject({ driverError: { constraint: 'tasks_kind_check' } });
  });

  it('words an alert in the inbox in the language the reader reads in today', async () => {
    const key = await deliveredAlert('authority_expired');
    const centreName = `Centre ${centre.code}`;
    expect(await t.dataSource.query(`SELECT kind, params FROM inbox_messages WHERE dedupe_key = $1`, [key])).toEqual([{ kind: 'inbox.alert', params: { alertKind: 'authority_expired', centreName } }]);

    const cookie = await signIn(staff.email);
    const inboxOf = async () => {
      const home = (await request(t.http).get('/').set('Cookie', cookie).expect(200)).text;
      return home.slice(home.indexOf('<ul class="inbox">'), home.indexOf('</ul>', home.indexOf('<ul class="inbox">')));
    };
    const inFrench = await inboxOf();
    expect(inFrench).toContain('<strong>Alerte</strong>');
    expect(inFrench).toContain(`<p>URGENT${NNBSP}: personne retenue sans titre (${centreName})</p>`);
    await switchLanguage(cookie, 'en');
    const inEnglish = await inboxOf();
    expect(inEnglish).toContain('<strong>Alert</strong>');
    expect(inEnglish).toContain(`<p>URGENT: person held without authority (${centreName})</p>`);
    expect(inEnglish).not.toContain('personne retenue');
  });

  it('reads back the kinds of the tasks and inbox messages stored as English sentences before', async () => {
    const { caseId, noticeId } = await interpretedArrival();
    const key = await deliveredAlert('legal_limit_passed');
    const [{ subject }] = await t.dataSource.query(`SELECT subject FROM notices WHERE dedupe_key = $1`, [key]);
    const migration = new TaskKinds1796700000000();
    const runner = t.dataSource.createQueryRunner();
    const run = async (step: 'up' | 'down') => {
      await runner.startTransaction();
      await migration[step](runner);
      await runner.commitTransaction();
    };
    const tasks = () => t.dataSource.query(`SELECT id, source, kind, params, title FROM tasks ORDER BY id`);
    const inbox = () => t.dataSource.query(`SELECT id, dedupe_key, params FROM inbox_messages WHERE kind = 'inbox.alert' ORDER BY id`);
    try {
      const before = { tasks: await tasks(), inbox: await inbox() };

      // As the data stood: sentences, in English whatever the reader's language.
      await run('down');
      const [interpreter] = await t.dataSource.query(`SELECT title FROM tasks WHERE case_id = $1`, [caseId]);
      expect(interpreter).toEqual({ title: 'Give the notice "Vos droits dans ce centre" through an interpreter' });
      expect((await inbox()).find((row: { dedupe_key: string }) => row.dedupe_key === key).params).toEqual({ subject });
      // Rows written then: a notice since erased, each task the code raised, and a title in no form the code wrote.
      const old = [
        ['interpreter', 'Give the notice "You are leaving the centre" through an interpreter'],
        ['deadline', 'Lodge the appeal with the CNDA'],
        ['vulnerability', 'Review a vulnerability identified: torture_survivor'],
        ['welfare_concern', 'Follow up a concern raised in a welfare check'],
        ['age_assessment', 'Arrange an age assessment: the person says they are a minor'],
        ['deadline', 'Check the file again'],
      ];
      const ids: string[] = [];
      for (const [source, title] of old) {
        ids.push((await t.dataSource.query(`INSERT INTO tasks (case_id, source, title, due_at) VALUES ($1, $2, $3, now()) RETURNING id`, [caseId, source, title]))[0].id);
      }
      const [{ id: orphanMessage }] = await t.dataSource.query(
        `INSERT INTO inbox_messages (user_id, kind, params, dedupe_key) VALUES ($1, 'inbox.alert', '{"subject": "Welfare check overdue"}', 'gone:1') RETURNING id`,
        [staff.id],
      );

      await run('up');
      // What was there comes back as it was: the interpreter task finds its notice again.
      const after = await tasks();
      expect(after.filter((row: { id: string }) => !ids.includes(row.id))).toEqual(before.tasks);
      expect(after.find((row: { id: string; kind: string; params: { noticeId?: string } }) => row.kind === 'interpreter_notice' && !ids.includes(row.id) && row.params.noticeId === noticeId)).toBeDefined();
      const added = new Map(after.map((row: { id: string }) => [row.id, row]));
      expect(ids.map((id) => added.get(id))).toEqual([
        expect.objectContaining({ kind: 'interpreter_notice', params: { noticeType: 'release', language: 'en' }, title: null }),
        expect.objectContaining({ kind: 'deadline', params: { deadlineKind: 'appeal' }, title: null }),
        expect.objectContaining({ kind: 'vulnerability_review', params: { vulnerabilityType: 'torture_survivor' }, title: null }),
        expect.objectContaining({ kind: 'welfare_concern', params: {}, title: null }),
        expect.objectContaining({ kind: 'age_assessment', params: {}, title: null }),
        expect.objectContaining({ kind: 'manual', params: {}, title: 'Check the file again' }),
      ]);
      const messages = await inbox();
      expect(messages.filter((row: { id: string }) => row.id !== orphanMessage)).toEqual(before.inbox);
      expect(messages.find((row: { dedupe_key: string }) => row.dedupe_key === key).params).toEqual({ alertKind: 'legal_limit_passed', centreName: `Centre ${centre.code}` });
      expect(messages.find((row: { id: string }) => row.id === orphanMessage).params).toEqual({ alertKind: 'welfare_check_overdue' });
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('words what the system notes on a case and a welfare level in the reader’s language, and reads back the English stored before', async () => {
    const checkedIn = (await request(t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set(bearer(staff)).send({ person: newPerson() }).expect(201)).body;
    await request(t.http).post(`/api/v1/people/${checkedIn.person.id}/vulnerabilities`).set(bearer(staff)).send({ type: 'suicide_self_harm_risk' }).expect(201);
    await request(t.http).post(`/api/v1/stays/${checkedIn.stay.id}/check-out`).set(bearer(staff)).send({ reason: 'absconded' }).expect(200);
    await request(t.http).post(`/api/v1/stays/${checkedIn.stay.id}/reopen`).set(bearer(staff)).expect(200);
    const undone = `SELECT note, note_kind FROM case_status_changes WHERE case_id = $1 AND from_status = 'released'`;
    const raised = `SELECT reason, vulnerability_type FROM welfare_level_changes WHERE stay_id = $1`;
    expect(await t.dataSource.query(undone, [checkedIn.case.id])).toEqual([{ note: null, note_kind: 'check_out_undone' }]);
    expect(await t.dataSource.query(raised, [checkedIn.stay.id])).toEqual([{ reason: null, vulnerability_type: 'suicide_self_harm_risk' }]);

    const englishCase = (await request(t.http).get(`/cases/${checkedIn.case.id}`).set('Cookie', await signIn(english.email, 'en')).expect(200)).text;
    expect(englishCase).toContain('<p class="note-text">Check-out recorded in error, undone</p>');
    const frenchStay = (await request(t.http).get(`/stays/${checkedIn.stay.id}`).set('Cookie', await signIn(french.email)).expect(200)).text;
    expect(frenchStay).toContain(`<p class="timeline-note">Relevé pour une vulnérabilité signalée${NNBSP}: ${escaped('Risque de suicide ou d’automutilation')}</p>`);

    const migration = new SystemNoteKinds1796700000001();
    const runner = t.dataSource.createQueryRunner();
    const run = async (step: 'up' | 'down') => {
      await runner.startTransaction();
      await migration[step](runner);
      await runner.commitTransaction();
    };
    try {
      await run('down');
      expect(await t.dataSource.query(`SELECT note FROM case_status_changes WHERE case_id = $1 AND from_status = 'released'`, [checkedIn.case.id])).toEqual([{ note: 'Check-out recorded in error, undone' }]);
      expect(await t.dataSource.query(`SELECT reason FROM welfare_level_changes WHERE stay_id = $1`, [checkedIn.stay.id])).toEqual([{ reason: 'vulnerability: suicide_self_harm_risk' }]);
      await run('up');
      expect(await t.dataSource.query(undone, [checkedIn.case.id])).toEqual([{ note: null, note_kind: 'check_out_undone' }]);
      expect(await t.dataSource.query(raised, [checkedIn.stay.id])).toEqual([{ reason: null, vulnerability_type: 'suicide_self_harm_risk' }]);
      // A typed reason and a typed note stay as typed.
      await request(t.http).put(`/api/v1/stays/${checkedIn.stay.id}/welfare-level`).set(bearer(staff)).send({ level: 'standard', reason: 'vulnerability: reviewed by the doctor' }).expect(200);
      await run('down');
      await run('up');
      expect(await t.dataSource.query(`${raised} ORDER BY at`, [checkedIn.stay.id])).toEqual([
        { reason: null, vulnerability_type: 'suicide_self_harm_risk' },
        { reason: 'vulnerability: reviewed by the doctor', vulnerability_type: null },
      ]);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
