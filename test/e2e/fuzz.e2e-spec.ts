// Property-based fuzzing of every JSON endpoint the server mounts (DESIGN.md: "Bad input gets a
// clear 4xx with a machine-readable error body and changes nothing. A 5xx is a bug.").
//
// The routes come from the running application's router, their request shapes from the served
// OpenAPI document, so an endpoint added later is fuzzed without touching this file. Each route
// is called with a token of a role it allows, on records that exist, with malformed bodies, ids
// and query strings. Every answer must be below 500; every error must be the contract's body with
// no stack trace, path or SQL in it; a refused request must leave every table as it was; and no
// request may reach Object.prototype. The admin pages a role reads get malformed ids and query
// strings too, through a signed-in session: an error page, never a 500 or a stack trace.
//
// The seed changes each run and is printed; FUZZ_SEED=<seed> repeats a run, FUZZ_RUNS=<n> scales it.
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import request from 'supertest';
import type { Role } from '@escale/platform';
import { type AccessRule, pathParams, routeTable } from '../support/route-table.js';
import { createCentre, newPerson, type CentreFixture } from '../support/fixtures.js';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEFAULT_PASSWORD, startTestApp, tokenFor, type TestApp } from '../support/test-app.js';

const SEED = Number(process.env.FUZZ_SEED ?? (Date.now() ^ Math.floor(Math.random() * 2 ** 30)) % 2 ** 31);
/** Runs per route and kind of input; FUZZ_RUNS scales them all. */
const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const RUNS = { body: Math.ceil(20 * SCALE), path: Math.ceil(5 * SCALE), query: Math.ceil(8 * SCALE) };

// ---------------------------------------------------------------------------------------------
// The route table, from the router, and the request shapes, from the OpenAPI document

type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Route {
  method: HttpMethod;
  /** Express form: /api/v1/stays/:id/check-out */
  path: string;
  rule: AccessRule | undefined;
  params: string[];
  operation: Operation | undefined;
}

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
}

interface Operation {
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** Every controller method the server mounted, with its access rule and its OpenAPI operation. */
function mountedRoutes(t: TestApp, document: OpenApiDocument): Route[] {
  return routeTable(t).map((entry) => {
    const method = entry.method.toLowerCase() as HttpMethod;
    return { method, path: entry.path, rule: entry.rule, params: pathParams(entry.path), operation: document.paths[entry.path.replace(/:(\w+)/g, '{$1}')]?.[method] };
  });
}

const resolve = (schema: Schema, document: OpenApiDocument): Schema => {
  let current = schema;
  for (let hops = 0; hops < 10; hops++) {
    if (current.$ref) current = document.components.schemas[current.$ref.split('/').pop()!] ?? {};
    else if (current.allOf?.length === 1) current = { ...current.allOf[0], ...current, allOf: undefined };
    else break;
  }
  return current;
};

/** Every property name any request body knows, so an "unknown" key is never a known one. */
function knownFieldNames(document: OpenApiDocument): Set<string> {
  const names = new Set<string>();
  for (const schema of Object.values(document.components.schemas)) for (const name of Object.keys(schema.properties ?? {})) names.add(name);
  for (const operations of Object.values(document.paths))
    for (const operation of Object.values(operations)) for (const parameter of operation.parameters ?? []) names.add(parameter.name);
  return names;
}

// ---------------------------------------------------------------------------------------------
// Bodies: JSON text we write ourselves, so it can hold what JSON.stringify cannot

/** A piece of JSON text sent as it is: 1e400, duplicate keys, broken syntax, nesting too deep to build. */
class RawJson {
  constructor(
    readonly text: string,
    readonly depth = 0,
  ) {}
}

function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${toJsonText(item)}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** Sets a key as an own property, even `__proto__` (as JSON.parse does). */
function setOwn(holder: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(holder, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A value nested `depth` levels deep, as JSON text (building it would overflow the serialiser's stack). */
const nested = (kind: 'array' | 'object', depth: number): RawJson =>
  kind === 'array' ? new RawJson(`${'['.repeat(depth)}1${']'.repeat(depth)}`, depth) : new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, depth);

/** Percent-encodes text for a URL, lone surrogates included (as the UTF-8 bytes a careless client would send). */
const encodeQueryValue = (text: string) => text.replace(/[\s\S]/gu, (char) => (/[\uD800-\uDFFF]/.test(char) && char.length === 1 ? '%ED%A0%80' : encodeURIComponent(char)));
const short = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);
const describeValue = (value: unknown) => short(toJsonText(value).replace(/[\u0000-\u001f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));

// ---------------------------------------------------------------------------------------------
// Malformed values

const SOME_UUID = '6ba7b810-9dad-41d1-80b4-00c04fd430c8';

const badStrings = fc.constantFrom(
  '',
  ' ',
  '   \t\n',
  '\u3000',
  'a\u0000b',
  '\u0000',
  '\uD800',
  'x\uDFFFy',
  '\u202Eevil\u202C',
  '\u200B\u200D\uFEFF',
  'e\u0301'.repeat(60),
  '💥'.repeat(120),
  'Z̷̢̛͔̯̈́ä̷l̷g̷o̷',
  'İıßﬃ',
  '\u2028\u2029\u0085',
  "' OR '1'='1",
  "'; DROP TABLE people; --",
  '%_%\\',
  '$1',
  '${7*7}',
  '{{constructor}}',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '../../../../etc/passwd',
  'null',
  'undefined',
  'NaN',
  'true',
  '[object Object]',
  '__proto__',
);

const hugeStrings = fc.constantFrom(1_000, 20_000, 200_000).map((length) => 'x'.repeat(length));

const badDates = fc.constantFrom(
  '2026-02-30',
  '2025-02-29T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-01-01T24:00:01Z',
  '2026-01-01T23:59:60Z',
  '2026-01-01T00:00:00+99:00',
  '2026-01-01T00:00:00+14:00',
  '2026-01-01T00:00:00.123456789Z',
  '0000-01-01',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '0099-12-31T23:59:59Z',
  '1000-01-01T00:00:00Z',
  '1900-01-01T00:00:00Z',
  '1969-12-31T23:59:59Z',
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '294277-01-01T00:00:00Z',
  '2026-W01-1',
  '2026-001',
  '2026-01-01T10Z',
  '2026-01-01T00:00:00,5Z',
  '2026-01-01T00:00:00+01',
  '-2026-01-01',
  '20260101T000000Z',
  '2026-01-01T00:00:00',
  '2026-01-01 00:00:00Z',
  'now',
  'Invalid Date',
  '1e10',
  '1767225600000',
);

const badIds = fc.constantFrom(
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  `{${SOME_UUID}}`,
  `${SOME_UUID}0`,
  SOME_UUID.slice(1),
  `${SOME_UUID} `,
  SOME_UUID.replace(/-/g, ''),
  SOME_UUID.toUpperCase(),
  `${SOME_UUID}\u0000`,
  'g'.repeat(8) + SOME_UUID.slice(8),
  '1',
  '-1',
  '0x10',
);

const badNumbers = fc.constantFrom<unknown>(
  0,
  -1,
  0.5,
  -0,
  1.0000001,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  1e20,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  new RawJson('1e400'),
  new RawJson('-1e400'),
  new RawJson('123456789012345678901234567890'),
  new RawJson('1E2'),
  new RawJson('0.1e1'),
);

const prototypeObjects = fc.constantFrom(
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"prototype":{"polluted":"yes"}}',
  '{"__proto__":[]}',
  '{"__proto__":null}',
).map((text) => JSON.parse(text) as unknown);

const wrongTypes = fc.oneof(
  fc.boolean(),
  fc.constant(null),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 40 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.constant([]),
  fc.constant({}),
);

const deepValues = fc.tuple(fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>, fc.integer({ min: 30, max: 3000 })).map(([kind, depth]) => nested(kind, depth));

/** Anything a field should never hold. */
const badValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: badStrings },
  { weight: 1, arbitrary: hugeStrings },
  { weight: 2, arbitrary: badDates },
  { weight: 2, arbitrary: badIds },
  { weight: 2, arbitrary: badNumbers },
  { weight: 1, arbitrary: prototypeObjects },
  { weight: 3, arbitrary: wrongTypes },
  { weight: 1, arbitrary: deepValues },
);

