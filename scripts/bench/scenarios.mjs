// What is measured, on which records of the generated database, and what the issue asks of each.
import { load, summarise } from './http.mjs';
import { replay, sqlLoad } from './sql.mjs';

/** Targets of the performance issue, on the 2-core development machine. */
export const TARGETS = {
  pageP95Ms: 50,
  reportP95Ms: 500,
  checkInToSql: 0.5,
  /** A check-in's rate under load, against pgbench's plain six-statement write transaction in the same run. */
  checkInToPgbench: 0.05,
  /** One check-in at a time. */
  checkInP95Ms: 60,
  /** A boat of 60 recorded through the arrivals endpoint, in one request. */
  boatMs: 3000,
  noticesPerSecond: 500,
  latencyGrowth: 1.5,
};

/** Searches staff type at the desk: common names, other spellings of them, first and family names. */
const SEARCHES = [
  'Ahmadi',
  'Mohammad Ahmadi',
  'Muhammad Ahmady',
  'Husseini',
  'Tesfay',
  'Yonas Tesfaye',
  'Nguyen Van Minh',
  'Abdirahman',
  'Kurdi',
  'Yilmaz',
  'Ghebreyesus',
  'Mohamed Osman',
  'Rezai',
  'Hoxha',
  'Hawre Aziz',
  'Alhussein',
];

/** The records the scenarios use: the largest reception centre, cases with a history, a five-year period. */
export async function pickRecords(pool) {
  const [centre] = (
    await pool.query(
      `SELECT c.id, c.code, count(b.id)::int AS beds FROM centres c JOIN beds b ON b.centre_id = c.id
        WHERE c.kind = 'reception' GROUP BY c.id ORDER BY count(b.id) DESC, c.code LIMIT 1`,
    )
  ).rows;
  if (!centre) throw new Error('the database has no reception centre: fill it with npm run seed:scale first');
  const [staff] = (await pool.query(`SELECT id, centre_ids FROM users WHERE email = 'staff@scale.example'`)).rows;
  if (!staff) throw new Error('the database has no staff@scale.example: fill it with npm run seed:scale');
  const cases = (
    await pool.query(
      `(SELECT k.id FROM cases k WHERE k.status <> 'closed' AND EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = k.id) ORDER BY k.opened_at DESC LIMIT 10)
       UNION ALL
       (SELECT k.id FROM cases k WHERE k.status = 'closed' AND EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = k.id)
          AND k.closed_at > now() - interval '1 year' ORDER BY k.closed_at DESC LIMIT 10)`,
    )
  ).rows.map((row) => row.id);
  // The same five years whatever the database holds, so a small database answers the same question.
  const [period] = (
    await pool.query(
      `SELECT to_char((now() - interval '5 years') AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS "from",
              to_char((now() - interval '1 day') AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS "to"`,
    )
  ).rows;
  return { centre, staff, cases, period, searches: SEARCHES };
}

/** Read scenarios: one or more paths (taken in turn), who asks, and the target that applies. */
export function readScenarios({ records, tokens, cookies }) {
  const bearer = (token) => ({ authorization: `Bearer ${token}` });
  // Funders read the published tables of whole closed months; auditors (and admins) read the same
  // reports unsuppressed: the exact period asked for, the live recent days, the cost per person.
  const report = (kind, who, connections) => ({
    key: `report-${kind}${who === 'funder' ? '' : `-${who}`}${connections > 1 ? `-x${connections}` : ''}`,
    title: `Report: ${kind}, 5 years${who === 'funder' ? '' : `, ${who}`}${connections > 1 ? `, ×${connections}` : ''}`,
    paths: [`/api/v1/reports/${kind}?from=${records.period.from}&to=${records.period.to}&granularity=month`],
    headers: bearer(tokens[who]),
    // A report is asked for now and then: one at a time, a few times; and ten at once (a dashboard
    // opened by several people), which must still answer within a second.
    connections,
    amount: connections > 1 ? 3 * connections : 6,
    target: { p95: connections > 1 ? 1000 : TARGETS.reportP95Ms },
  });
  const reports = ['occupancy', 'spend', 'outcomes'].flatMap((kind) => [report(kind, 'funder', 1), report(kind, 'auditor', 1)]);
  const loaded = ['occupancy', 'spend', 'outcomes'].flatMap((kind) => [report(kind, 'funder', 10), report(kind, 'auditor', 10)]);
  return [
    { key: 'board', title: 'Centre board page', paths: [`/centres/${records.centre.id}/board`], headers: { cookie: cookies.staff }, target: { p95: TARGETS.pageP95Ms } },
    { key: 'welfare-board', title: 'Welfare board page', paths: [`/centres/${records.centre.id}/welfare`], headers: { cookie: cookies.staff }, target: { p95: TARGETS.pageP95Ms } },
    {
      key: 'search',
      title: 'Person search (API)',
      paths: records.searches.map((q) => `/api/v1/people?q=${encodeURIComponent(q)}&limit=20`),
      headers: bearer(tokens.staff),
      target: { p95: TARGETS.pageP95Ms },
    },
    { key: 'case-page', title: 'Case page', paths: records.cases.map((id) => `/cases/${id}`), headers: { cookie: cookies.caseworker }, target: { p95: TARGETS.pageP95Ms } },
    ...reports,
    ...loaded,
  ];
}

const withoutTimes = ({ latencies, ...rest }) => rest;
const MIN_SAMPLES = 20;

/** Runs one read scenario over HTTP, captures the SQL of each of its requests, and replays that SQL as the ceiling. */
export async function runRead(scenario, { server, pool, connections, durationSeconds }) {
  const conns = scenario.connections ?? connections;
  const probe = await fetch(`${server.url}${scenario.paths[0]}`, { headers: scenario.headers, redirect: 'manual' });
  if (probe.status === 404 && scenario.key.startsWith('report-')) return { ...scenario, available: false, note: 'not available in this version (404)' };
  if (probe.status !== 200) throw new Error(`${scenario.title}: ${scenario.paths[0]} answered ${probe.status}`);
  await probe.arrayBuffer();
  const variants = [];
  for (const path of scenario.paths) {
    variants.push(await server.captureSql(async () => (await fetch(`${server.url}${path}`, { headers: scenario.headers, redirect: 'manual' })).arrayBuffer()));
  }
  const requests = scenario.paths.map((path) => ({ method: 'GET', path, headers: scenario.headers }));
  // A slow scenario runs until it has enough answers for its percentiles to mean something.
  let http = await load({ url: server.url, connections: conns, ...(scenario.amount ? { amount: scenario.amount } : { duration: durationSeconds }), requests });
  if (!scenario.amount && http.requests < MIN_SAMPLES) http = await load({ url: server.url, connections: conns, amount: MIN_SAMPLES, requests });
  // And one person at a time, as real load mostly is: the latency a user sees when the system is not saturated.
  const alone = scenario.amount ? null : withoutTimes(await load({ url: server.url, connections: 1, amount: 30, requests }));
  let sql = await sqlLoad(pool, { concurrency: conns, ...(scenario.amount ? { amount: scenario.amount } : { durationMs: durationSeconds * 1000 }), work: replay(variants) });
  if (!scenario.amount && sql.requests < MIN_SAMPLES) sql = await sqlLoad(pool, { concurrency: conns, amount: MIN_SAMPLES, work: replay(variants) });
  return {
    ...scenario,
    available: true,
    http: withoutTimes(http),
    alone,
    sql: withoutTimes(sql),
    statements: Math.round(variants.reduce((sum, statements) => sum + statements.length, 0) / variants.length),
  };
}
