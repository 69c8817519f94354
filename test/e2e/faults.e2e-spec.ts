// Faults: PostgreSQL restarted and Redis lost under load, and SIGTERM to the server and the
// worker. The services that fail are private (see private-services.ts): other test files keep
// using the shared ones meanwhile. Server and worker run as built, as child processes.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { newPerson } from '../support/fixtures.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEFAULT_PASSWORD, testEnvironment, type TestEnvironment } from '../support/test-app.js';
import { connectOutcome, freePort, lockPrivateServices, PrivatePostgres, PrivateRedis, startAppProcess, waitFor, type AppProcess } from '../support/private-services.js';

const TEST_TIMEOUT = 120_000;

/** What a client saw of one request. */
interface Answer {
  method: string;
  path: string;
  /** The server read the request: it answered 100 Continue (requests sent with Expect). */
  continued: boolean;
  status?: number;
  headers?: http.IncomingHttpHeaders;
  body?: unknown;
  /** The whole response arrived. */
  complete: boolean;
  /** A socket failure: ECONNREFUSED, ECONNRESET, ... */
  error?: string;
  startedAt: number;
  endedAt: number;
}

interface CallOptions {
  token?: string;
  body?: unknown;
  /** Send `Expect: 100-continue` and the body only once the server has read the request head. */
  expectContinue?: boolean;
  /** With expectContinue: hold the body back until this settles. */
  hold?: Promise<unknown>;
  /** With expectContinue: called when the server has read the request head. */
  onContinue?: () => void;
  agent?: http.Agent;
  headers?: Record<string, string>;
}

/** One HTTP request with Node's own client (a new connection unless an agent is given). */
function call(port: number, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const startedAt = Date.now();
  const text = options.body === undefined ? '' : JSON.stringify(options.body);
  const headers: Record<string, string | number> = { ...options.headers, 'Content-Length': Buffer.byteLength(text) };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.expectContinue) headers.Expect = '100-continue';
  return new Promise((resolve) => {
    const answer: Answer = { method, path, continued: false, complete: false, startedAt, endedAt: 0 };
    let settled = false;
    const settle = (extra: Partial<Answer> = {}) => {
      if (settled) return;
      settled = true;
      Object.assign(answer, extra, { endedAt: Date.now() });
      resolve(answer);
    };
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: options.agent ?? false }, (res) => {
      answer.status = res.statusCode;
      answer.headers = res.headers;
      let raw = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (raw += chunk));
      res.on('end', () => {
        let body: unknown = raw;
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          // not JSON: kept as text
        }
        settle({ body, complete: res.complete });
      });
      res.on('error', (error: NodeJS.ErrnoException) => settle({ error: error.code ?? error.message }));
    });
    req.setTimeout(30_000, () => req.destroy(Object.assign(new Error('no answer in 30 s'), { code: 'TIMEOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => settle({ error: error.code ?? error.message }));
    if (options.expectContinue) {
      req.on('continue', () => {
        answer.continued = true;
        options.onContinue?.();
        void Promise.resolve(options.hold).then(() => req.end(text));
      });
      req.flushHeaders();
    } else {
      req.end(text);
    }
  });
}

/** The API of a server on a port, as one user or another. */
function apiOn(port: number) {
  return {
    port,
    get: (path: string, token?: string, extra: CallOptions = {}) => call(port, 'GET', path, { token, ...extra }),
    post: (path: string, body: unknown, token?: string, extra: CallOptions = {}) => call(port, 'POST', path, { token, body, ...extra }),
    /** A request that must answer `status`; its body. */
    async must<T = Record<string, unknown>>(answer: Promise<Answer>, status: number): Promise<T> {
      const got = await answer;
      if (got.status !== status) throw new Error(`${got.method} ${got.path} answered ${got.status ?? got.error}, not ${status}: ${JSON.stringify(got.body)}`);
      return got.body as T;
    },
  };
}
type Api = ReturnType<typeof apiOn>;

interface Seeded {
  adminToken: string;
  staffToken: string;
  centreId: string;
}

/** An admin token, a centre with beds, and a member of its staff with a token. */
async function seed(api: Api, beds: number): Promise<Seeded> {
  const { accessToken: adminToken } = await api.must<{ accessToken: string }>(api.post('/api/v1/auth/token', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }), 200);
  const code = `F${randomBytes(3).toString('hex').toUpperCase()}`;
  const centre = await api.must<{ id: string }>(api.post('/api/v1/centres', { code, name: `Centre ${code}`, kind: 'reception', maxStayDays: 7, timezone: 'Europe/Paris' }, adminToken), 201);
  const unit = await api.must<{ id: string }>(api.post(`/api/v1/centres/${centre.id}/units`, { name: 'Unit 1', housing: 'men' }, adminToken), 201);
  const labels = Array.from({ length: beds }, (_, index) => `1-${String(index + 1).padStart(3, '0')}`);
  await api.must(api.post(`/api/v1/units/${unit.id}/beds`, { labels }, adminToken), 201);
  const email = `staff-${randomBytes(3).toString('hex')}@escale.test`;
  await api.must(api.post('/api/v1/users', { email, name: 'Faults Staff', role: 'staff', password: DEFAULT_PASSWORD, centreIds: [centre.id] }, adminToken), 201);
  const { accessToken: staffToken } = await api.must<{ accessToken: string }>(api.post('/api/v1/auth/token', { email, password: DEFAULT_PASSWORD }), 200);
  return { adminToken, staffToken, centreId: centre.id };
}

