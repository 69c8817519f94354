// Private PostgreSQL and Redis for the fault tests, which stop and restart them while other
// test files use the shared services on 5432 and 6379; and the built server and worker run as
// child processes, as in production, so they can be signalled.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);

export const PRIVATE_PG_VERSION = '15';
export const PRIVATE_PG_CLUSTER = 'escale_faults';
export const PRIVATE_PG_PORT = 5439;
export const PRIVATE_REDIS_PORT = 6389;

const LOCK_FILE = join(tmpdir(), 'escale-faults.lock');
const REDIS_PID_FILE = join(tmpdir(), 'escale-faults-redis.pid');
const MIGRATE = 'dist/libs/schema/src/migrate.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Polls `check` until it returns a truthy value; fails naming `what` when the deadline passes. */
export async function waitFor<T>(what: string, check: () => Promise<T> | T, timeoutMs = 20_000, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await pause(everyMs);
  }
}

/**
 * One run at a time may own the private services: two runs on one machine would stop each
 * other's PostgreSQL. A lock left by a process that died is taken over.
 */
export async function lockPrivateServices(timeoutMs = 180_000): Promise<() => void> {
  const owner = String(process.pid);
  await waitFor(
    'the private services lock',
    () => {
      try {
        writeFileSync(LOCK_FILE, owner, { flag: 'wx' });
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = Number(readFileSync(LOCK_FILE, 'utf8').trim());
      if (!holder || !isAlive(holder)) unlinkSync(LOCK_FILE);
      return false;
    },
    timeoutMs,
    250,
  );
  return () => {
    if (existsSync(LOCK_FILE) && readFileSync(LOCK_FILE, 'utf8').trim() === owner) unlinkSync(LOCK_FILE);
  };
}

/** A port nothing listens on, for a child server. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** What a TCP connection to 127.0.0.1:port meets: a listener, a refusal (nothing listens), or another failure. */
export function connectOutcome(port: number): Promise<'connected' | 'refused' | 'failed'> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (result: 'connected' | 'refused' | 'failed') => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(2_000, () => done('failed'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED' ? 'refused' : 'failed'));
    socket.connect(port, '127.0.0.1', () => done('connected'));
  });
}

/**
 * A PostgreSQL cluster of its own on port 5439 (Debian's `pg_createcluster`, trust
 * authentication, listening on localhost), created once and kept, stopped after use. It runs as
 * the postgres user: managing it needs root, as CI has.
 */
export class PrivatePostgres {
  readonly port = PRIVATE_PG_PORT;

