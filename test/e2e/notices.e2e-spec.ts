import { spawn, type ChildProcess } from 'node:child_process';
import type { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import request from 'supertest';
import { SMTPServer } from 'smtp-server';
import { AlertsService } from '@escale/alerts';
import { AuditService } from '@escale/audit';
import { NoticesService, OutboxReconciler } from '@escale/notices';
import { StaysService } from '@escale/stays';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { responseValidator, type ResponseValidator } from '../support/openapi.js';
import { eventually, startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

interface Mail {
  to: string;
  subject: string;
}

function startSmtp(): Promise<{ server: SMTPServer; port: number; mails: Mail[] }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address).join(','), subject: raw.match(/^Subject: (.*)$/m)?.[1] ?? '' });
        callback();
      });
    },
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.server.address() as { port: number }).port, mails })));
}

function startWorkerProcess(t: TestApp): ChildProcess {
  return spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: t.config.databaseUrl,
      REDIS_URL: t.config.redisUrl,
      QUEUE_PREFIX: t.config.queuePrefix,
      OUTBOX_POLL_MS: '100',
      WORKER_STALLED_SECONDS: '5',
      LOG_LEVEL: 'silent',
    },
    stdio: 'ignore',
  });
}

describe('notices', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let centreId: string;
  let staff: { id: string; email: string; token: string };
  let validator: ResponseValidator;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL: 'https://escale.example' } });
    centreId = (await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 150 }] })).id;
    staff = await userFor(t, 'staff', [centreId]);
    validator = await responseValidator(t.http);
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
  });

  const checkIn = async (person = newPerson()) => (await request(t.http).post(`/api/v1/centres/${centreId}/check-ins`).set('Authorization', `Bearer ${staff.token}`).send({ person }).expect(201)).body;
  const noticesOf = async (personId: string) => (await request(t.http).get(`/api/v1/notices?personId=${personId}`).set('Authorization', `Bearer ${staff.token}`).expect(200)).body.items;

  describe('with a worker in this process', () => {
    let worker: INestApplicationContext;
    beforeAll(async () => {
      worker = await startTestWorker(t.config, { schedules: false });
    });
    afterAll(() => worker.close());

    it('gives a speaker of a language without templates (Uzbek) the rights notice in French, flags the interpreter and makes a task', async () => {
      const { person, case: opened } = await checkIn(newPerson({ givenNames: 'Gul', familyName: 'Ahmadzai', languages: ['uz'] }));
      const [notice] = await eventually(() => noticesOf(person.id).then((items) => (items.length ? items : undefined)));
      expect(notice).toMatchObject({ type: 'rights_on_arrival', personId: person.id, language: 'fr', status: 'rendered', interpreterNeeded: true });
      expect(notice.html).toContain('Gul Ahmadzai');
      const personView = await request(t.http).get(`/api/v1/people/${person.id}`).set('Authorization', `Bearer ${staff.token}`).expect(200);
      expect(personView.body.interpreterNeeded).toBe(true);
      const tasks = await t.dataSource.query(`SELECT source, kind, params, title FROM tasks WHERE case_id = $1`, [opened.id]);
      expect(tasks).toEqual([{ source: 'interpreter', kind: 'interpreter_notice', params: { noticeId: notice.id, noticeType: 'rights_on_arrival', language: 'fr' }, title: null }]);
    });

    it('gives a French speaker a French notice naming them, and an English speaker an English one', async () => {
      const french = await checkIn(newPerson({ givenNames: 'Aminata', familyName: 'Diallo', languages: ['fr', 'wo'] }));
      const english = await checkIn(newPerson({ givenNames: 'Samuel', familyName: 'Tesfaye', languages: ['ti', 'en'] }));
      const [fr] = await eventually(() => noticesOf(french.person.id).then((items) => (items.length ? items : undefined)));
      expect(fr).toMatchObject({ language: 'fr', interpreterNeeded: false, subject: 'Vos droits dans ce centre' });
      expect(fr.html).toContain('Aminata Diallo');
      const [en] = await eventually(() => noticesOf(english.person.id).then((items) => (items.length ? items : undefined)));
      expect(en).toMatchObject({ language: 'en', interpreterNeeded: false });
    });

    it('lists notices to hand over, and records the hand-over once', async () => {
      const { person } = await checkIn(newPerson({ languages: ['fr'] }));
      const [notice] = await eventually(() => noticesOf(person.id).then((items) => (items.length ? items : undefined)));
      const list = await request(t.http).get(`/api/v1/centres/${centreId}/notices/to-hand-over`).set('Authorization', `Bearer ${staff.token}`).expect(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).toContain(notice.id);
      const handed = await request(t.http).post(`/api/v1/notices/${notice.id}/handover`).set('Authorization', `Bearer ${staff.token}`).send({ language: 'fr', interpreter: { mode: 'none' } }).expect(200);
      const read = await request(t.http).get(`/api/v1/notices/${notice.id}`).set('Authorization', `Bearer ${staff.token}`).expect(200);
      const ofPerson = await request(t.http).get(`/api/v1/notices?personId=${person.id}`).set('Authorization', `Bearer ${staff.token}`).expect(200);
      for (const answer of [list, handed, read, ofPerson]) validator.check(answer);
      expect(handed.body).toMatchObject({ status: 'handed_over', interpreterUsed: false, handedOverLanguage: 'fr', interpreter: { mode: 'none', name: null, language: null } });
      await request(t.http).post(`/api/v1/notices/${notice.id}/handover`).set('Authorization', `Bearer ${staff.token}`).send({ language: 'fr', interpreter: { mode: 'present', name: 'ISM', language: 'fr' } }).expect(400);
      const other = await userFor(t, 'staff', [(await createCentre(t, { units: [] })).id]);
      await request(t.http).get(`/api/v1/notices/${notice.id}`).set('Authorization', `Bearer ${other.token}`).expect(404);
      const funder = await userFor(t, 'funder', []);
      await request(t.http).get(`/api/v1/notices/${notice.id}`).set('Authorization', `Bearer ${funder.token}`).expect(403);
    });

    it('tells the staff of a centre of an alert: a notice, an inbox message and one email each, however often the job runs', async () => {
      const { stay } = await checkIn();
      const alerts = t.app.get(AlertsService);
      await t.dataSource.transaction((manager) => alerts.raise(manager, { centreId, stayId: stay.id, kind: 'welfare_check_overdue', severity: 'warning', episodeKey: `test:${stay.id}`, dueAt: new Date() }));
      const [{ id: alertId }] = await t.dataSource.query(`SELECT id FROM alerts WHERE episode_key = $1`, [`test:${stay.id}`]);
      await eventually(async () => smtp.mails.some((mail) => mail.to === staff.email));
      const notices = t.app.get(NoticesService);
      const [outbox] = await t.dataSource.query(`SELECT id FROM outbox_messages WHERE payload->>'alertId' = $1`, [alertId]);
      await notices.deliverAlertNotices(outbox.id, alertId);
      await notices.deliverAlertNotices(outbox.id, alertId);
      expect(smtp.mails.filter((mail) => mail.to === staff.email)).toHaveLength(1);
      const rows = await t.dataSource.query(`SELECT status, language FROM notices WHERE dedupe_key = $1`, [`alert:${alertId}:${staff.id}`]);
      expect(rows).toEqual([{ status: 'sent', language: 'fr' }]);
      const inbox = await t.dataSource.query(`SELECT kind, params FROM inbox_messages WHERE user_id = $1 AND kind = 'inbox.alert'`, [staff.id]);
      const [{ name: centreName }] = await t.dataSource.query(`SELECT name FROM centres WHERE id = $1`, [centreId]);
      expect(inbox).toEqual([{ kind: 'inbox.alert', params: { alertKind: 'welfare_check_overdue', centreName } }]);
    });
  });

  describe('a person notice job run by hand', () => {
    const jobOf = async (stayId: string, type: string) =>
      (await t.dataSource.query(`SELECT id FROM outbox_messages WHERE job_name = 'prepare-person-notice' AND payload->>'stayId' = $1 AND payload->>'type' = $2`, [stayId, type]))[0].id as string;
    const completed = async (id: string) => (await t.dataSource.query(`SELECT completed_at FROM outbox_messages WHERE id = $1`, [id]))[0].completed_at as Date | null;

    it('makes the notice, the interpreter task and its chained audit event once, however often and however concurrently it runs', async () => {
      const caseworker = await userFor(t, 'caseworker', [centreId]);
      const { person, stay, case: opened } = await checkIn(newPerson({ languages: ['uz', 'tk'] }));
      await t.dataSource.query(`UPDATE cases SET caseworker_id = $2 WHERE id = $1`, [opened.id, caseworker.id]);
      const job = await jobOf(stay.id, 'rights_on_arrival');
      const notices = t.app.get(NoticesService);
      await Promise.all(Array.from({ length: 4 }, () => notices.preparePersonNotice(job, { type: 'rights_on_arrival', stayId: stay.id })));
      await notices.preparePersonNotice(job, { type: 'rights_on_arrival', stayId: stay.id });
      const made = await t.dataSource.query(`SELECT language, interpreter_needed, status, audience, centre_id, person_id FROM notices WHERE dedupe_key = $1`, [`rights_on_arrival:${stay.id}`]);
      expect(made).toEqual([{ language: 'fr', interpreter_needed: true, status: 'rendered', audience: 'person', centre_id: centreId, person_id: person.id }]);
      const tasks = await t.dataSource.query(`SELECT source, kind, params, title, assigned_to, created_by, done_at, due_at > now() + interval '23 hours' AS tomorrow FROM tasks WHERE case_id = $1`, [opened.id]);
      const [{ id: noticeId }] = await t.dataSource.query(`SELECT id FROM notices WHERE dedupe_key = $1`, [`rights_on_arrival:${stay.id}`]);
      expect(tasks).toEqual([
        { source: 'interpreter', kind: 'interpreter_notice', params: { noticeId, noticeType: 'rights_on_arrival', language: 'fr' }, title: null, assigned_to: caseworker.id, created_by: null, done_at: null, tomorrow: true },
      ]);
      const events = await t.dataSource.query(`SELECT id, actor_id, entity_type, centre_id, outcome, origin FROM audit_events WHERE action = 'task.create' AND entity_id = $1`, [opened.id]);
      expect(events).toEqual([{ id: expect.any(String), actor_id: null, entity_type: 'case', centre_id: centreId, outcome: 'success', origin: 'system' }]);
      expect(await completed(job)).not.toBeNull();
      expect((await t.app.get(AuditService).verifyChain()).ok).toBe(true);
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_chain WHERE event_id = $1`, [events[0].id])).toEqual([{ n: 1 }]);
    });

    it('gives a reader of a template language no task, and completes the job of a stay that is gone', async () => {
      const { stay, case: opened } = await checkIn(newPerson({ languages: ['ti', 'en'] }));
      const notices = t.app.get(NoticesService);
      await notices.preparePersonNotice(await jobOf(stay.id, 'rights_on_arrival'), { type: 'rights_on_arrival', stayId: stay.id });
      expect(await t.dataSource.query(`SELECT language, interpreter_needed FROM notices WHERE dedupe_key = $1`, [`rights_on_arrival:${stay.id}`])).toEqual([{ language: 'en', interpreter_needed: false }]);
      expect(await t.dataSource.query(`SELECT id FROM tasks WHERE case_id = $1`, [opened.id])).toEqual([]);
      const [{ id: orphan }] = await t.dataSource.query(
        `INSERT INTO outbox_messages (queue, job_name, payload, enqueued_at) VALUES ('notices', 'prepare-person-notice', jsonb_build_object('type', 'rights_on_arrival', 'stayId', gen_random_uuid()), now()) RETURNING id`,
      );
      const [{ stayId: missing }] = await t.dataSource.query(`SELECT payload->>'stayId' AS "stayId" FROM outbox_messages WHERE id = $1`, [orphan]);
      await notices.preparePersonNotice(orphan, { type: 'rights_on_arrival', stayId: missing });
      expect(await completed(orphan)).not.toBeNull();
      expect(await t.dataSource.query(`SELECT id FROM notices WHERE stay_id = $1`, [missing])).toEqual([]);
    });

    it('reminds of the asylum claim window only while the person is held and no referral is under way', async () => {
      const removal = await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 5 }] });
      const removalStaff = await userFor(t, 'staff', [removal.id]);
      const caseworker = await userFor(t, 'caseworker', [removal.id]);
      const hold = async () =>
        (await request(t.http).post(`/api/v1/centres/${removal.id}/check-ins`).set('Authorization', `Bearer ${removalStaff.token}`).send({ person: newPerson({ languages: ['en'] }) }).expect(201)).body;
      const refer = async (caseId: string) => (await request(t.http).post(`/api/v1/cases/${caseId}/referrals`).set('Authorization', `Bearer ${caseworker.token}`).send({ kind: 'asylum' }).expect(201)).body.id as string;
      const [drafted, submitted, released] = [await hold(), await hold(), await hold()];
      // The window, and its reminder, open when the rights notice is handed over.
      const stays = t.app.get(StaysService);
      for (const { stay } of [drafted, submitted, released]) await t.dataSource.transaction((manager) => stays.recordRightsNotified(manager, stay.id, new Date()));
      await refer(drafted.case.id);
      await t.dataSource.query(`UPDATE referrals SET status = 'submitted' WHERE id = $1`, [await refer(submitted.case.id)]);
      await request(t.http).post(`/api/v1/stays/${released.stay.id}/check-out`).set('Authorization', `Bearer ${removalStaff.token}`).send({ reason: 'released_by_court' }).expect(200);
      const notices = t.app.get(NoticesService);
      const reminded: Record<string, boolean> = {};
      for (const [name, { stay }] of Object.entries({ drafted, submitted, released })) {
        const job = await jobOf(stay.id, 'asylum_claim_reminder');
        await notices.preparePersonNotice(job, { type: 'asylum_claim_reminder', stayId: stay.id });
        expect(await completed(job)).not.toBeNull();
        reminded[name] = (await t.dataSource.query(`SELECT id FROM notices WHERE dedupe_key = $1`, [`asylum_claim_reminder:${stay.id}`])).length === 1;
      }
      expect(reminded).toEqual({ drafted: true, submitted: false, released: false });
    });
  });

  it('tells caseworkers of a deadline within two days, and sends each a daily digest, once each', async () => {
    const caseworker = await userFor(t, 'caseworker', [centreId]);
    const { case: opened } = await checkIn();
    const referral = await request(t.http).post(`/api/v1/cases/${opened.id}/referrals`).set('Authorization', `Bearer ${caseworker.token}`).send({ kind: 'asylum' }).expect(201);
    await t.dataSource.query(`UPDATE referrals SET next_deadline_at = now() + interval '1 day', next_deadline_kind = 'lodging' WHERE id = $1`, [referral.body.id]);
    const notices = t.app.get(NoticesService);
    expect(await notices.notifyApproachingDeadlines()).toBeGreaterThanOrEqual(1);
    await notices.notifyApproachingDeadlines();
    const deadline = await t.dataSource.query(`SELECT language FROM notices WHERE user_id = $1 AND type = 'referral_deadline_approaching'`, [caseworker.id]);
    expect(deadline).toHaveLength(1);
    await notices.sendDailyDigests();
    await notices.sendDailyDigests();
    const digests = await t.dataSource.query(`SELECT html FROM notices WHERE user_id = $1 AND type = 'caseworker_daily_digest'`, [caseworker.id]);
    expect(digests).toHaveLength(1);
    expect(digests[0].html).toContain('Échéances dans les 7 prochains jours\u202f: <strong>1</strong>');
    expect(smtp.mails.filter((mail) => mail.to === caseworker.email)).toHaveLength(2);
  });

  it('makes every notice exactly once when a worker is killed mid-way and another takes over', async () => {
    const people = await Promise.all(Array.from({ length: 40 }, () => checkIn(newPerson({ languages: ['fr'] }))));
    const ids = people.map((checkedIn) => checkedIn.stay.id);
    const rendered = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM notices WHERE type = 'rights_on_arrival' AND stay_id = ANY($1)`, [ids]))[0].n as number;
    const first = startWorkerProcess(t);
    await eventually(async () => (await rendered()) >= 3, 60_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const second = startWorkerProcess(t);
    try {
      await eventually(async () => (await rendered()) === ids.length, 90_000);
      const [dupes] = await t.dataSource.query(`SELECT count(*)::int AS n FROM (SELECT stay_id FROM notices WHERE stay_id = ANY($1) GROUP BY stay_id, type HAVING count(*) > 1) d`, [ids]);
      expect(dupes.n).toBe(0);
      await eventually(async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE completed_at IS NULL AND job_name = 'prepare-person-notice' AND payload->>'stayId' = ANY($1) AND payload->>'type' = 'rights_on_arrival'`, [ids]))[0].n === 0, 30_000);
    } finally {
      second.kill('SIGTERM');
      await new Promise((resolve) => second.once('exit', resolve));
    }
  }, 240_000);

  it('re-enqueues, after Redis is flushed, every outbox row not yet done', async () => {
    const people = await Promise.all(Array.from({ length: 10 }, () => checkIn(newPerson({ languages: ['en'] }))));
    const ids = people.map((checkedIn) => checkedIn.stay.id);
    // The relay had enqueued them; then Redis lost everything.
    await t.dataSource.query(`UPDATE outbox_messages SET enqueued_at = now() - interval '5 minutes' WHERE completed_at IS NULL AND payload->>'stayId' = ANY($1)`, [ids]);
    const redis = new Redis(t.config.redisUrl);
    const keys = await redis.keys(`${t.config.queuePrefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    const worker = await startTestWorker(t.config, { schedules: false, relay: false });
    try {
      expect(await worker.get(OutboxReconciler).reconcile()).toBeGreaterThanOrEqual(ids.length);
      await eventually(async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM notices WHERE type = 'rights_on_arrival' AND stay_id = ANY($1)`, [ids]))[0].n === ids.length, 20_000);
      const [pending] = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE completed_at IS NULL AND payload->>'stayId' = ANY($1) AND payload->>'type' = 'rights_on_arrival'`, [ids]);
      expect(pending.n).toBe(0);
    } finally {
      await worker.close();
    }
  }, 60_000);
});