/** The environment of a child server or worker. */
function appEnv(settings: { databaseUrl: string; redisUrl: string; queuePrefix: string; port?: number }): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: settings.databaseUrl,
    REDIS_URL: settings.redisUrl,
    QUEUE_PREFIX: settings.queuePrefix,
    ESCALE_ADMIN_EMAIL: ADMIN_EMAIL,
    ESCALE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    MFA_REQUIRED_ROLES: 'none',
    OUTBOX_POLL_MS: '100',
    LOG_LEVEL: 'error',
    ...(settings.port ? { PORT: String(settings.port) } : {}),
  };
}

const envOf = (environment: TestEnvironment, port?: number) =>
  appEnv({ databaseUrl: environment.config.databaseUrl, redisUrl: environment.config.redisUrl, queuePrefix: environment.config.queuePrefix, port });

/**
 * A steady stream of requests from `loops` clients, each sending the next request when the
 * last one is answered, until stopped (or until `until` says a loop should end).
 */
function stream(next: (loop: number, sent: number) => Promise<Answer>, loops: number, until: (answer: Answer) => boolean = () => false) {
  const answers: Answer[] = [];
  let stopped = false;
  let sent = 0;
  const running = Array.from({ length: loops }, async (_, loop) => {
    while (!stopped) {
      const answer = await next(loop, sent++);
      answers.push(answer);
      if (until(answer)) return;
    }
  });
  return {
    answers,
    /** Stops sending and waits for the answers still due. */
    async stop(): Promise<Answer[]> {
      stopped = true;
      await Promise.all(running);
      return answers;
    },
    /** Waits until every loop has ended by itself. */
    async ended(): Promise<Answer[]> {
      await Promise.all(running);
      return answers;
    },
  };
}

const CONTRACT_503 = { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'The service is temporarily unavailable.', details: {} };
const describeAnswer = (answer: Answer) => `${answer.method} ${answer.path} → ${answer.status ?? answer.error}${answer.complete ? '' : ' (incomplete)'} ${JSON.stringify(answer.body ?? '').slice(0, 200)}`;

