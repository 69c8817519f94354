// Check-ins: a boat of sixty recorded through the arrivals endpoint, sixty check-ins sent at once,
// and one check-in at a time; each against the same transaction in plain SQL, and the rate under
// load against pgbench's plain write transaction (see pgbench.mjs), measured in the same run.
import { searchSkeleton, searchText } from '../../dist/libs/people/src/name-matching.js';
import { load, summarise } from './http.mjs';
import { TARGETS } from './scenarios.mjs';
import { checkInTransaction, sqlLoad } from './sql.mjs';

const BOAT = 60;
const ALONE = 30;
const GIVEN = ['Reza', 'Ali', 'Hamid', 'Yonas', 'Dawit', 'Osman', 'Karwan', 'Rebwar', 'Mohammad', 'Samir', 'Arash', 'Filmon', 'Abdi', 'Hussein'];
const FAMILY = ['Ahmadi', 'Hosseini', 'Tesfaye', 'Haile', 'Mohamed', 'Kurdi', 'Rasul', 'Karimi', 'Ibrahim', 'Yousif', 'Rahimi', 'Berhane'];
const WOMEN = ['Senait', 'Maryam', 'Luwam', 'Fatima', 'Shilan', 'Helen'];

/** The people of one boat: mostly men, a few women, names as the check-in desk records them. */
function boatPeople(round, size = BOAT) {
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

const jsonHeaders = (token) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

async function newInterception(server, token) {
  const response = await fetch(`${server.url}/api/v1/interceptions`, {
    method: 'POST',
    headers: jsonHeaders(token),
    body: JSON.stringify({ occurredAt: new Date(Date.now() - 3 * 3_600_000).toISOString(), location: 'Gravelines, plage du Clipon', agency: 'Police aux frontières', groupSize: BOAT }),
  });
  if (response.status !== 201) throw new Error(`creating the boat's interception answered ${response.status}`);
  return (await response.json()).id;
}

/**
 * A boat of sixty through `POST /interceptions/:id/arrivals`, `rounds` times, one request each:
 * the time of the request is the time to record the boat.
 */
export async function runBoat({ server, pool, records, token, rounds }) {
  const latencies = [];
  const statuses = {};
  const outcomes = {};
  let errors = 0;
  let seconds = 0;
  for (let round = 0; round < rounds; round++) {
    await makeRoom(pool, records.centre.id, records.staff.id);
    const interceptionId = await newInterception(server, token);
    const people = boatPeople(round).map((person, i) => ({ ref: `p${i + 1}`, person }));
    const started = process.hrtime.bigint();
    const response = await fetch(`${server.url}/api/v1/interceptions/${interceptionId}/arrivals`, {
      method: 'POST',
      headers: jsonHeaders(token),
      body: JSON.stringify({ centreId: records.centre.id, people }),
    });
    const body = await response.json();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    seconds += ms / 1000;
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    if (response.status !== 200) errors += 1;
    else latencies.push(ms);
    for (const result of body.results ?? []) outcomes[result.status] = (outcomes[result.status] ?? 0) + 1;
  }
  const http = { ...summarise(latencies, seconds, errors), statuses, outcomes, perPersonMs: latencies.length ? Math.round((latencies.reduce((a, b) => a + b, 0) / latencies.length / BOAT) * 10) / 10 : null };
  return { key: 'boat', title: `Boat of ${BOAT}: arrivals endpoint (×${rounds})`, available: true, http, target: { p95: TARGETS.boatMs } };
}

/** The duplicate search exactly as the server sends it, taken from one real check-in. */
async function captureCheckIn(server, path, token, person) {
  let status;
  const captured = await server.captureSql(async () => {
    const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: jsonHeaders(token), body: JSON.stringify({ person }) });
    status = response.status;
    await response.arrayBuffer();
  });
  if (status !== 201) throw new Error(`a check-in answered ${status}`);
  const search = captured.find((statement) => statement.text.trimStart().startsWith('WITH found AS'));
  if (!search) throw new Error('a check-in sent no duplicate search');
  return { statements: captured.length, duplicateSearch: search.text };
}

/**
 * Sixty check-ins sent at once, `rounds` times, each on its own connection (the rate under load),
 * then the same transaction in plain SQL; and thirty check-ins one at a time (the latency a desk sees).
 */
export async function runCheckIns({ server, pool, records, token, rounds }) {
  const path = `/api/v1/centres/${records.centre.id}/check-ins`;
  await makeRoom(pool, records.centre.id, records.staff.id);
  const { statements, duplicateSearch } = await captureCheckIn(server, path, token, boatPeople(900)[0]);
  const latencies = [];
  let seconds = 0;
  let errors = 0;
  const statuses = {};
  for (let round = 0; round < rounds; round++) {
    await makeRoom(pool, records.centre.id, records.staff.id);
    const interceptionId = await newInterception(server, token);
    const people = boatPeople(round);
    let next = 0;
    const result = await load({
      url: `${server.url}${path}`,
      connections: people.length,
      amount: people.length,
      method: 'POST',
      headers: jsonHeaders(token),
      expect: 201,
      setupClient: (client) => client.setBody(JSON.stringify({ person: people[next++ % people.length], interceptionId })),
    });
    seconds += result.seconds;
    errors += result.errors;
    for (const [status, count] of Object.entries(result.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
    latencies.push(...result.latencies);
  }
  const http = { ...summarise(latencies, seconds, errors), statuses };

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
      connect: false,
      work: checkInTransaction({
        token,
        centre: records.centre.id,
        actor: records.staff.id,
        duplicateSearch,
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

  // One at a time: each answer before the next is sent.
  await makeRoom(pool, records.centre.id, records.staff.id);
  const aloneLatencies = [];
  const aloneStatuses = {};
  let aloneErrors = 0;
  const aloneStarted = process.hrtime.bigint();
  for (const person of boatPeople(200, ALONE)) {
    const started = process.hrtime.bigint();
    const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: jsonHeaders(token), body: JSON.stringify({ person }) });
    await response.arrayBuffer();
    aloneStatuses[response.status] = (aloneStatuses[response.status] ?? 0) + 1;
    if (response.status === 201) aloneLatencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    else aloneErrors += 1;
  }
  const alone = { ...summarise(aloneLatencies, Number(process.hrtime.bigint() - aloneStarted) / 1e9, aloneErrors), statuses: aloneStatuses };
  return [
    { key: 'check-in-burst', title: `Check-in: ${BOAT} at once (×${rounds})`, available: true, http, sql, statements, target: { toSql: TARGETS.checkInToSql, toPgbench: TARGETS.checkInToPgbench } },
    { key: 'check-in-alone', title: `Check-in: one at a time (×${ALONE})`, available: true, http: alone, statements, target: { p95: TARGETS.checkInP95Ms } },
  ];
}
