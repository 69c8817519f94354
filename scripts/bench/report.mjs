// The results: the machine they ran on, each scenario against its ceilings and target, as JSON and as a table.
import { cpus, loadavg, totalmem } from 'node:os';
import { TARGETS } from './scenarios.mjs';
import { readChecks } from './targets.mjs';

export async function machine(pool) {
  const [{ version, autovacuum }] = (await pool.query(`SELECT current_setting('server_version') AS version, current_setting('autovacuum') AS autovacuum`)).rows;
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    postgres: version,
    autovacuum,
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

/** Rows per table, as PostgreSQL's statistics count them (exact enough, and instant on a million rows). */
export async function dataset(pool) {
  const { rows } = await pool.query(
    `SELECT relname AS table, GREATEST(reltuples, 0)::bigint AS rows FROM pg_class
      WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace
        AND relname IN ('centres', 'beds', 'people', 'stays', 'cases', 'welfare_checks', 'notices', 'referrals', 'tasks', 'audit_events', 'spend_entries')
      ORDER BY relname`,
  );
  const [{ comment }] = (await pool.query(`SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = current_database()`)).rows;
  let generated = null;
  try {
    generated = comment ? JSON.parse(comment) : null;
  } catch {
    generated = null;
  }
  return { name: (await pool.query('SELECT current_database() AS name')).rows[0].name, generated, rows: Object.fromEntries(rows.map((row) => [row.table, Number(row.rows)])) };
}

const ratio = (a, b) => (a && b ? Math.round((a / b) * 1000) / 1000 : null);

/** Each scenario's ratios to the two ceilings, and whether it meets its target. */
export function judge(results, baseline) {
  const framework = results.ceilings.framework.rps;
  for (const scenario of results.scenarios) {
    if (!scenario.available) continue;
    const pgbench = results.ceilings.pgbench?.available ? results.ceilings.pgbench.tps : null;
    scenario.ratios = { toFramework: ratio(scenario.http.rps, framework), toSql: ratio(scenario.http.rps, scenario.sql?.rps), ...(scenario.target?.toPgbench ? { toPgbench: ratio(scenario.http.rps, pgbench) } : {}) };
    // Pages, search and reports are judged on the performance work's targets (targets.mjs).
    const checks = readChecks(scenario, baseline);
    if (checks.length === 0) judgeOther(scenario, baseline, checks);
    if (scenario.http.errors > 0) checks.push({ what: 'no errors', value: scenario.http.errors, met: false });
    scenario.checks = checks;
  }
  if (results.worker?.notices) {
    const worker = results.worker;
    worker.ratios = { toQueue: ratio(worker.notices.perSecond, worker.queueCeiling?.perSecond), toSql: ratio(worker.notices.perSecond, worker.sqlCeiling?.perSecond) };
    worker.checks = [{ what: `≥ ${TARGETS.noticesPerSecond} notices/s`, value: worker.notices.perSecond, met: worker.notices.perSecond >= TARGETS.noticesPerSecond }];
  }
  return results;
}

/** The checks of the scenarios with no target of their own in targets.mjs. */
function judgeOther(scenario, baseline, checks) {
  if (scenario.target?.p95) checks.push({ what: `p95 ≤ ${scenario.target.p95} ms`, value: scenario.http.p95, met: scenario.http.p95 !== null && scenario.http.p95 <= scenario.target.p95 });
  if (scenario.target?.p95 && scenario.alone) checks.push({ what: `p95 ≤ ${scenario.target.p95} ms one user at a time`, value: scenario.alone.p95, met: scenario.alone.p95 !== null && scenario.alone.p95 <= scenario.target.p95 });
  if (scenario.target?.toSql) checks.push({ what: `≥ ${scenario.target.toSql} × plain SQL rate`, value: scenario.ratios.toSql, met: scenario.ratios.toSql !== null && scenario.ratios.toSql >= scenario.target.toSql });
  if (scenario.target?.toPgbench) {
    // Without pgbench the check is reported as not measured, never as met.
    const value = scenario.ratios.toPgbench ?? null;
    checks.push({ what: `≥ ${scenario.target.toPgbench} × pgbench write transactions/s`, value: value ?? 'pgbench missing', met: value !== null && value >= scenario.target.toPgbench });
  }
  const before = baseline?.scenarios?.find((entry) => entry.key === scenario.key && entry.available);
  if (before) {
    const growth = ratio(scenario.http.p95, before.http.p95);
    scenario.growth = { baselineStays: baseline.dataset?.rows?.stays ?? null, baselineP95: before.http.p95, p95Ratio: growth };
    checks.push({ what: `p95 ≤ ${TARGETS.latencyGrowth} × at ${baseline.dataset?.rows?.stays ?? '?'} stays`, value: growth, met: growth !== null && growth <= TARGETS.latencyGrowth });
  }
}

const pad = (value, width, right = false) => {
  const text = value === null || value === undefined ? '—' : String(value);
  return right ? text.padEnd(width) : text.padStart(width);
};

export function table(results) {
  const lines = [];
  const { machine: m, dataset: d } = results;
  lines.push(`Escale bench — ${results.finishedAt}`);
  lines.push(`Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGb} GB, Node ${m.node}, PostgreSQL ${m.postgres}; load average at start ${m.loadAverageAtStart.join(' ')}`);
  lines.push(`Database: ${d.name}, ${(d.rows.stays ?? 0).toLocaleString('en-GB')} stays, ${(d.rows.people ?? 0).toLocaleString('en-GB')} people, ${(d.rows.notices ?? 0).toLocaleString('en-GB')} notices`);
  lines.push(
    `Each scenario: ${results.settings.connections} connections for ${results.settings.durationSeconds} s, at least 20 answers (reports: 6, one at a time); plain SQL on a pool of ${results.settings.poolSize}, as the server's.`,
  );
  lines.push('');
  const header = `${pad('scenario', 40, true)} ${pad('req/s', 8)} ${pad('p50 ms', 8)} ${pad('p95 ms', 8)} ${pad('p99 ms', 8)} ${pad('×health', 8)} ${pad('SQL r/s', 8)} ${pad('×SQL', 7)}  target`;
  lines.push(header);
  lines.push('-'.repeat(header.length + 20));
  const f = results.ceilings.framework;
  lines.push(`${pad('Ceiling: bare framework GET /health', 40, true)} ${pad(f.rps, 8)} ${pad(f.p50, 8)} ${pad(f.p95, 8)} ${pad(f.p99, 8)} ${pad('1', 8)} ${pad('', 8)} ${pad('', 7)}`);
  const pg = results.ceilings.pgbench;
  if (pg?.available) lines.push(`${pad('Ceiling: pgbench write transaction', 40, true)} ${pad(pg.tps, 8)} ${pad('', 8)} ${pad('', 8)} ${pad('', 8)} ${pad('', 8)} ${pad('', 8)} ${pad('', 7)}  ${pg.what}, latency average ${pg.latencyMs} ms`);
  else if (pg) lines.push(`${pad('Ceiling: pgbench write transaction', 40, true)} ${pg.note}`);
  for (const s of results.scenarios) {
    if (!s.available) {
      lines.push(`${pad(s.title, 40, true)} ${s.note}`);
      continue;
    }
    const verdict = [
      ...(s.ratios?.toPgbench !== undefined ? [`×pgbench ${s.ratios.toPgbench ?? '—'}`] : []),
      ...(s.checks ?? []).map((check) => `${check.met ? 'met' : 'MISSED'}: ${check.what} (${check.value})`),
    ].join('; ');
    lines.push(
      `${pad(s.title, 40, true)} ${pad(s.http.rps, 8)} ${pad(s.http.p50, 8)} ${pad(s.http.p95, 8)} ${pad(s.http.p99, 8)} ${pad(s.ratios.toFramework, 8)} ${pad(s.sql?.rps, 8)} ${pad(s.ratios.toSql, 7)}  ${verdict}`,
    );
  }
  if (results.worker) {
    const w = results.worker;
    lines.push('');
    if (w.notices) {
      lines.push(
        `Worker: ${w.notices.notices.toLocaleString('en-GB')} notices in ${w.notices.seconds} s = ${w.notices.perSecond} notices/s (outbox to rendered p50 ${w.notices.p50} ms, p95 ${w.notices.p95} ms, p99 ${w.notices.p99} ms)`,
      );
      lines.push(`  ceilings: BullMQ empty jobs ${w.queueCeiling?.perSecond ?? '—'}/s (×${w.ratios?.toQueue ?? '—'}), same SQL per notice ${w.sqlCeiling?.perSecond ?? '—'}/s (×${w.ratios?.toSql ?? '—'})`);
      for (const check of w.checks ?? []) lines.push(`  ${check.met ? 'met' : 'MISSED'}: ${check.what} (${check.value})`);
    } else {
      lines.push(`Worker: ${w.note}`);
    }
  }
  return lines.join('\n');
}