describe('faults', () => {
  let unlock: () => void = () => undefined;
  beforeAll(async () => {
    unlock = await lockPrivateServices();
  }, 200_000);
  afterAll(() => unlock());

  describe('PostgreSQL restarted under load', () => {
    let postgres: PrivatePostgres;
    let database: { name: string; url: string };
    let server: AppProcess | undefined;
    let api: Api;
    let seeded: Seeded;
    const queuePrefix = `t${randomBytes(5).toString('hex')}`;

    beforeAll(async () => {
      postgres = await PrivatePostgres.ensure();
      database = await postgres.createDatabase();
      const port = await freePort();
      server = await startAppProcess('server', appEnv({ databaseUrl: database.url, redisUrl: 'redis://127.0.0.1:6379', queuePrefix, port }));
      api = apiOn(port);
      seeded = await seed(api, 500);
    }, 120_000);

    afterAll(async () => {
      await server?.kill();
      const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true });
      await redis.connect().then(async () => {
        const keys = await redis.keys(`${queuePrefix}:*`);
        if (keys.length) await redis.del(...keys);
      }).catch(() => undefined);
      redis.disconnect();
      if (postgres) {
        await postgres.start();
        if (database) await postgres.dropDatabase(database.name);
        await postgres.stop();
      }
    });

    it('answers 503 in the error contract while it is down, reports it in readiness, and recovers by itself', async () => {
      const { staffToken, centreId } = seeded;
      let checkIns = 0;
      const load = stream(async (loop) => {
        const answer = await (loop < 2 && checkIns++ < 400
          ? api.post(`/api/v1/centres/${centreId}/check-ins`, { person: newPerson() }, staffToken)
          : api.get(`/api/v1/centres/${centreId}/occupancy`, staffToken));
        // Refusals come fast: a short pause keeps the clients from hogging a shared machine.
        if (answer.status === 503) await new Promise((resolve) => setTimeout(resolve, 20));
        return answer;
      }, 6);
      try {
        await waitFor('answers before the restart', () => load.answers.filter((answer) => answer.status === 200 || answer.status === 201).length >= 20);

        await postgres.stop();
        const downAt = Date.now();
        const failed = await waitFor('a failure under load while PostgreSQL is down', () => load.answers.find((answer) => answer.startedAt > downAt && answer.status !== 200 && answer.status !== 201));
        expect({ status: failed.status, body: failed.body, complete: failed.complete, error: failed.error }).toEqual({ status: 503, body: CONTRACT_503, complete: true, error: undefined });

        // Every kind of request answers the same, in the contract's shape, without a trace of the driver.
        for (const answer of [
          await api.get(`/api/v1/centres/${centreId}/occupancy`, staffToken),
          await api.post(`/api/v1/centres/${centreId}/check-ins`, { person: newPerson() }, staffToken),
          await api.post('/api/v1/auth/token', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
        ]) {
          expect({ path: answer.path, status: answer.status, body: answer.body }).toEqual({ path: answer.path, status: 503, body: CONTRACT_503 });
        }
        const ready = await api.get('/health/ready');
        expect(ready.status).toBe(503);
        expect(ready.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { checks: { database: { status: 'down', message: 'database is not answering' } } } });
        expect((await api.get('/health')).status).toBe(200);

        await postgres.start();
        await waitFor('readiness once PostgreSQL is back', async () => (await api.get('/health/ready')).status === 200, 30_000, 200);
        const readyAt = Date.now();
        await waitFor('answers under load once PostgreSQL is back', () => load.answers.filter((answer) => answer.startedAt > readyAt && answer.status === 200).length >= 20, 30_000);
        const answers = await load.stop();

        // Nothing but successes and 503s, always complete, never a hang-up: 503 is the only failure.
        const unexpected = answers.filter((answer) => !answer.complete || ![200, 201, 503].includes(answer.status ?? 0));
        const logged = server!.output().split('\n').filter((line) => line.includes('Unexpected error'));
        expect({ unexpected: unexpected.map(describeAnswer), logged }).toEqual({ unexpected: [], logged: [] });
        for (const answer of answers.filter((one) => one.status === 503)) expect(answer.body).toEqual(CONTRACT_503);
        expect(answers.filter((answer) => answer.status === 503).length).toBeGreaterThan(0);
        // Once readiness says so, the same process serves again: no request fails after it.
        expect(answers.filter((answer) => answer.startedAt > readyAt && answer.status !== 200 && answer.status !== 201).map(describeAnswer)).toEqual([]);
        expect(server!.running()).toBe(true);
      } finally {
        await load.stop();
      }

      // Writes work again, and what was written before the restart is still there.
      const after = await api.must<{ stay: { id: string } }>(api.post(`/api/v1/centres/${centreId}/check-ins`, { person: newPerson() }, staffToken), 201);
      const [row] = await postgres.query<{ stays: number; found: number }>(
        database.name,
        `SELECT count(*)::int AS stays, count(*) FILTER (WHERE id = $1)::int AS found FROM stays`,
        [after.stay.id],
      );
      expect(row.found).toBe(1);
      expect(row.stays).toBeGreaterThan(1);
    }, TEST_TIMEOUT);

    it('stays up when PostgreSQL stops right after a page visit, answers pages with a 503 page, and serves them again once it is back', async () => {
      await postgres.start();
      // A page visit leaves a connection idle in the session store's pool.
      const visit = await api.get('/login');
      expect(visit.status).toBe(200);
      const cookie = ([] as string[]).concat(visit.headers?.['set-cookie'] ?? []).find((one) => one.startsWith('escale.sid='))?.split(';')[0];
      expect(cookie).toBeDefined();

      await postgres.stop();
      const page = await api.get('/', undefined, { headers: { Cookie: cookie! } });
      // A pool error with no listener would have ended the process: the answer would be a hang-up.
      expect({ status: page.status, type: page.headers?.['content-type'], error: page.error }).toEqual({ status: 503, type: expect.stringContaining('text/html'), error: undefined });
      expect(String(page.body)).not.toMatch(/node_modules|ECONNREFUSED|at [\w.]+ \(/);
      expect((await api.get('/health')).status).toBe(200);
      expect(server!.running()).toBe(true);

      await postgres.start();
      await waitFor('readiness once PostgreSQL is back', async () => (await api.get('/health/ready')).status === 200, 30_000, 200);
      const again = await api.get('/', undefined, { headers: { Cookie: cookie! } });
      expect(again.status).toBeLessThan(500);
      expect(server!.output()).not.toContain('Unexpected error');
    }, TEST_TIMEOUT);
  });

  describe('Redis down', () => {
    let redis: PrivateRedis;
    let environment: TestEnvironment;
    let server: AppProcess | undefined;
    let worker: AppProcess | undefined;
    let api: Api;
    let seeded: Seeded;
    let db: pg.Client;

    beforeAll(async () => {
      redis = new PrivateRedis();
      await redis.start();
      environment = await testEnvironment({ REDIS_URL: redis.url });
      const port = await freePort();
      const [started, startedWorker] = await Promise.allSettled([startAppProcess('server', envOf(environment, port)), startAppProcess('worker', envOf(environment))]);
      if (started.status === 'fulfilled') server = started.value;
      if (startedWorker.status === 'fulfilled') worker = startedWorker.value;
      for (const result of [started, startedWorker]) if (result.status === 'rejected') throw result.reason;
      api = apiOn(port);
      seeded = await seed(api, 10);
      db = new pg.Client({ connectionString: environment.config.databaseUrl });
      await db.connect();
      // The welcome message of the new user went through Redis: the outbox is drained.
      await waitFor('the outbox to drain', async () => (await db.query(`SELECT 1 FROM outbox_messages WHERE completed_at IS NULL`)).rowCount === 0, 30_000);
    }, 120_000);

    afterAll(async () => {
      await Promise.all([server?.kill(), worker?.kill()]);
      await db?.end();
      await redis?.kill();
      await environment?.close();
    });

    it('keeps taking check-ins into the outbox, reports Redis in readiness, refuses logins with 503, and delivers the jobs once Redis is back', async () => {
      const { staffToken, centreId } = seeded;
      await redis.kill();

      const ready = await waitFor('readiness to report Redis down', async () => {
        const answer = await api.get('/health/ready');
        return answer.status === 503 ? answer : undefined;
      });
      expect(ready.body).toEqual({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'The service is temporarily unavailable.', details: { checks: { redis: { status: 'down', message: 'redis is not answering' } } } });
      expect((await api.get('/health')).status).toBe(200);

      // Check-ins commit, with their jobs in the outbox.
      const stayIds: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const checked = await api.must<{ stay: { id: string } }>(api.post(`/api/v1/centres/${centreId}/check-ins`, { person: newPerson() }, staffToken), 201);
        stayIds.push(checked.stay.id);
      }
      const pending = await db.query(`SELECT id FROM outbox_messages WHERE payload->>'stayId' = ANY($1) AND completed_at IS NULL`, [stayIds]);
      expect(pending.rowCount).toBeGreaterThanOrEqual(stayIds.length);
      await api.must(api.get(`/api/v1/centres/${centreId}/occupancy`, staffToken), 200);

      // Logging in counts failures in Redis, shared by every server: without it, logins fail closed.
      const login = await api.post('/api/v1/auth/token', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      expect({ status: login.status, body: login.body }).toEqual({ status: 503, body: CONTRACT_503 });
      const wrong = await api.post('/api/v1/auth/token', { email: ADMIN_EMAIL, password: 'not-the-password' });
      expect(wrong.status).toBe(503);
      expect(server!.running() && worker!.running()).toBe(true);

      await redis.start();
      // The relay enqueues what the outbox held, and the worker makes each person's notice.
      await waitFor(
        'the outbox rows written while Redis was down to be done',
        async () => (await db.query(`SELECT 1 FROM outbox_messages WHERE id = ANY($1) AND completed_at IS NOT NULL`, [pending.rows.map((row) => row.id)])).rowCount === pending.rowCount,
        60_000,
        200,
      );
      const notices = await db.query(`SELECT stay_id FROM notices WHERE stay_id = ANY($1) AND type = 'rights_on_arrival'`, [stayIds]);
      expect(notices.rows.map((row) => row.stay_id).sort()).toEqual([...stayIds].sort());
      await waitFor('readiness once Redis is back', async () => (await api.get('/health/ready')).status === 200, 30_000, 200);
      await api.must(api.post('/api/v1/auth/token', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }), 200);
      expect(server!.running() && worker!.running()).toBe(true);
    }, TEST_TIMEOUT);
  });

  describe('SIGTERM under load', () => {
    let environment: TestEnvironment;
    let port: number;
    let server: AppProcess | undefined;
    let worker: AppProcess | undefined;
    let api: Api;
    let seeded: Seeded;
    let db: pg.Client;

    beforeAll(async () => {
      environment = await testEnvironment();
      port = await freePort();
      server = await startAppProcess('server', envOf(environment, port));
      api = apiOn(port);
      seeded = await seed(api, 400);
      db = new pg.Client({ connectionString: environment.config.databaseUrl });
      await db.connect();
    }, 120_000);

    afterAll(async () => {
      await Promise.all([server?.kill(), worker?.kill()]);
      await db?.end();
      await environment?.close();
    });

    it('the worker finishes the jobs it is running before it exits 0, leaving none stalled or half done', async () => {
      const { staffToken, centreId } = seeded;
      // The jobs of the check-ins above are not this test's: only those of its own check-ins run.
      await db.query(`UPDATE outbox_messages SET enqueued_at = now(), completed_at = now() WHERE completed_at IS NULL`);
      worker = await startAppProcess('worker', envOf(environment));

      // While this transaction holds the notices table, a job making a notice waits in its insert.
      const redis = new Redis(environment.config.redisUrl);
      const blocker = new pg.Client({ connectionString: environment.config.databaseUrl });
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE notices IN SHARE MODE');
      let committed = false;
      try {
        const stayIds: string[] = [];
        for (let i = 0; i < 4; i += 1) {
          const checked = await api.must<{ stay: { id: string } }>(api.post(`/api/v1/centres/${centreId}/check-ins`, { person: newPerson() }, staffToken), 201);
          stayIds.push(checked.stay.id);
        }
        const jobIds = (await db.query(`SELECT id FROM outbox_messages WHERE payload->>'stayId' = ANY($1)`, [stayIds])).rows.map((row) => row.id as string);
        expect(jobIds).toHaveLength(stayIds.length);
        await waitFor(
          'the jobs to be running, held at the notices table',
          async () => {
            const active = await redis.lrange(`${environment.config.queuePrefix}:notices:active`, 0, -1);
            const [{ n: waiting }] = (await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rows;
            return jobIds.every((id) => active.includes(id)) && waiting >= jobIds.length;
          },
          30_000,
        );

        worker!.child.kill('SIGTERM');
        // Shutting down, it waits for its running jobs; give the signal time to be handled.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(worker!.running()).toBe(true);
        await blocker.query('COMMIT');
        committed = true;

        const exit = await Promise.race([worker!.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 30_000).unref())]);
        expect(exit).toEqual({ code: 0, signal: null });

        const outbox = await db.query(
          `SELECT payload->>'stayId' AS stay_id, completed_at IS NOT NULL AS done, attempts, last_error FROM outbox_messages WHERE payload->>'stayId' = ANY($1) AND job_name = 'prepare-person-notice'`,
          [stayIds],
        );
        const sorted = <T extends { stay_id: string }>(rows: T[]) => [...rows].sort((a, b) => a.stay_id.localeCompare(b.stay_id));
        expect(sorted(outbox.rows)).toEqual(sorted(stayIds.map((id) => ({ stay_id: id, done: true, attempts: 0, last_error: null }))));
        const notices = await db.query(`SELECT stay_id FROM notices WHERE stay_id = ANY($1) AND type = 'rights_on_arrival'`, [stayIds]);
        expect(notices.rows.map((row) => row.stay_id).sort()).toEqual([...stayIds].sort());
        // No job left active for another worker to take back as stalled, none failed.
        expect(await redis.llen(`${environment.config.queuePrefix}:notices:active`)).toBe(0);
        expect(await redis.zcard(`${environment.config.queuePrefix}:notices:failed`)).toBe(0);
        // Nothing logged at error level or above.
        expect(worker!.output()).not.toMatch(/"level":(50|60)/);
      } finally {
        if (!committed) await blocker.query('ROLLBACK').catch(() => undefined);
        await blocker.end();
        redis.disconnect();
        await worker!.kill();
      }
    }, TEST_TIMEOUT);

    it('the server answers every request it had taken, refuses new connections, and exits 0', async () => {
      if (!server?.running()) server = await startAppProcess('server', envOf(environment, port));
      const { staffToken, centreId } = seeded;
      const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
      // Check-ins whose body is held back until the server has begun shutting down.
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      let heldTaken = 0;
      const held = Array.from({ length: 4 }, () =>
        api.post(`/api/v1/centres/${centreId}/check-ins`, { person: newPerson() }, staffToken, { expectContinue: true, hold: released, onContinue: () => (heldTaken += 1) }),
      );
      let checkIns = 0;
      const load = stream(
        (loop) => {
          const options: CallOptions = { expectContinue: true, ...(loop === 0 ? { agent: keepAlive } : {}) };
          return loop % 2 === 1 && checkIns++ < 300
            ? api.post(`/api/v1/centres/${centreId}/check-ins`, { person: newPerson() }, staffToken, options)
            : api.get(`/api/v1/centres/${centreId}/occupancy`, staffToken, options);
        },
        6,
        // A client stops once the server no longer takes its connections.
        (answer) => !answer.continued,
      );
      let sigtermAt = Number.POSITIVE_INFINITY;
      try {
        await waitFor('answers before SIGTERM', () => load.answers.filter((answer) => answer.status === 200 || answer.status === 201).length >= 30);
        await waitFor('the server to have read the held check-ins', () => heldTaken === held.length);
        const heldAnswers = Promise.all(held);
        sigtermAt = Date.now();
        server!.child.kill('SIGTERM');

        await waitFor('new connections to be refused', async () => (await connectOutcome(port)) === 'refused');
        // It cannot be gone: it owes the held check-ins an answer.
        expect(server!.running()).toBe(true);
        release();
        const answers = await heldAnswers;
        for (const answer of answers) {
          expect({ status: answer.status, complete: answer.complete, continued: answer.continued }).toEqual({ status: 201, complete: true, continued: true });
          expect(answer.body).toMatchObject({ stay: { id: expect.any(String) } });
        }
        const exit = await Promise.race([server!.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 30_000).unref())]);
        expect(exit).toEqual({ code: 0, signal: null });

        const streamed = await load.ended();
        // Each request the server read got a whole, successful answer.
        const taken = streamed.filter((answer) => answer.continued);
        expect(taken.filter((answer) => !answer.complete || answer.error || ![200, 201].includes(answer.status ?? 0)).map(describeAnswer)).toEqual([]);
        // The others were never read: refused (or reset in the listen queue), and only after SIGTERM.
        const notTaken = streamed.filter((answer) => !answer.continued);
        expect(notTaken.filter((answer) => answer.status !== undefined || answer.endedAt < sigtermAt || !['ECONNREFUSED', 'ECONNRESET'].includes(answer.error ?? '')).map(describeAnswer)).toEqual([]);
        expect(taken.filter((answer) => answer.endedAt >= sigtermAt).length).toBeGreaterThanOrEqual(held.length);
        // The held check-ins were committed.
        const ids = answers.map((answer) => (answer.body as { stay: { id: string } }).stay.id);
        expect((await db.query(`SELECT id FROM stays WHERE id = ANY($1)`, [ids])).rowCount).toBe(ids.length);
        expect(server!.output()).not.toContain('Unexpected error');
      } finally {
        release();
        keepAlive.destroy();
        await server!.kill();
        await load.stop();
      }
    }, TEST_TIMEOUT);
  });
});
