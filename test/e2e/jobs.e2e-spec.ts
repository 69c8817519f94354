import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import request from 'supertest';
import { JobName, QueueName } from '@escale/platform';
import { SendWelcomeMessageJob } from '../../apps/worker/src/notices/send-welcome-message.job.js';
import { OutboxRelay } from '../../apps/worker/src/outbox/outbox-relay.service.js';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { eventually, startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

describe('the jobs backbone: outbox, relay, queue, processor', () => {
  let t: TestApp;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });
  afterAll(() => t.close());

  const createUser = async (email: string) =>
    (
      await request(t.http)
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${t.adminToken}`)
        .send({ email, name: 'Jobs Test', role: 'staff', password: 'a-long-enough-password', centreIds: [] })
        .expect(201)
    ).body.id as string;

  it('writes the outbox row in the transaction of the change, and nothing when the change fails', async () => {
    const id = await createUser('outbox@escale.test');
    const rows = await t.dataSource.query(`SELECT queue, job_name, payload, enqueued_at FROM outbox_messages WHERE payload->>'userId' = $1`, [id]);
    expect(rows).toEqual([{ queue: QueueName.Notices, job_name: JobName.SendWelcomeMessage, payload: { userId: id }, enqueued_at: null }]);
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages`);
    await request(t.http)
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ email: 'outbox@escale.test', name: 'Again', role: 'staff', password: 'a-long-enough-password', centreIds: [] })
      .expect(409);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages`)).toEqual(before);
  });

  it('delivers the welcome message to a new user, end to end through Redis', async () => {
    worker = await startTestWorker(t.config, { schedules: false });
    const id = await createUser('welcome@escale.test');
    const messages = await eventually(async () => {
      const rows = await t.dataSource.query(`SELECT kind, params FROM inbox_messages WHERE user_id = $1`, [id]);
      return rows.length ? rows : undefined;
    });
    expect(messages).toEqual([{ kind: 'inbox.welcome', params: { email: 'welcome@escale.test', role: 'staff' } }]);
    const outbox = await eventually(async () => {
      const [row] = await t.dataSource.query(`SELECT enqueued_at, completed_at FROM outbox_messages WHERE payload->>'userId' = $1`, [id]);
      return row?.completed_at ? row : undefined;
    });
    expect(outbox.enqueued_at).not.toBeNull();
  });

  it('delivers once when the same job is relayed twice and processed again after a Redis loss', async () => {
    worker = await startTestWorker(t.config, { relay: false, schedules: false });
    const id = await createUser('twice@escale.test');
    const relay = worker.get(OutboxRelay);
    expect(await relay.relayPending()).toBeGreaterThanOrEqual(1);
    const [row] = await t.dataSource.query(`SELECT id FROM outbox_messages WHERE payload->>'userId' = $1`, [id]);
    // The relay died after enqueueing and before committing: the row is pending again, and
    // the second relay reuses the outbox id as job id, which BullMQ deduplicates.
    await t.dataSource.query(`UPDATE outbox_messages SET enqueued_at = NULL WHERE id = $1`, [row.id]);
    await relay.relayPending();
    await eventually(async () => {
      const [done] = await t.dataSource.query(`SELECT completed_at FROM outbox_messages WHERE id = $1`, [row.id]);
      return done.completed_at;
    });
    // Redis was flushed and the job delivered again with the same outbox id.
    await worker.get(SendWelcomeMessageJob).run({ id: row.id, data: { userId: id } } as Job<{ userId: string }>);
    const rows = await t.dataSource.query(`SELECT dedupe_key FROM inbox_messages WHERE user_id = $1`, [id]);
    expect(rows).toEqual([{ dedupe_key: `welcome:${row.id}` }]);
  });

  it('lets two relays race without sending a row twice', async () => {
    worker = await startTestWorker(t.config, { relay: false, schedules: false });
    const second = await startTestWorker(t.config, { relay: false, schedules: false });
    try {
      const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => createUser(`race-${i}@escale.test`)));
      const [a, b] = await Promise.all([worker.get(OutboxRelay).relayPending(), second.get(OutboxRelay).relayPending()]);
      const pending = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE enqueued_at IS NULL`);
      expect(pending[0].n).toBe(0);
      expect(a + b).toBeGreaterThanOrEqual(ids.length);
      const queue = worker.get<Queue>(getQueueToken(QueueName.Notices), { strict: false });
      const counts = await queue.getJobCounts('waiting', 'active', 'completed', 'delayed', 'failed', 'prioritized');
      const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
      const relayed = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE enqueued_at IS NOT NULL`);
      expect(total).toBeLessThanOrEqual(relayed[0].n + 1);
    } finally {
      await second.close();
    }
  });

  it('retries a person notice job that failed, and then makes its notice, interpreter task and audit event once', async () => {
    const centre = await createCentre(t, { units: [{ housing: 'men', beds: 2 }] });
    const staff = await userFor(t, 'staff', [centre.id]);
    // Until the constraint goes, every rights notice insert fails: the job's first attempt with it.
    await t.dataSource.query(`ALTER TABLE notices ADD CONSTRAINT jobs_test_refuse CHECK (type <> 'rights_on_arrival') NOT VALID`);
    let stay: { id: string };
    let opened: { id: string };
    let jobId: string;
    try {
      worker = await startTestWorker(t.config, { schedules: false });
      const checkedIn = await request(t.http).post(`/api/v1/centres/${centre.id}/check-ins`).set('Authorization', `Bearer ${staff.token}`).send({ person: newPerson({ languages: ['ps'] }) }).expect(201);
      ({ stay, case: opened } = checkedIn.body);
      [{ id: jobId }] = await t.dataSource.query(`SELECT id FROM outbox_messages WHERE payload->>'stayId' = $1 AND payload->>'type' = 'rights_on_arrival'`, [stay.id]);
      await eventually(async () => (await t.dataSource.query(`SELECT attempts FROM outbox_messages WHERE id = $1`, [jobId]))[0].attempts >= 1);
    } finally {
      await t.dataSource.query(`ALTER TABLE notices DROP CONSTRAINT jobs_test_refuse`);
    }
    const done = await eventually(async () => {
      const [row] = await t.dataSource.query(`SELECT completed_at, failed_at, attempts, last_error FROM outbox_messages WHERE id = $1`, [jobId]);
      return row.completed_at ? row : undefined;
    }, 20_000);
    expect(done).toMatchObject({ failed_at: null, last_error: expect.stringContaining('jobs_test_refuse') });
    expect(done.attempts).toBeGreaterThanOrEqual(1);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM notices WHERE stay_id = $1 AND type = 'rights_on_arrival'`, [stay!.id])).toEqual([{ n: 1 }]);
    expect(await t.dataSource.query(`SELECT source FROM tasks WHERE case_id = $1`, [opened!.id])).toEqual([{ source: 'interpreter' }]);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'task.create' AND entity_id = $1`, [opened!.id])).toEqual([{ n: 1 }]);
  }, 60_000);

  it('retries with exponential backoff, as configured per queue', async () => {
    worker = await startTestWorker(t.config, { relay: false, schedules: false });
    const queue = worker.get<Queue>(getQueueToken(QueueName.Notices), { strict: false });
    expect(queue.defaultJobOptions.attempts).toBeGreaterThan(1);
    expect(queue.defaultJobOptions.backoff).toEqual({ type: 'exponential', delay: expect.any(Number) });
  });
});
