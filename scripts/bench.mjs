// npm run bench: the built server (and worker) on a database filled by `npm run seed:scale`,
// measured with autocannon against two ceilings taken in the same run: the bare framework
// (GET /health) and the same database work issued as plain SQL. Results go to
// bench-results/latest.json and, as a table, to stdout.
import { loadavg } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { apiToken, load, pageSession } from './bench/http.mjs';
import { assertBuilt, benchEnvironment, freePort, ROOT, startServer, startWorker, stop } from './bench/processes.mjs';
import { dataset, judge, machine, table } from './bench/report.mjs';
import { pickRecords, readScenarios, runRead } from './bench/scenarios.mjs';
import { runBoat, runCheckIns } from './bench/check-ins.mjs';
import { pgbenchCeiling } from './bench/pgbench.mjs';
import { sqlPool } from './bench/sql.mjs';
import { bullmqCeiling, htmlLengthOf, noticeSqlCeiling, noticesScenario, outboxIdle } from './bench/worker.mjs';

const PASSWORD = 'escale-scale-2026';
const USAGE = `Usage: npm run bench -- [--database postgres://…/escale_scale] [--duration 10] [--connections 10]
                       [--boats 5] [--notices 10000] [--only board,search,…] [--skip worker,…]
                       [--baseline bench-results/10k.json] [--save bench-results/<name>.json]
       npm run bench -- --show bench-results/latest.json [--baseline bench-results/10k.json]

Runs the built server (npm run build) on a database filled by npm run seed:scale; --show prints
the table of an earlier run again, judged against a baseline run when one is given.`;

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    boats: { type: 'string', default: '5' },
    notices: { type: 'string', default: '10000' },
    only: { type: 'string' },
    skip: { type: 'string' },
    baseline: { type: 'string' },
    save: { type: 'string' },
    show: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

/** The generated database: --database, or escale_scale on the server DATABASE_URL names. */
function databaseUrl() {
  if (values.database) return values.database;
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/escale');
  url.pathname = '/escale_scale';
  return url.toString();
}

const settings = {
  durationSeconds: Number(values.duration),
  connections: Number(values.connections),
  boats: Number(values.boats),
  notices: Number(values.notices),
  poolSize: 10,
};
const wanted = (key) => (!values.only || values.only.split(',').some((name) => key.startsWith(name))) && !(values.skip ?? '').split(',').filter(Boolean).some((name) => key.startsWith(name));
const say = (line) => process.stdout.write(`${line}\n`);

