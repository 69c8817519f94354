import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { projectRoot } from '@escale/platform';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, eventually, testEnvironment, type TestEnvironment } from '../support/test-app.js';

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

describe('several processes: two servers and two workers on one PostgreSQL and one Redis', () => {
  let environment: TestEnvironment;
  const processes: ChildProcess[] = [];
  const servers: string[] = [];
  let adminToken: string;

  const start = (script: string, env: Record<string, string>) => {
    const child = spawn(process.execPath, [join(projectRoot(), script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
    child.on('exit', (code) => {
      if (code && code !== 0) process.stderr.write(`${script} exited ${code}: ${errors}\n`);
    });
    processes.push(child);
    return child;
  };

  beforeAll(async () => {
    environment = await testEnvironment();
    const { config } = environment;
    const shared = {
      NODE_ENV: 'test',
      DATABASE_URL: config.databaseUrl,
      REDIS_URL: config.redisUrl,
      QUEUE_PREFIX: config.queuePrefix,
      LOG_LEVEL: 'silent',
      ESCALE_ADMIN_EMAIL: ADMIN_EMAIL,
      ESCALE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SESSION_SECRET: 'one-secret-shared-by-every-server-process',
      MFA_REQUIRED_ROLES: 'none',
      OUTBOX_POLL_MS: '100',
    };
    for (let index = 0; index < 2; index += 1) {
      const port = await freePort();
      start('dist/apps/server/src/main.js', { ...shared, PORT: String(port) });
      servers.push(`http://127.0.0.1:${port}`);
    }
    for (let index = 0; index < 2; index += 1) start('dist/apps/worker/src/main.js', shared);
    for (const server of servers) {
      await eventually(async () => (await fetch(`${server}/health/ready`).catch(() => undefined))?.status === 200, 60_000);
    }
    adminToken = (await request(servers[0]).post('/api/v1/auth/token').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).expect(200)).body.accessToken;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(
      processes.map(async (child) => {
        if (child.exitCode !== null) return;
        child.kill('SIGTERM');
        await Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(resolve, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }),
    );
    await environment.close();
  }, 60_000);

  it('gives a boat of 60 people, checked in through both servers at once, 40 beds and 20 refusals, and each a notice exactly once', async () => {
    const admin = { Authorization: `Bearer ${adminToken}` };
    const centre = await request(servers[0]).post('/api/v1/centres').set(admin).send({ code: 'SCALE-1', name: 'Scale-out centre', kind: 'reception', maxStayDays: 7, timezone: 'Europe/Paris' }).expect(201);
    const unit = await request(servers[1]).post(`/api/v1/centres/${centre.body.id}/units`).set(admin).send({ name: 'Dormitory', housing: 'men' }).expect(201);
    await request(servers[0]).post(`/api/v1/units/${unit.body.id}/beds`).set(admin).send({ labels: Array.from({ length: 40 }, (_, i) => `B${i + 1}`) }).expect(201);
    const staffEmail = 'scale-staff@escale.test';
    await request(servers[1]).post('/api/v1/users').set(admin).send({ email: staffEmail, name: 'Scale Staff', role: 'staff', password: 'a-long-enough-password', centreIds: [centre.body.id] }).expect(201);
    const staffToken = (await request(servers[1]).post('/api/v1/auth/token').send({ email: staffEmail, password: 'a-long-enough-password' }).expect(200)).body.accessToken;

    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, index) =>
        request(servers[index % 2])
          .post(`/api/v1/centres/${centre.body.id}/check-ins`)
          .set('Authorization', `Bearer ${staffToken}`)
          .send({ person: { familyName: `Boat${index}`, givenNames: 'Passenger', dateOfBirth: '1990-01-01', dobEstimated: false, sex: 'male', nationalities: ['SDN'], languages: ['fr'] } }),
      ),
    );
    const statuses = answers.map((answer) => (answer.status === 201 ? 201 : `${answer.status} ${answer.body.code}`));
    expect(statuses.filter((status) => status === 201)).toHaveLength(40);
    expect(statuses.filter((status) => status === '409 NO_BED_AVAILABLE')).toHaveLength(20);
    const { config } = environment;
    const db = new (await import('pg')).default.Client({ connectionString: config.databaseUrl });
    await db.connect();
    try {
      const [{ beds, stays }] = (await db.query(`SELECT count(DISTINCT bed_id)::int AS beds, count(*)::int AS stays FROM stays WHERE checked_out_at IS NULL`)).rows;
      expect([beds, stays]).toEqual([40, 40]);
      // Both workers relay and process: every rights notice is made once, however the jobs were shared out.
      const notices = await eventually(async () => {
        const [row] = (await db.query(`SELECT count(*)::int AS total, count(DISTINCT stay_id)::int AS stays FROM notices WHERE type = 'rights_on_arrival'`)).rows;
        const [pending] = (await db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE completed_at IS NULL AND available_at <= now() AND job_name = 'prepare-person-notice'`)).rows;
        return row.total >= 40 && pending.n === 0 ? row : undefined;
      }, 60_000);
      expect(notices).toEqual({ total: 40, stays: 40 });
    } finally {
      await db.end();
    }
  }, 120_000);

  it('shares login throttling and page sessions between the servers', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      statuses.push((await request(servers[attempt % 2]).post('/api/v1/auth/token').send({ email: 'scale-staff@escale.test', password: 'wrong-password-wrong' })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);

    const page = await request(servers[0]).get('/login').expect(200);
    const login = await request(servers[0]).post('/login').set('Cookie', sessionCookie(page)!).type('form').send({ _csrf: csrfOf(page.text), email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).expect(303);
    await request(servers[1]).get('/').set('Cookie', sessionCookie(login)!).expect(200);
  });
});
