// Starts the built server and worker on a free port, against the benchmark database, and stops them.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { once } from 'node:events';

export const ROOT = new URL('../../', import.meta.url).pathname;
const SERVER = join(ROOT, 'dist/apps/server/src/main.js');
const WORKER = join(ROOT, 'dist/apps/worker/src/main.js');
const CAPTURE = new URL(process.env.BENCH_CAPTURE ?? './capture-sql.mjs', import.meta.url).href;

export function assertBuilt() {
  for (const file of [SERVER, WORKER]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first`);
  }
}

export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** The environment both processes share: the bench database, its own queue prefix, production settings. */
export function benchEnvironment(databaseUrl, port) {
  return {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    QUEUE_PREFIX: `bench${randomBytes(4).toString('hex')}`,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    AUDIT_ANCHOR_KEY: randomBytes(32).toString('hex'),
    COOKIE_SECURE: 'false',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    NODE_OPTIONS: '',
  };
}

/** Output goes straight to bench-results/<name>.log: the bench process never relays it. */
function start(file, env, name, extraArgs = []) {
  const folder = join(ROOT, 'bench-results');
  mkdirSync(folder, { recursive: true });
  const log = openSync(join(folder, `${name}.log`), 'w');
  return spawn(process.execPath, [...extraArgs, file], { env, stdio: ['ignore', log, log, 'ipc'] });
}

export async function startServer(env) {
  const child = start(SERVER, env, 'server', ['--import', CAPTURE]);
  const url = `http://127.0.0.1:${env.PORT}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server stopped at start (exit ${child.exitCode}); see bench-results/server.log`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 60_000) throw new Error('the server did not answer /health within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    child,
    /** The SQL the server sends while `work` runs. */
    async captureSql(work) {
      child.send({ capture: 'start' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      await work();
      const reply = once(child, 'message');
      child.send({ capture: 'stop' });
      const [message] = await reply;
      return message.captured;
    },
  };
}

export function startWorker(env) {
  return start(WORKER, env, 'worker');
}

export async function stop(child) {
  if (!child || child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await once(child, 'exit');
  clearTimeout(timer);
}