/** Keys a body must refuse: no DTO has them. */
const unknownKeys = (known: Set<string>) =>
  fc
    .oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'isAdmin', '', ' ', 'a\u0000', '$where', '💥', 'id', 'role '),
      fc.string({ minLength: 1, maxLength: 12 }),
    )
    .filter((key) => !known.has(key));

/** Whole bodies that are not what any route takes. */
const RAW_BODIES = [
  '',
  ' ',
  '{',
  '}',
  '{"a":',
  '[1,2',
  '{"a":1,}',
  "{'a':1}",
  '{a:1}',
  'undefined',
  'NaN',
  'null',
  'true',
  '0',
  '"text"',
  '[]',
  '{"a":1}{"b":2}',
  '\uFEFF{"a":1}',
  '{"version":1,"version":"x"}',
  '{"__proto__":{"polluted":"yes"},"__proto__":1}',
  '{"\\u0000":"\\u0000"}',
  '{"a":"\\ud800"}',
  '{"a":"\\x00"}',
  '{"a":01}',
  '{"a":.5}',
  '{"a":+1}',
  '{"a":Infinity}',
  '['.repeat(100_000) + ']'.repeat(100_000),
  '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000),
  `{"a":"${'x'.repeat(1_100_000)}"}`,
];

// ---------------------------------------------------------------------------------------------
// The checks every answer must pass

/** What must never reach a client: stack frames, file paths, driver and ORM errors, SQL. */
const LEAKS: RegExp[] = [
  /\n\s+at [^\n]+:\d+:\d+/,
  /node_modules/,
  /\.(?:ts|js|mjs|cjs):\d+/,
  /QueryFailedError|TypeORMError|EntityNotFound|EntityPropertyNotFound|EntityMetadataNotFound|DriverError/,
  /syntax error at or near|violates (?:foreign key|unique|check|not-null|exclusion) constraint|invalid input syntax for|out of range for type|duplicate key value/i,
  /\bSELECT\b[\s\S]{1,200}\bFROM\b|\bINSERT INTO\b|\bUPDATE\b[\s\S]{1,100}\bSET\b|\bDELETE FROM\b/,
  /class-validator|class-transformer|body-parser|TypeError|ReferenceError|RangeError|SyntaxError/,
];

interface Sent {
  route: Route;
  label: string;
  /** True when the input is wrong whatever the record's state: the answer must be a 4xx. */
  mustRefuse: boolean;
}

const isJsonRoute = (route: Route) => route.path.startsWith('/api/') || route.path.startsWith('/health');

