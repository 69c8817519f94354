// What is measured, on which records of the generated database, and what the issue asks of each.
import { searchSkeleton, searchText } from '../../dist/libs/people/src/name-matching.js';
import { load, summarise } from './http.mjs';
import { checkInTransaction, replay, sqlLoad } from './sql.mjs';

/** Targets of the performance issue, on the 2-core development machine. */
export const TARGETS = {
  pageP95Ms: 50,
  reportP95Ms: 500,
  checkInToSql: 0.5,
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

const GIVEN = ['Reza', 'Ali', 'Hamid', 'Yonas', 'Dawit', 'Osman', 'Karwan', 'Rebwar', 'Mohammad', 'Samir', 'Arash', 'Filmon', 'Abdi', 'Hussein'];
const FAMILY = ['Ahmadi', 'Hosseini', 'Tesfaye', 'Haile', 'Mohamed', 'Kurdi', 'Rasul', 'Karimi', 'Ibrahim', 'Yousif', 'Rahimi', 'Berhane'];
const WOMEN = ['Senait', 'Maryam', 'Luwam', 'Fatima', 'Shilan', 'Helen'];

/** The people of one boat: mostly men, a few women, names as the check-in desk records them. */
function boatPeople(round, size = 60) {
  return Array.from({ length: size }, (_, i) => {
    const woman = i % 8 === 7;
    const year = 1975 + ((round * 7 + i * 3) % 30);
    return {
      familyName: FAMILY[(round + i) % FAMILY.length],
      givenNames: woman ? WOMEN[i % WOMEN.length] : GIVEN[(i * 5 + round) % GIVEN.length],
      dateOfBirth: `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      dobEstimated: i % 9 === 0,
      sex: woman ? 'female' : 'male',
      nationalities: [['AFG', 'ERI', 'SDN', 'IRQ', 'SYR'][i % 5]],
      languages: [['ps', 'ti', 'ar', 'ckb', 'ar'][i % 5]],
    };
  });
}

/** The single adults in the centre leave (as a bench step, not measured), so a boat finds its sixty beds. */
async function makeRoom(pool, centreId, staffId) {
  await pool.query(
    `WITH gone AS (
       UPDATE stays s SET checked_out_at = now() - interval '1 second', exit_reason = 'other', destination = 'Départ volontaire',
              checked_out_by = $2, version = s.version + 1
         FROM units u
        WHERE u.id = s.unit_id AND s.centre_id = $1 AND s.checked_out_at IS NULL AND u.housing <> 'families' AND s.checked_in_at < now() - interval '1 second'
        RETURNING s.bed_id)
     UPDATE beds b SET occupied = false FROM gone WHERE b.id = gone.bed_id`,
    [centreId, staffId],
  );
}

/**
 * A boat of sixty people checked in at once, `rounds` times: every check-in of a boat sent
 * together, on its own connection. The ceiling runs the same transaction in plain SQL.
 */
export async function runBoat({ server, pool, records, token, rounds }) {
  const path = `/api/v1/centres/${records.centre.id}/check-ins`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const latencies = [];
  let seconds = 0;
  let errors = 0;
  const statuses = {};
  for (let round = 0; round < rounds; round++) {
    await makeRoom(pool, records.centre.id, records.staff.id);
    const interception = await fetch(`${server.url}/api/v1/interceptions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ occurredAt: new Date(Date.now() - 3 * 3_600_000).toISOString(), location: 'Gravelines, plage du Clipon', agency: 'Police aux frontières', groupSize: 60 }),
    });
    if (interception.status !== 201) throw new Error(`creating the boat's interception answered ${interception.status}`);
    const { id: interceptionId } = await interception.json();
    const people = boatPeople(round);
    let next = 0;
    const result = await load({
      url: `${server.url}${path}`,
      connections: people.length,
      amount: people.length,
      method: 'POST',
      headers,
      expect: 201,
      setupClient: (client) => client.setBody(JSON.stringify({ person: people[next++ % people.length], interceptionId })),
    });
    seconds += result.seconds;
    errors += result.errors;
    for (const [status, count] of Object.entries(result.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
    latencies.push(...result.latencies);
  }
  const http = { ...summarise(latencies, seconds, errors), statuses };
  // Each boat is timed from its first request to its last answer: the rate is people checked in per second.
  const sqlLatencies = [];
  let sqlSeconds = 0;
  let sqlErrors = 0;
  let firstError;
  for (let round = 0; round < rounds; round++) {
    await makeRoom(pool, records.centre.id, records.staff.id);
    const people = boatPeople(round + 100);
    const result = await sqlLoad(pool, {
      concurrency: people.length,
      amount: people.length,
      work: checkInTransaction({
        token,
        centre: records.centre.id,
        actor: records.staff.id,
        person: (i) => {
          const names = [people[i].givenNames, people[i].familyName];
          return { ...people[i], searchText: searchText(names), searchSkeleton: searchSkeleton(names), centreIds: records.staff.centre_ids };
        },
      }),
    });
    sqlLatencies.push(...result.latencies);
    sqlSeconds += result.seconds;
    sqlErrors += result.errors;
    firstError ??= result.firstError;
  }
  const sql = { ...summarise(sqlLatencies, sqlSeconds, sqlErrors), firstError };
  return { key: 'boat', title: `Boat: 60 check-ins at once (×${rounds})`, available: true, http, sql, target: { toSql: TARGETS.checkInToSql } };
}