  /** Creates the cluster if it is missing, and starts it. */
  static async ensure(): Promise<PrivatePostgres> {
    if (process.getuid?.() !== 0) {
      throw new Error(`the fault tests manage a PostgreSQL cluster of their own with pg_createcluster/pg_ctlcluster, which needs root (as in CI)`);
    }
    const postgres = new PrivatePostgres();
    if (!existsSync(`/etc/postgresql/${PRIVATE_PG_VERSION}/${PRIVATE_PG_CLUSTER}`)) {
      // Durability does not matter for a throw-away cluster; speed on a busy machine does.
      await execFileAsync('pg_createcluster', [
        PRIVATE_PG_VERSION, PRIVATE_PG_CLUSTER, '--port', String(PRIVATE_PG_PORT), '--start-conf', 'manual',
        '-o', 'fsync=off', '-o', 'synchronous_commit=off', '-o', 'full_page_writes=off',
        '--', '--auth=trust',
      ]);
    }
    await postgres.start();
    await postgres.dropLeftovers();
    return postgres;
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private ctl(action: 'start' | 'stop' | 'status', ...options: string[]) {
    return execFileAsync('pg_ctlcluster', ['--skip-systemctl-redirect', ...options, PRIVATE_PG_VERSION, PRIVATE_PG_CLUSTER, action]);
  }

  async isRunning(): Promise<boolean> {
    try {
      await this.ctl('status');
      return true;
    } catch {
      return false;
    }
  }

  /** Starts the cluster if it is down and waits until it takes queries. */
  async start(): Promise<void> {
    if (!(await this.isRunning())) await this.ctl('start');
    await waitFor('the private PostgreSQL to take queries', () => this.answers(), 30_000, 200);
  }

  /** Stops the cluster, ending every session at once (what a restart or a failover does). */
  async stop(): Promise<void> {
    if (await this.isRunning()) await this.ctl('stop', '--mode', 'fast');
  }

  async answers(): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.url(), connectionTimeoutMillis: 2_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async query<R extends pg.QueryResultRow>(database: string, sql: string, params: unknown[] = []): Promise<R[]> {
    const client = new pg.Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query<R>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  /** A database of this run with the schema built by the real migrations; its URL. */
  async createDatabase(): Promise<{ name: string; url: string }> {
    const name = `escale_faults_${process.pid}_${randomBytes(4).toString('hex')}`;
    const url = this.url(name);
    if (!existsSync(MIGRATE)) throw new Error(`${MIGRATE} is missing: run "npm run build" first`);
    await execFileAsync(process.execPath, [MIGRATE], { env: { PATH: process.env.PATH ?? '', DATABASE_URL: url } });
    return { name, url };
  }

  async dropDatabase(name: string): Promise<void> {
    await this.query('postgres', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }

  /** Databases an earlier run left when it died. */
  private async dropLeftovers(): Promise<void> {
    const rows = await this.query<{ datname: string }>('postgres', `SELECT datname FROM pg_database WHERE datname LIKE 'escale\\_faults\\_%'`);
    for (const { datname } of rows) {
      const pid = Number(datname.split('_')[2]);
      if (!isAlive(pid)) await this.dropDatabase(datname);
    }
  }
}

/** A Redis of its own, with nothing kept on disk: killing it loses every queue, as a crash would. */
export class PrivateRedis {
  readonly port = PRIVATE_REDIS_PORT;
  readonly url = `redis://127.0.0.1:${PRIVATE_REDIS_PORT}`;
  private child?: ChildProcess;

  async start(): Promise<void> {
    if (this.child) return;
    this.killLeftover();
    if ((await connectOutcome(this.port)) !== 'refused') throw new Error(`port ${this.port} is taken: the private Redis cannot start`);
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    writeFileSync(REDIS_PID_FILE, String(child.pid));
    await waitFor('the private Redis to answer', () => this.answers(), 20_000);
  }

  /** Kills it at once and waits until the port is closed. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    if (existsSync(REDIS_PID_FILE)) unlinkSync(REDIS_PID_FILE);
    await waitFor('the private Redis port to close', async () => (await connectOutcome(this.port)) === 'refused', 10_000);
  }

  /** PING answers PONG. */
  answers(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = new Socket();
      let reply = '';
      const done = (result: boolean) => {
        socket.destroy();
        resolve(result);
      };
      socket.setTimeout(1_000, () => done(false));
      socket.once('error', () => done(false));
      socket.on('data', (chunk) => {
        reply += chunk.toString();
        if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
      });
      socket.connect(this.port, '127.0.0.1', () => socket.write('PING\r\n'));
    });
  }

  /** A Redis an earlier run started and could not stop, found by its pid file and command line. */
  private killLeftover(): void {
    if (!existsSync(REDIS_PID_FILE)) return;
    const pid = Number(readFileSync(REDIS_PID_FILE, 'utf8').trim());
    unlinkSync(REDIS_PID_FILE);
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (command.includes('redis-server') && command.includes(String(this.port))) process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

export interface AppProcess {
  readonly child: ChildProcess;
  /** What it printed so far (stdout and stderr), for failure messages. */
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
  /** SIGKILL if it is still running; for clean-up. */
  kill(): Promise<void>;
}

/**
 * The built server or worker (`node dist/apps/<app>/src/main.js`) with only the given
 * environment, resolved once it prints that it has started.
 */
export async function startAppProcess(app: 'server' | 'worker', env: Record<string, string>, timeoutMs = 45_000): Promise<AppProcess> {
  const child = spawn(process.execPath, [`dist/apps/${app}/src/main.js`], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    }),
  );
  const ready = app === 'server' ? 'Escale server listening' : 'Escale worker started';
  try {
    await waitFor(`the ${app} to start`, () => {
      if (!running) throw new Error(`the ${app} exited while starting:\n${output}`);
      return output.includes(ready);
    }, timeoutMs);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    child,
    output: () => output,
    exited,
    running: () => running,
    async kill() {
      if (!running) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