function problemsWith(sent: Sent, response: request.Response): string[] {
  const problems: string[] = [];
  const { status } = response;
  const text = response.text ?? '';
  if (status >= 500) problems.push(`answered ${status}`);
  if (sent.mustRefuse && status < 400) problems.push(`accepted bad input with ${status}`);
  const page = !isJsonRoute(sent.route);
  if (status >= 400) {
    const body = response.body as Record<string, unknown> | undefined;
    if (page) {
      if (!/text\/html/.test(String(response.headers['content-type']))) problems.push(`error is not a page (${response.headers['content-type']})`);
    } else if (!/application\/json/.test(String(response.headers['content-type']))) problems.push(`error is not JSON (${response.headers['content-type']})`);
    else if (!body || body.statusCode !== status || typeof body.code !== 'string' || !/^[A-Z][A-Z_]+$/.test(body.code) || typeof body.message !== 'string' || !body.message) {
      problems.push(`error body is not {statusCode, code, message}: ${short(text)}`);
    }
    for (const leak of [...LEAKS, new RegExp(process.cwd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))]) {
      if (leak.test(text)) problems.push(`error body leaks ${leak}: ${short(text, 400)}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

describe('bad input: property-based fuzzing of every JSON endpoint', () => {
  let t: TestApp;
  let baseUrl: string;
  let document: OpenApiDocument;
  let routes: Route[];
  /** The admin pages, read with a session: not JSON, but a 5xx there is a bug all the same. */
  let pages: Route[];
  const sessions: Partial<Record<Role, string>> = {};
  let knownFields: Set<string>;
  const prototypeKeysBefore = Object.getOwnPropertyNames(Object.prototype).sort();

  /** Records of each kind, by the path segment that names them. */
  const ids: Record<string, string> = {};
  /** Ids for body and query fields, by field name. */
  const fieldIds: Record<string, string | string[]> = {};
  const users: Partial<Record<Role, { email: string; password: string; token: string; id: string }>> = {};
  let centreA: CentreFixture;
  let centreB: CentreFixture;
  let removalStayId: string;

  /** A fingerprint of every table a request may change: row counts, versions and last updates. */
  let fingerprintSql: string;
  const fingerprint = async (): Promise<Record<string, string>> => (await t.dataSource.query(fingerprintSql))[0];
  const changes = (before: Record<string, string>, after: Record<string, string>) =>
    Object.keys(after)
      .filter((key) => before[key] !== after[key])
      .map((key) => `${key}: ${before[key]} → ${after[key]}`);

  const as = (token: string | undefined) => (token ? { Authorization: `Bearer ${token}` } : {});

  /** A role's token, signing in again when a fuzzed request (DELETE /auth/token) revoked it. */
  async function liveToken(role: Role): Promise<string> {
    const user = users[role]!;
    const me = await request(baseUrl).get('/api/v1/me').set(as(user.token));
    if (me.status === 401) user.token = await tokenFor(baseUrl as never, user.email, user.password);
    return user.token;
  }

  /** A person checked in to each centre, and the records that hang off the first stay. */
  async function populate(): Promise<void> {
    const staff = as(await liveToken('staff'));
    const caseworker = as(await liveToken('caseworker'));
    const checkedIn = await request(baseUrl).post(`/api/v1/centres/${centreA.id}/check-ins`).set(staff).send({ person: newPerson() }).expect(201);
    const removal = await request(baseUrl).post(`/api/v1/centres/${centreB.id}/check-ins`).set(staff).send({ person: newPerson() }).expect(201);
    const stayId = checkedIn.body.stay.id as string;
    const caseId = checkedIn.body.case.id as string;
    const property = await request(baseUrl).post(`/api/v1/stays/${stayId}/property`).set(staff).send({ items: [{ kind: 'item', description: 'Téléphone' }] }).expect(201);
    const report = await request(baseUrl).post(`/api/v1/stays/${stayId}/medical-reports`).set(staff).send({ kind: 'possible_torture', sentTo: 'Préfecture' }).expect(201);
    const referral = await request(baseUrl).post(`/api/v1/cases/${caseId}/referrals`).set(caseworker).send({ kind: 'asylum' }).expect(201);
    const task = await request(baseUrl).post(`/api/v1/cases/${caseId}/tasks`).set(caseworker).send({ title: 'Call the lawyer', dueAt: new Date(Date.now() + 86_400_000).toISOString() }).expect(201);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const documentRow = await request(baseUrl).post(`/api/v1/referrals/${referral.body.id}/documents`).set(caseworker).attach('file', pdf, 'decision.pdf').expect(201);
    removalStayId = removal.body.stay.id;
    Object.assign(ids, {
      stays: stayId,
      people: checkedIn.body.person.id,
      cases: caseId,
      referrals: referral.body.id,
      tasks: task.body.id,
      documents: documentRow.body.id,
      'medical-reports': report.body.id,
    });
    Object.assign(fieldIds, {
      personId: checkedIn.body.person.id,
      stayId,
      caseId,
      entityId: checkedIn.body.person.id,
      referralId: referral.body.id,
      returnedPropertyIds: property.body.items.map((item: { id: string }) => item.id),
    });
  }

  /** A fuzzed request may check the stay out or transfer it: the next route gets open stays again. */
  async function ensureOpenStays(): Promise<void> {
    const open = await t.dataSource.query(`SELECT 1 FROM stays WHERE id = ANY($1) AND checked_out_at IS NULL`, [[ids.stays, removalStayId]]);
    if (open.length < 2) await populate();
  }

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    document = (await request(baseUrl).get('/api/docs-json').expect(200)).body as OpenApiDocument;
    const mounted = mountedRoutes(t, document);
    routes = mounted.filter(isJsonRoute);
    pages = mounted.filter((route) => !isJsonRoute(route) && route.method === 'get' && route.rule?.kind === 'roles');
    knownFields = knownFieldNames(document);

    // The records the fuzzed requests point at: two centres, and (see `populate`) a stay with a
    // case, a referral, a task, a document, a medical report and deposited property.
    centreA = await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 40 }, { housing: 'families', beds: 4 }] });
    centreB = await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 30 }] });
    const centreIds = [centreA.id, centreB.id];
    users.admin = { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, token: t.adminToken, id: '' };
    for (const role of ['staff', 'caseworker', 'funder', 'auditor'] as const) {
      const user = await t.userWithToken(role, role === 'staff' || role === 'caseworker' ? centreIds : []);
      users[role] = { ...user, password: DEFAULT_PASSWORD };
    }
    // The user the /users/:id routes change (disabling one of the callers would lock it out).
    const target = await t.userWithToken('auditor', []);
    const staff = as(users.staff!.token);
    const interception = await request(baseUrl).post('/api/v1/interceptions').set(staff).send({ occurredAt: new Date(Date.now() - 3_600_000).toISOString(), location: 'Gravelines', agency: 'PAF', groupSize: 12 }).expect(201);
    const household = await request(baseUrl).post('/api/v1/households').set(staff).send({ label: 'Famille F.' }).expect(201);
    Object.assign(ids, { centres: centreA.id, units: centreA.units[0].id, beds: centreA.units[1].bedIds[0], users: target.id });
    Object.assign(fieldIds, {
      centreId: centreA.id,
      toCentreId: centreB.id,
      bedId: centreA.units[0].bedIds[centreA.units[0].bedIds.length - 1],
      unitId: centreA.units[0].id,
      interceptionId: interception.body.id,
      householdId: household.body.id,
      caseworkerId: users.caseworker!.id,
      assignedTo: users.caseworker!.id,
      actorId: users.staff!.id,
      centreIds: [centreA.id],
    });
    await populate();

    const tables: { table_name: string }[] = await t.dataSource.query(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
          AND table_name NOT LIKE 'audit%' AND table_name NOT IN ('sessions', 'migrations', 'typeorm_metadata')
        ORDER BY table_name`,
    );
    const columns: { table_name: string; column_name: string }[] = await t.dataSource.query(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name IN ('version', 'updated_at')`,
    );
    const parts = tables.map(({ table_name: table }) => `(SELECT count(*) FROM "${table}")::text AS "${table}"`);
    for (const { table_name: table, column_name: column } of columns) {
      if (!tables.some((row) => row.table_name === table)) continue;
      parts.push(column === 'version' ? `(SELECT coalesce(sum(version), 0) FROM "${table}")::text AS "${table}.version"` : `(SELECT max(updated_at) FROM "${table}")::text AS "${table}.updated_at"`);
    }
    fingerprintSql = `SELECT ${parts.join(', ')}`;
    console.info(`fuzz seed ${SEED} (repeat with FUZZ_SEED=${SEED}); ${routes.length} routes`);
  }, 120_000);

  afterAll(() => t?.close());

  // -------------------------------------------------------------------------------------------
  // Who calls a route, and with which ids

  /** The role a route is called as: one it allows, preferring those scoped to the fixtures' centres. */
  const roleFor = (route: Route): Role | undefined => {
    if (route.rule?.kind !== 'roles') return undefined;
    const preference: Role[] = ['staff', 'caseworker', 'admin', 'funder', 'auditor'];
    return preference.find((role) => (route.rule as { roles: readonly Role[] }).roles.includes(role));
  };

  /** A token for the route's role that still works (a fuzzed request may have revoked it). */
  const tokenForRoute = async (route: Route): Promise<string | undefined> => {
    const role = roleFor(route);
    return role ? liveToken(role) : undefined;
  };

  /** An id of a record that exists, for a path parameter, by the segment before it. */
  const idForParam = (route: Route, param: string): string => {
    if (route.path.endsWith('/extensions') && param === 'id') return removalStayId;
    const segments = route.path.split('/');
    const before = segments[segments.indexOf(`:${param}`) - 1];
    const named = { stayId: ids.stays, bedId: ids.beds, unitId: ids.units, reportId: ids['medical-reports'] }[param];
    return named ?? ids[before] ?? randomUUID();
  };

  const pathWith = (route: Route, values: Record<string, string> = {}) =>
    route.path.replace(/:(\w+)/g, (_, param: string) => values[param] ?? idForParam(route, param));

  // -------------------------------------------------------------------------------------------
  // Plausible bodies, from the OpenAPI schema: the starting point each malformation changes

  const plausible = (schema: Schema, name: string, depth = 0): fc.Arbitrary<unknown> => {
    const resolved = resolve(schema, document);
    const known = fieldIds[name];
    if (known !== undefined && (resolved.format === 'uuid' || resolved.type === 'array' || /Id$/.test(name))) return fc.constant(known);
    if (resolved.enum?.length) return fc.constantFrom(...resolved.enum);
    if (resolved.example !== undefined) return fc.constant(resolved.example);
    switch (resolved.type) {
      case 'object':
        if (depth > 4) return fc.constant({});
        return fc.record(
          Object.fromEntries(Object.entries(resolved.properties ?? {}).map(([key, property]) => [key, plausible(property, key, depth + 1)])),
          { requiredKeys: resolved.required ?? [] },
        );
      case 'array':
        return fc.array(plausible(resolved.items ?? {}, name, depth + 1), { minLength: 1, maxLength: 3 });
      case 'number':
      case 'integer':
        return fc.integer({ min: resolved.minimum ?? 1, max: Math.min(resolved.maximum ?? 3, (resolved.minimum ?? 1) + 2) });
      case 'boolean':
        return fc.boolean();
      case 'string':
        if (resolved.format === 'uuid') return fc.uuid({ version: 4 });
        // Now, when the value is made: after any check-in, never in the future.
        if (resolved.format === 'date-time') return fc.constant(null).map(() => new Date().toISOString());
        if (resolved.format === 'date') return fc.constant('1990-05-17');
        return fc.string({ minLength: Math.max(resolved.minLength ?? 3, 3), maxLength: Math.min(resolved.maxLength ?? 20, 20), unit: 'grapheme-ascii' });
      default:
        return fc.jsonValue({ maxDepth: 1 });
    }
  };

  const jsonBodySchema = (route: Route): Schema | undefined => route.operation?.requestBody?.content['application/json']?.schema;

  // -------------------------------------------------------------------------------------------
  // Malformations of a plausible body

  interface BodyCase {
    body: unknown;
    label: string;
    mustRefuse: boolean;
    /** Sent instead of the body's JSON text, with this content type. */
    raw?: { contentType: string; payload: string | Buffer };
  }

  /** Paths of every object and array in a value, the root included. */
  const containers = (value: unknown, path: (string | number)[] = [], into: (string | number)[][] = []) => {
    if (value !== null && typeof value === 'object' && !(value instanceof RawJson)) {
      into.push(path);
      for (const [key, item] of Object.entries(value)) containers(item, [...path, Array.isArray(value) ? Number(key) : key], into);
    }
    return into;
  };

  const at = (value: unknown, path: (string | number)[]) => path.reduce<unknown>((holder, key) => (holder as Record<string, unknown>)[key as string], value);
  /** A deep copy that keeps an own "__proto__" key an own key. */
  const clone = (value: unknown): unknown => {
    if (value instanceof RawJson || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(clone);
    const holder: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setOwn(holder, key, clone(item));
    return holder;
  };
  const hasNul = (value: unknown): boolean => {
    const stack = [value];
    while (stack.length) {
      const item = stack.pop();
      if (typeof item === 'string' && item.includes('\u0000')) return true;
      if (item !== null && typeof item === 'object' && !(item instanceof RawJson)) {
        for (const [key, child] of Object.entries(item)) {
          if (key.includes('\u0000')) return true;
          stack.push(child);
        }
      }
    }
    return false;
  };
  const depthOf = (value: unknown): number => {
    let deepest = 0;
    const stack: [unknown, number][] = [[value, 0]];
    while (stack.length) {
      const [item, depth] = stack.pop()!;
      deepest = Math.max(deepest, item instanceof RawJson ? depth + item.depth : depth);
      if (item !== null && typeof item === 'object' && !(item instanceof RawJson)) for (const child of Object.values(item)) stack.push([child, depth + 1]);
    }
    return deepest;
  };

  const malformedBody = (schema: Schema | undefined): fc.Arbitrary<BodyCase> => {
    const takesJson = schema !== undefined;
    const base = takesJson ? plausible(schema, '') : fc.constant({});
    const whole: fc.Arbitrary<BodyCase> = fc.oneof(
      // No body at all is an empty object: refused only where the body has a required field.
      fc.constantFrom(...RAW_BODIES).map((text) => ({ body: new RawJson(text), label: `raw ${describeValue(new RawJson(text))}`, mustRefuse: takesJson && (text !== '' || (resolve(schema, document).required?.length ?? 0) > 0) })),
      fc.jsonValue({ maxDepth: 3 }).map((body) => ({ body, label: `random JSON ${describeValue(body)}`, mustRefuse: false })),
      base.map((body) => ({ body: [body], label: 'the body inside an array', mustRefuse: takesJson })),
      deepValues.map((body) => ({ body, label: `nested ${depthOf(body)} deep`, mustRefuse: takesJson })),
      prototypeObjects.map((body) => ({ body, label: `prototype keys ${describeValue(body)}`, mustRefuse: takesJson })),
    );
    if (!takesJson) return whole;
    const mutated: fc.Arbitrary<BodyCase> = base.chain((plain) => {
      const body = clone(plain);
      const paths = containers(body);
      return fc.constantFrom(...paths).chain((path) => {
        const holder = at(body, path) as Record<string, unknown> | unknown[];
        const keys = Object.keys(holder);
        const where = path.length ? path.join('.') : '(body)';
        const options: fc.Arbitrary<BodyCase>[] = [];
        if (keys.length) {
          options.push(
            fc.tuple(fc.constantFrom(...keys), badValue).map(([key, value]) => {
              const copy = clone(body);
              setOwn(at(copy, path) as Record<string, unknown>, key, value);
              // The server refuses objects and arrays nested more than 32 deep: a leaf deeper than 32.
              const nestedTooDeep = depthOf(copy) > 32;
              return { body: copy, label: `${where}.${key} = ${describeValue(value)}`, mustRefuse: hasNul(value) || nestedTooDeep };
            }),
            fc.constantFrom(...keys).map((key) => {
              const copy = clone(body);
              const target = at(copy, path) as Record<string, unknown>;
              if (Array.isArray(target)) target.splice(Number(key), 1);
              else delete target[key];
              return { body: copy, label: `without ${where}.${key}`, mustRefuse: false };
            }),
          );
        }
        if (!Array.isArray(holder)) {
          options.push(
            fc.tuple(unknownKeys(knownFields), fc.oneof(badValue, fc.constant('x'))).map(([key, value]) => {
              const copy = clone(body);
              setOwn(at(copy, path) as Record<string, unknown>, key, value);
              return { body: copy, label: `unknown key ${JSON.stringify(key)} in ${where} = ${describeValue(value)}`, mustRefuse: true };
            }),
          );
          if (path.length) {
            options.push(
              fc.constant(null).map(() => {
                const copy = clone(body);
                const parent = at(copy, path.slice(0, -1)) as Record<string, unknown>;
                setOwn(parent, String(path[path.length - 1]), [at(copy, path)]);
                return { body: copy, label: `an array where ${where} is an object`, mustRefuse: true };
              }),
            );
          }
        }
        return fc.oneof(...options);
      });
    });
    // A plausible body in some other format than the JSON the route takes.
    const otherFormat: fc.Arbitrary<BodyCase> = fc
      .tuple(base, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/json; charset=nope', 'application/vnd.api+json', 'multipart/form-data; boundary=x'))
      .map(([body, contentType]) => ({ body, label: `${describeValue(body)} as ${contentType}`, mustRefuse: false, raw: { contentType, payload: toJsonText(body) } }));
    return fc.oneof({ weight: 2, arbitrary: whole }, { weight: 7, arbitrary: mutated }, { weight: 1, arbitrary: otherFormat });
  };

  /** Uploads that are not one PDF, JPEG or PNG in the field the route reads, or whose parts are malformed. */
  const malformedUpload = (field: string): fc.Arbitrary<BodyCase> => {
    const boundary = 'fuzz-boundary';
    const pdf = '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n';
    const part = (name: string | undefined, fileName: string | undefined, content: string, type = 'application/pdf') =>
      `--${boundary}\r\nContent-Disposition: form-data${name === undefined ? '' : `; name="${name}"`}${fileName === undefined ? '' : `; filename="${fileName}"`}\r\nContent-Type: ${type}\r\n\r\n${content}\r\n`;
    const end = `--${boundary}--\r\n`;
    const multipart = `multipart/form-data; boundary=${boundary}`;
    const refused = (label: string, contentType: string, payload: string): BodyCase => ({ body: undefined, label, mustRefuse: true, raw: { contentType, payload } });
    const cases = fc.constantFrom(
      refused('no boundary', 'multipart/form-data', part(field, 'a.pdf', pdf) + end),
      refused('another boundary', 'multipart/form-data; boundary=other', part(field, 'a.pdf', pdf) + end),
      refused('cut short', multipart, part(field, 'a.pdf', pdf).slice(0, 60)),
      refused('no closing boundary', multipart, part(field, 'a.pdf', pdf)),
      refused('two files', multipart, part(field, 'a.pdf', pdf) + part(field, 'b.pdf', pdf) + end),
      refused('a text field as well', multipart, part('note', undefined, 'x', 'text/plain') + part(field, 'a.pdf', pdf) + end),
      refused('the file in another field', multipart, part(`${field}x`, 'a.pdf', pdf) + end),
      refused('a part without a name', multipart, part(undefined, 'a.pdf', pdf) + end),
      refused('an empty file', multipart, part(field, 'a.pdf', '') + end),
      refused('a text file', multipart, part(field, 'a.txt', 'hello', 'text/plain') + end),
      refused('HTML called a PDF', multipart, part(field, 'a.pdf', '<script>alert(1)</script>') + end),
      refused('nothing', multipart, end),
      refused('garbage', multipart, '\u0000\u0001--\r\n\r\n'),
    );
    // A real PDF under a name no file system would take: accepted or refused, never a 500.
    const oddNames = fc
      .oneof(badStrings, fc.string({ maxLength: 30 }), fc.constantFrom('x'.repeat(5_000), '../../../etc/passwd', 'a.pdf\r\nContent-Type: text/html', '.htaccess', 'CON', ' '))
      .map((fileName) => ({ body: undefined, label: `a PDF named ${describeValue(fileName)}`, mustRefuse: false, raw: { contentType: multipart, payload: part(field, fileName.replace(/"/g, '%22'), pdf) + end } }));
    return fc.oneof({ weight: 3, arbitrary: cases }, { weight: 1, arbitrary: oddNames });
  };

  // -------------------------------------------------------------------------------------------
  // Sending, checking, collecting

  const failures: string[] = [];
  const counted = { body: 0, path: 0, query: 0, page: 0, refused: 0, accepted: 0 };
  /** Answers per route and status, printed with FUZZ_VERBOSE=1 to see how deep the inputs reach. */
  const answers = new Map<string, Map<number, number>>();

  /** Sends one request and checks the answer and, when it was refused, that no table changed. */
  let lastFingerprint: Record<string, string> | undefined;
  const exchange = async (sent: Sent, send: () => request.Test, kind: keyof typeof counted): Promise<string[]> => {
    // The fingerprint after a refused request is the one before the next.
    const before = lastFingerprint ?? (await fingerprint());
    lastFingerprint = undefined;
    const response = await send();
    counted[kind] += 1;
    const key = `${kind} ${sent.route.method.toUpperCase()} ${sent.route.path}`;
    const byStatus = answers.get(key) ?? new Map<number, number>();
    answers.set(key, byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1));
    const problems = problemsWith(sent, response);
    if (response.status >= 400) {
      counted.refused += 1;
      const after = await fingerprint();
      const changed = changes(before, after);
      if (changed.length) problems.push(`refused with ${response.status} but changed ${changed.join(', ')}`);
      else lastFingerprint = after;
    } else counted.accepted += 1;
    const polluted = Object.getOwnPropertyNames(Object.prototype).sort().join() !== prototypeKeysBefore.join() || ({} as Record<string, unknown>).polluted !== undefined;
    if (polluted) problems.push('Object.prototype was changed');
    return problems.map((problem) => `${sent.route.method.toUpperCase()} ${sent.route.path} [${sent.label}] ${problem}`);
  };

  /** Runs a property for a route; collects its failure (with the seed to repeat it) instead of stopping. */
  const fuzzRoute = async <T>(route: Route, index: number, arbitrary: fc.Arbitrary<T>, numRuns: number, check: (input: T) => Promise<string[]>) => {
    const seed = (SEED + index * 7919) | 0;
    lastFingerprint = undefined;
    const result = await fc.check(
      fc.asyncProperty(arbitrary, async (input) => {
        const problems = await check(input);
        if (problems.length) throw new Error(problems.join('\n'));
      }),
      { seed, numRuns, endOnFailure: true },
    );
    if (result.failed) failures.push(`${String(result.errorInstance instanceof Error ? result.errorInstance.message : result.errorInstance)}\n  (FUZZ_SEED=${SEED}, route seed ${seed})`);
  };

  const sendBody = (route: Route, token: string | undefined, path: string, input: BodyCase) =>
    request(baseUrl)[route.method](path)
      .set(as(token))
      .set('Content-Type', input.raw?.contentType ?? 'application/json')
      .send(input.raw?.payload ?? toJsonText(input.body));

  it('finds the routes to fuzz in the router, and their shapes in the OpenAPI document', () => {
    const api = routes.filter((route) => route.path.startsWith('/api/'));
    expect(api.length).toBeGreaterThanOrEqual(50);
    // Every route declares its access, and every route's shape is in the document the fuzzer reads.
    expect(routes.filter((route) => !route.rule).map((route) => route.path)).toEqual([]);
    expect(api.filter((route) => !route.operation).map((route) => `${route.method} ${route.path}`)).toEqual([]);
  });

  describe('inputs the fuzzer once found answered with a 500 or accepted', () => {
    const refused = async (response: request.Response, before: Record<string, string>) => {
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(changes(before, await fingerprint())).toEqual([]);
    };

    it('refuses an offset past the database integer range', async () => {
      const before = await fingerprint();
      await refused(await request(baseUrl).get('/api/v1/centres?offset=100000000000000000000').set(as(t.adminToken)), before);
      await refused(await request(baseUrl).get('/api/v1/audit?offset=9223372036854775808').set(as(t.adminToken)), before);
    });

    it.each(['__proto__', 'constructor', 'prototype', 'valueOf', 'toString'])('refuses a %s key, which validation used to drop unseen', async (key) => {
      const before = await fingerprint();
      const staff = await liveToken('staff');
      const response = await request(baseUrl).post('/api/v1/households').set(as(staff)).set('Content-Type', 'application/json').send(`{"label":"Famille K.",${JSON.stringify(key)}:{"polluted":"yes"}}`);
      await refused(response, before);
      expect(response.body.details.fields).toEqual({ [key]: ['is not an allowed field'] });
    });

    it('refuses an array where one nested object is expected', async () => {
      await ensureOpenStays();
      const staff = await liveToken('staff');
      const before = await fingerprint();
      await refused(await request(baseUrl).post(`/api/v1/stays/${ids.stays}/property`).set(as(staff)).send({ items: [[{ kind: 'item', description: 'Téléphone' }]] }), before);
      await refused(await request(baseUrl).post(`/api/v1/centres/${centreA.id}/check-ins`).set(as(staff)).send({ person: [newPerson()] }), before);
    });

    it.each(['2026-W01-1', '2026-01-01T10Z', '2026-01-01T00:00:00,5Z', '20260101'])('refuses the ISO 8601 time %s, which no Date reads', async (time) => {
      await ensureOpenStays();
      const caseworker = as(await liveToken('caseworker'));
      const before = await fingerprint();
      await refused(await request(baseUrl).post(`/api/v1/cases/${ids.cases}/tasks`).set(caseworker).send({ title: 'Call the lawyer', dueAt: time }), before);
      await refused(await request(baseUrl).get(`/api/v1/referrals?dueBefore=${time}`).set(caseworker), before);
    });

    it('refuses a null outcome for a completed age assessment', async () => {
      await ensureOpenStays();
      const before = await fingerprint();
      const response = await request(baseUrl).put(`/api/v1/people/${ids.people}/age-assessment`).set(as(await liveToken('staff'))).send({ status: 'completed', outcome: null });
      await refused(response, before);
    });
  });

  it('answers malformed bodies on every route with a 4xx in the contract shape, and changes nothing', async () => {
    const writes = routes.filter((route) => route.method !== 'get');
    for (const [index, route] of writes.entries()) {
      await ensureOpenStays();
      const token = await tokenForRoute(route);
      const schema = jsonBodySchema(route);
      const upload = route.operation?.requestBody?.content['multipart/form-data']?.schema;
      const uploadField = Object.keys(resolve(upload ?? {}, document).properties ?? {})[0];
      // An upload route is sent JSON (which it must refuse) as well as malformed uploads.
      const cases = uploadField
        ? fc.oneof(malformedBody(undefined).map((input) => ({ ...input, mustRefuse: true })), malformedUpload(uploadField))
        : malformedBody(schema);
      await fuzzRoute(route, index, cases, RUNS.body, (input) =>
        exchange({ route, label: input.label, mustRefuse: input.mustRefuse }, () => sendBody(route, token, pathWith(route), input), 'body'),
      );
    }
    expect(failures).toEqual([]);
  }, 240_000);

  it('answers malformed ids in every path with a 4xx in the contract shape', async () => {
    failures.length = 0;
    const withParams = routes.filter((route) => route.params.length > 0);
    const malformedId = fc.oneof(
      badIds.filter((id) => id !== SOME_UUID.toUpperCase()).map((id) => encodeQueryValue(id)),
      fc.constantFrom('%ZZ', '%', '%00', '%C0%80', '%ED%A0%80', '%FF', '..', '%2e%2e', '%2F', 'a%2Fb', '%20', '__proto__', 'constructor', 'prototype', 'null', '1e400', "'%20OR%20'1'%3D'1", '%3Cscript%3E'),
      fc.constantFrom(300, 5_000).map((length) => 'a'.repeat(length)),
      fc.string({ minLength: 1, maxLength: 40 }).map((text) => encodeQueryValue(text)),
      fc.uuid().map((id) => id.replace(/-/g, '_')),
    );
    for (const [index, route] of withParams.entries()) {
      await ensureOpenStays();
      const token = await tokenForRoute(route);
      const schema = jsonBodySchema(route);
      const body = schema ? fc.sample(plausible(schema, ''), { seed: SEED, numRuns: 1 })[0] : undefined;
      await fuzzRoute(route, index, fc.tuple(fc.constantFrom(...route.params), malformedId), RUNS.path, ([param, value]) =>
        exchange(
          { route, label: `:${param} = ${short(value, 60)}`, mustRefuse: true },
          () => {
            const call = request(baseUrl)[route.method](pathWith(route, { [param]: value })).set(as(token));
            return body === undefined ? call : call.set('Content-Type', 'application/json').send(toJsonText(body));
          },
          'path',
        ),
      );
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('answers malformed query strings on every route that reads with a 4xx in the contract shape', async () => {
    failures.length = 0;
    const reads = routes.filter((route) => route.method === 'get');
    const rawValues = fc.constantFrom('%ZZ', '%', '%00', '%C0%80', '%ED%A0%80', '%FF%FE', '+', '%2B', '&', '==', '%26%3D', '[]', '{}', 'a%5B%5D');
    const malformedValue = fc.oneof(
      { weight: 4, arbitrary: badValue.filter((value) => typeof value === 'string' || typeof value === 'number').map((value) => encodeQueryValue(String(value).slice(0, 3_000))) },
      { weight: 2, arbitrary: rawValues },
      { weight: 1, arbitrary: fc.constant('x'.repeat(3_000)) },
    );
    for (const [index, route] of reads.entries()) {
      await ensureOpenStays();
      const token = await tokenForRoute(route);
      const documented = (route.operation?.parameters ?? []).filter((parameter) => parameter.in === 'query');
      const names = [...new Set([...documented.map((parameter) => parameter.name), 'limit', 'offset'])];
      // Plausible values for the documented parameters, some of them left out: what each malformation changes.
      const base = fc.record(
        Object.fromEntries(documented.map((parameter) => [parameter.name, plausible(parameter.schema ?? { type: 'string' }, parameter.name).map((value) => encodeQueryValue(String(value)))])),
        { requiredKeys: [] },
      );
      const toPairs = (values: Partial<Record<string, string>>) => Object.entries(values).map(([key, value]) => `${key}=${value}`);
      const oddName = fc.oneof(
        fc.constantFrom(...names).chain((known) => fc.constantFrom(`${known}[]`, `${known}[0]`, `${known}[a]`, `${known}[__proto__]`, `${known}.x`)),
        fc.constantFrom('__proto__', '__proto__[polluted]', 'constructor[prototype][polluted]', 'prototype', 'toString', '', '%00', '%ZZ', 'x'.repeat(2_000)),
      );
      const query = fc.oneof(
        // One parameter malformed.
        fc.tuple(base, fc.constantFrom(...names), malformedValue).map(([values, key, value]) => toPairs({ ...values, [key]: value })),
        // One parameter repeated.
        fc.tuple(base, fc.constantFrom(...names), fc.array(fc.oneof(malformedValue, fc.constantFrom('1', '2')), { minLength: 2, maxLength: 4 })).map(([values, key, repeated]) => [...toPairs(values), ...repeated.map((value) => `${key}=${value}`)]),
        // A name no route reads, or written as an array or an object.
        fc.tuple(base, oddName, fc.oneof(malformedValue, fc.constant('1'))).map(([values, key, value]) => [...toPairs(values), `${key}=${value}`]),
        // Nothing plausible at all.
        fc.array(fc.tuple(fc.oneof(fc.constantFrom(...names), oddName), malformedValue).map(([key, value]) => `${key}=${value}`), { minLength: 1, maxLength: 4 }),
      );
      // Longer URLs are refused by Node's HTTP parser (431) before the application sees them.
      const bounded = query.filter((pairs) => pairs.join('&').length + route.path.length < 8_000);
      await fuzzRoute(route, index, bounded, RUNS.query, (pairs) =>
        exchange({ route, label: `?${short(pairs.join('&'), 200)}`, mustRefuse: false }, () => request(baseUrl).get(`${pathWith(route)}?${pairs.join('&')}`).set(as(token)), 'query'),
      );
    }
    expect(failures).toEqual([]);
  }, 120_000);

  /** A page session for a role, signed in through the login form. */
  const sessionFor = async (role: Role): Promise<string> => {
    if (sessions[role]) return sessions[role];
    const { email, password } = users[role]!;
    const form = await request(baseUrl).get('/login').expect(200);
    const cookie = sessionCookie(form)!;
    const signedIn = await request(baseUrl).post('/login').set('Cookie', cookie).type('form').send({ _csrf: csrfOf(form.text), email, password }).expect(303);
    sessions[role] = sessionCookie(signedIn) ?? cookie;
    return sessions[role];
  };

  it('answers malformed ids and query strings on every page with an error page, never a 5xx or a stack trace', async () => {
    failures.length = 0;
    const names = ['limit', 'offset', 'from', 'to', 'q', 'centreId', 'open', 'format', 'status', 'done', 'checkedIn', 'recorded', 'granularity', 'groupBy', 'year', 'runs', 'holds'];
    const value = fc.oneof(
      badValue.filter((item) => typeof item === 'string' || typeof item === 'number').map((item) => encodeQueryValue(String(item).slice(0, 3_000))),
      fc.constantFrom('%ZZ', '%00', '%ED%A0%80', '', '[]'),
    );
    const pair = fc.tuple(fc.oneof(fc.constantFrom(...names), fc.constantFrom(...names).map((name) => `${name}[]`), fc.constantFrom('__proto__[polluted]', 'constructor')), value).map(([name, item]) => `${name}=${item}`);
    for (const [index, route] of pages.entries()) {
      await ensureOpenStays();
      const cookie = await sessionFor(roleFor(route)!);
      const malformedQuery = fc.array(pair, { minLength: 1, maxLength: 4 }).map((pairs) => ({ label: `?${short(pairs.join('&'), 200)}`, url: `${pathWith(route)}?${pairs.join('&')}`, mustRefuse: false }));
      const malformedId = () =>
        fc
          .tuple(fc.constantFrom(...route.params), fc.constantFrom('not-a-uuid', '%ZZ', '%00', '..', '1e400', 'a'.repeat(3_000), SOME_UUID.replace(/-/g, '')))
          .map(([param, id]) => ({ label: `:${param} = ${short(id, 60)}`, url: pathWith(route, { [param]: id }), mustRefuse: true }));
      const input = route.params.length ? fc.oneof(malformedQuery, malformedId()) : malformedQuery;
      await fuzzRoute(route, index, input, RUNS.query, (sent) =>
        exchange({ route, label: sent.label, mustRefuse: sent.mustRefuse }, () => request(baseUrl).get(sent.url).set('Cookie', cookie), 'page'),
      );
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('has fuzzed enough to mean something, and Object.prototype is as it was', () => {
    if (process.env.FUZZ_VERBOSE) {
      console.info([...answers].map(([route, byStatus]) => `${route}: ${[...byStatus].sort().map(([status, count]) => `${status}×${count}`).join(' ')}`).join('\n'));
    }
    console.info(`fuzz seed ${SEED}: ${counted.body} bodies, ${counted.path} paths, ${counted.query} query strings, ${counted.page} pages; ${counted.refused} refused, ${counted.accepted} accepted`);
    expect(counted.body).toBeGreaterThanOrEqual(RUNS.body * routes.filter((route) => route.method !== 'get').length);
    expect(counted.refused).toBeGreaterThan(counted.accepted);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeysBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