async function main() {
  assertBuilt();
  const url = databaseUrl();
  const pool = sqlPool(url, settings.poolSize);
  const env = benchEnvironment(url, await freePort());
  // The tables that work as queues fill and empty all day: without autovacuum (off on some
  // development machines) their dead rows slow every read of them. Production vacuums them.
  await pool.query('VACUUM (ANALYZE) audit_pending, outbox_messages, sessions, notices');
  const results = { startedAt: new Date().toISOString(), settings, machine: await machine(pool), dataset: await dataset(pool), ceilings: {}, scenarios: [] };
  say(`Benchmarking ${results.dataset.name}: ${(results.dataset.rows.stays ?? 0).toLocaleString('en-GB')} stays (server and worker output in bench-results/*.log)`);
  const server = await startServer(env);
  // The worker runs throughout, as in production: it relays the outbox and seals the audit chain in the background.
  let worker = startWorker(env);
  try {
    await outboxIdle(pool, 180_000);
    const tokens = {
      staff: await apiToken(server.url, 'staff@scale.example', PASSWORD),
      caseworker: await apiToken(server.url, 'caseworker@scale.example', PASSWORD),
      funder: await apiToken(server.url, 'funder@scale.example', PASSWORD),
      // Admins and auditors read the reports unsuppressed; an admin must enrol a second factor before any token, an auditor need not.
      auditor: await apiToken(server.url, 'auditor@scale.example', PASSWORD),
    };
    const cookies = {
      staff: await pageSession(server.url, 'staff@scale.example', PASSWORD),
      caseworker: await pageSession(server.url, 'caseworker@scale.example', PASSWORD),
    };
    const records = await pickRecords(pool);
    // Warm both sides up (connections, caches, the JIT) before anything is timed.
    await load({ url: `${server.url}/health`, connections: settings.connections, duration: 2 });

    say('Ceiling: bare framework (GET /health)…');
    const { latencies, ...framework } = await load({ url: `${server.url}/health`, connections: settings.connections, duration: settings.durationSeconds });
    results.ceilings.framework = framework;

    if (wanted('boat')) {
      say(`Boat: ${settings.boats} boats of 60 through the arrivals endpoint…`);
      results.scenarios.push(await runBoat({ server, pool, records, token: tokens.staff, rounds: settings.boats }));
    }
    if (wanted('check')) {
      say(`Check-in: ${settings.boats} × 60 at once, the same in plain SQL, then 30 one at a time…`);
      results.scenarios.push(...(await runCheckIns({ server, pool, records, token: tokens.staff, rounds: settings.boats })));
      say('Ceiling: a plain six-statement write transaction (pgbench TPC-B-like, 10 clients)…');
      results.ceilings.pgbench = await pgbenchCeiling({ pool, databaseUrl: url, seconds: settings.durationSeconds });
      if (!results.ceilings.pgbench.available) say(`  ${results.ceilings.pgbench.note}`);
    }
    if (wanted('report')) {
      // Funders read published months; the nightly job publishes each once it is final. A
      // freshly seeded database has none yet: publish them first, a year per request, untimed.
      say('Publishing the final months funders read, as the nightly job does…');
      for (let year = Number(records.period.from.slice(0, 4)); year <= Number(records.period.to.slice(0, 4)); year += 1) {
        const response = await fetch(`${server.url}/api/v1/reports/occupancy?from=${year}-01-01&to=${year}-12-31`, { headers: { authorization: `Bearer ${tokens.funder}` } });
        if (!response.ok) throw new Error(`publishing ${year} answered ${response.status}`);
      }
    }
    for (const scenario of readScenarios({ records, tokens, cookies })) {
      if (!wanted(scenario.key)) continue;
      say(`${scenario.title}…`);
      await load({ url: server.url, connections: 2, amount: 4, requests: scenario.paths.map((path) => ({ path, headers: scenario.headers })) }).catch(() => undefined);
      results.scenarios.push(await runRead(scenario, { server, pool, connections: settings.connections, durationSeconds: settings.durationSeconds }));
    }
    if (wanted('worker')) {
      say(`Worker: ${settings.notices.toLocaleString('en-GB')} notices, then the ceilings…`);
      const notices = await noticesScenario({ pool, count: settings.notices });
      // The ceilings run without the worker, which would otherwise compete with them.
      await stop(worker);
      worker = undefined;
      const queueCeiling = await bullmqCeiling({ redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: env.QUEUE_PREFIX, count: settings.notices });
      const sqlCeiling = await noticeSqlCeiling({ pool, count: settings.notices, exclude: notices.stays, htmlLength: await htmlLengthOf(pool, notices.stays) });
      const { stays, ...kept } = notices;
      results.worker = { notices: kept, queueCeiling, sqlCeiling };
    }
  } finally {
    await stop(worker);
    await stop(server.child);
  }
  results.finishedAt = new Date().toISOString();
  results.machine.loadAverageAtEnd = loadavg().map((value) => Math.round(value * 100) / 100);
  const baseline = values.baseline ? JSON.parse(readFileSync(values.baseline, 'utf8')) : undefined;
  judge(results, baseline);
  await pool.end();
  const folder = join(ROOT, 'bench-results');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (values.save) writeFileSync(values.save, `${JSON.stringify(results, null, 2)}\n`);
  say('');
  say(table(results));
  say('');
  say(`Written to bench-results/latest.json${values.save ? ` and ${values.save}` : ''}.`);
}

function show() {
  const results = JSON.parse(readFileSync(values.show, 'utf8'));
  // Judged again, so that an earlier run is read against today's targets.
  judge(results, values.baseline ? JSON.parse(readFileSync(values.baseline, 'utf8')) : undefined);
  say(table(results));
}

(values.show ? Promise.resolve().then(show) : main()).catch((error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
