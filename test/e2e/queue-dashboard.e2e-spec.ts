import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import request from 'supertest';
import { QueueName } from '@escale/platform';
import { addFailedJob, FAILURE_FIRST_LINE, FAILURE_SECOND_LINE } from '../support/failed-job.js';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEFAULT_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

/** The count a queue's row shows in a state's cell of the queues page. */
function countIn(html: string, queue: string, state: string): number {
  const row = html.match(new RegExp(`<tr data-queue="${queue}">([\\s\\S]*?)</tr>`))?.[1] ?? '';
  return Number(row.match(new RegExp(`data-state="${state}">(\\d+)<`))?.[1] ?? NaN);
}

describe('the background jobs pages (/admin/queues)', () => {
  let t: TestApp;
  let admin: string;
  let queue: Queue;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await logIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    queue = new Queue(QueueName.Maintenance, { connection: { url: t.config.redisUrl }, prefix: t.config.queuePrefix });
  });
  afterAll(async () => {
    await queue?.close();
    await t.close();
  });

  async function logIn(email: string, password: string): Promise<string> {
    const page = await request(t.http).get('/login');
    const response = await request(t.http).post('/login').set('Cookie', sessionCookie(page)!).type('form').send({ _csrf: csrfOf(page.text), email, password }).expect(303);
    return sessionCookie(response)!;
  }

  const get = (path: string, cookie = admin) => request(t.http).get(path).set('Cookie', cookie).set('Accept-Language', 'en');
  const retryEvents = (action: string) => t.dataSource.query(`SELECT entity_type AS "entityType", entity_id AS "entityId" FROM audit_events WHERE action = $1 ORDER BY at`, [action]);

  it('is for admins only: signed out goes to sign in, other roles are refused', async () => {
    await request(t.http).get('/admin/queues').expect(303).expect('Location', '/login');
    const staff = await t.userWithToken('staff');
    const cookie = await logIn(staff.email, DEFAULT_PASSWORD);
    for (const path of ['/admin/queues', '/admin/queues/maintenance']) {
      const refused = await get(path, cookie).expect(403);
      expect(refused.text).not.toContain('data-queue=');
    }
    const page = await get('/admin/queues').expect(200);
    expect([...page.text.matchAll(/<tr data-queue="(\w+)">/g)].map((match) => match[1]).sort()).toEqual(['alerts', 'maintenance', 'notices', 'reports']);
    // A table with a header for the queue, each of the five states and the queue's pause.
    expect(page.text.match(/<thead>[\s\S]*?<\/thead>/)?.[0].match(/<th scope="col">/g)).toHaveLength(7);
    // The navigation leads to it.
    expect(page.text).toMatch(/<a href="\/admin\/queues" aria-current="page">/);
  });

  it('counts a failed job, lists it with its first line only, and shows its data by field names alone', async () => {
    const before = countIn((await get('/admin/queues').expect(200)).text, 'maintenance', 'failed');
    const jobId = await addFailedJob(t.config, QueueName.Maintenance, randomUUID(), { personId: 'p-1', familyName: 'Zzsecretname' });
    const counts = await get('/admin/queues').expect(200);
    expect(countIn(counts.text, 'maintenance', 'failed')).toBe(before + 1);
    expect(countIn(counts.text, 'notices', 'failed')).toBe(0);

    const page = await get('/admin/queues/maintenance').expect(200);
    const row = page.text.match(new RegExp(`<tr data-job="${jobId}">([\\s\\S]*?)</tr>`))?.[1] ?? '';
    expect(row).toContain('test-failing-job');
    expect(row).toContain(FAILURE_FIRST_LINE);
    expect(row).toContain('<code>familyName</code>');
    expect(row).toContain(`action="/admin/queues/maintenance/jobs/${jobId}/retry"`);
    expect(page.text).not.toContain(FAILURE_SECOND_LINE);
    expect(page.text).not.toContain('failed-job');
    expect(page.text).not.toMatch(/\n\s+at /);
    expect(page.text).not.toContain('Zzsecretname');
    // The other states have their own lists.
    const waiting = await get('/admin/queues/maintenance?state=waiting').expect(200);
    expect(waiting.text).not.toContain(`data-job="${jobId}"`);
  });

  it('retries a failed job only when confirmed and with the CSRF token, moving it back to waiting, and audits it', async () => {
    const jobId = await addFailedJob(t.config, QueueName.Maintenance, randomUUID());
    const page = await get('/admin/queues/maintenance').expect(200);
    const url = `/admin/queues/maintenance/jobs/${jobId}/retry`;
    // Without the CSRF token: refused, nothing moves.
    await request(t.http).post(url).set('Cookie', admin).type('form').send({ confirm: 'yes' }).expect(403);
    expect(await queue.getJobState(jobId)).toBe('failed');
    // Without the confirmation: the page again, saying what is missing, nothing moves.
    const unconfirmed = await request(t.http).post(url).set('Cookie', admin).set('Accept-Language', 'en').type('form').send({ _csrf: csrfOf(page.text) }).expect(400);
    expect(unconfirmed.text).toContain(`id="retry-${jobId}-confirm-error"`);
    expect(await queue.getJobState(jobId)).toBe('failed');
    expect(await retryEvents('job.retry')).toEqual([]);

    await request(t.http).post(url).set('Cookie', admin).type('form').send({ _csrf: csrfOf(page.text), confirm: 'yes' }).expect(303).expect('Location', '/admin/queues/maintenance?done=retried');
    expect(await queue.getJobState(jobId)).toBe('waiting');
    expect(await retryEvents('job.retry')).toEqual([{ entityType: 'job', entityId: jobId }]);
    const waiting = await get('/admin/queues/maintenance?state=waiting').expect(200);
    expect(waiting.text).toContain(`data-job="${jobId}"`);
    // A job no longer failed cannot be retried again.
    await request(t.http).post(url).set('Cookie', admin).type('form').send({ _csrf: csrfOf(page.text), confirm: 'yes' }).expect(404);
  });

  it('retries every failed job of a queue at once, audited', async () => {
    const ids = [await addFailedJob(t.config, QueueName.Maintenance, randomUUID()), await addFailedJob(t.config, QueueName.Maintenance, randomUUID())];
    const page = await get('/admin/queues/maintenance').expect(200);
    expect(page.text).toContain('action="/admin/queues/maintenance/retry-failed"');
    await request(t.http).post('/admin/queues/maintenance/retry-failed').set('Cookie', admin).type('form').send({ _csrf: csrfOf(page.text) }).expect(400);
    expect(await queue.getJobState(ids[0])).toBe('failed');
    await request(t.http).post('/admin/queues/maintenance/retry-failed').set('Cookie', admin).type('form').send({ _csrf: csrfOf(page.text), confirm: 'yes' }).expect(303);
    expect(await Promise.all(ids.map((id) => queue.getJobState(id)))).toEqual(['waiting', 'waiting']);
    expect(await queue.getJobCountByTypes('failed')).toBe(0);
    expect(await retryEvents('job.retry_all')).toEqual([{ entityType: 'job', entityId: null }]);
  });

  it('answers 404 for an unknown queue or job, and 400 for a state it does not list', async () => {
    const page = await get('/admin/queues').expect(200);
    await get('/admin/queues/nonesuch').expect(404);
    await get('/admin/queues/maintenance?state=paused').expect(400);
    await get('/admin/queues/maintenance?page=x').expect(200);
    const csrf = csrfOf(page.text);
    await request(t.http).post('/admin/queues/maintenance/jobs/no-such-job/retry').set('Cookie', admin).type('form').send({ _csrf: csrf, confirm: 'yes' }).expect(404);
    await request(t.http).post('/admin/queues/nonesuch/jobs/1/retry').set('Cookie', admin).type('form').send({ _csrf: csrf, confirm: 'yes' }).expect(404);
    await request(t.http).post('/admin/queues/nonesuch/retry-failed').set('Cookie', admin).type('form').send({ _csrf: csrf, confirm: 'yes' }).expect(404);
  });

  it('pages through a long list of jobs', async () => {
    await queue.drain(true);
    await queue.addBulk(Array.from({ length: 25 }, (_, index) => ({ name: 'test-waiting-job', data: {}, opts: { jobId: `bulk-${index}` } })));
    const first = await get('/admin/queues/maintenance?state=waiting').expect(200);
    expect(first.text.match(/<tr data-job=/g)).toHaveLength(20);
    expect(first.text).toContain('href="/admin/queues/maintenance?state&#x3D;waiting&amp;page&#x3D;2"');
    const second = await get('/admin/queues/maintenance?state=waiting&page=2').expect(200);
    expect(second.text.match(/<tr data-job=/g)).toHaveLength(5);
  });
});
