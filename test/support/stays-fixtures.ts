// Helpers for the centres, check-in, people and stays end-to-end tests: requests as a user,
// check-ins, households, and counts read straight from the database.
import request from 'supertest';
import { newPerson } from './fixtures.js';
import type { TestApp } from './test-app.js';

export type Who = string | { token: string };

const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export { DAY_MS };

/** Requests against the API as one user. */
export function as(t: TestApp, who: Who) {
  const auth = { Authorization: `Bearer ${typeof who === 'string' ? who : who.token}` };
  return {
    get: (path: string) => request(t.http).get(path).set(auth),
    post: (path: string, body?: unknown) => request(t.http).post(path).set(auth).send(body as object),
    patch: (path: string, body?: unknown) => request(t.http).patch(path).set(auth).send(body as object),
    put: (path: string, body?: unknown) => request(t.http).put(path).set(auth).send(body as object),
    /** A raw JSON text as the body, for bodies supertest would not send as they are. */
    postRaw: (path: string, text: string) => request(t.http).post(path).set(auth).set('Content-Type', 'application/json').send(text),
  };
}

export const asAdmin = (t: TestApp) => as(t, t.adminToken);

/** POST /centres/:id/check-ins, whatever the answer. */
export function checkIn(t: TestApp, who: Who, centreId: string, body: Record<string, unknown>) {
  return as(t, who).post(`/api/v1/centres/${centreId}/check-ins`, body);
}

export interface CheckedIn {
  stay: { id: string; bedId: string; unitId: string; caseId: string; householdId: string | null; checkedInAt: string; legalLimitAt: string; authorisedUntil: string | null; ageAssessmentRequired: boolean; interceptionId: string | null };
  person: { id: string };
  case: { id: string };
  possibleDuplicates: { personId: string; score: number }[];
}

/** A check-in that must succeed (201); the response body. */
export async function checkedIn(t: TestApp, who: Who, centreId: string, body: Record<string, unknown> = { person: newPerson() }): Promise<CheckedIn> {
  const response = await checkIn(t, who, centreId, body);
  if (response.status !== 201) throw new Error(`check-in answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as CheckedIn;
}

/** POST /api/v1/households as staff; the new household's id. */
export async function household(t: TestApp, who: Who, label?: string): Promise<string> {
  const response = await as(t, who).post('/api/v1/households', label ? { label } : {}).expect(201);
  return response.body.id as string;
}

/** GET /centres/:id/occupancy, which must answer 200. */
export async function occupancy(t: TestApp, who: Who, centreId: string) {
  const response = await as(t, who).get(`/api/v1/centres/${centreId}/occupancy`).expect(200);
  return response.body as { capacity: number; occupied: number; available: number; units: { id: string; name: string; capacity: number; occupied: number }[] };
}

/** A date of birth that makes someone `years` old today (a day past their birthday). */
export function bornYearsAgo(years: number): string {
  const now = new Date();
  const date = new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth(), now.getUTCDate()));
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/** A new person under 18. */
export const newChild = (overrides: Record<string, unknown> = {}) => newPerson({ dateOfBirth: bornYearsAgo(9), ...overrides });

/** Row counts that a refused request must leave unchanged. */
export async function counts(t: TestApp) {
  const [row] = await t.dataSource.query(
    `SELECT (SELECT count(*)::int FROM people) AS people,
            (SELECT count(*)::int FROM stays) AS stays,
            (SELECT count(*)::int FROM cases) AS cases,
            (SELECT count(*)::int FROM case_status_changes) AS "caseHistory",
            (SELECT count(*)::int FROM households) AS households,
            (SELECT count(*)::int FROM beds WHERE occupied) AS "occupiedBeds",
            (SELECT count(*)::int FROM audit_events WHERE action IN ('stay.create', 'person.create', 'case.create')) AS "createAudits"`,
  );
  return row as Record<string, number>;
}

/** The bed a stay is on: its unit, housing and position. */
export async function bedOf(t: TestApp, bedId: string): Promise<{ unitId: string; housing: string; position: number; label: string }> {
  const [row] = await t.dataSource.query(
    `SELECT b.unit_id AS "unitId", u.housing, b.position, b.label FROM beds b JOIN units u ON u.id = b.unit_id WHERE b.id = $1`,
    [bedId],
  );
  return row;
}

/** Audit events about one record, as the admin reads them. */
export async function auditOf(t: TestApp, entityId: string): Promise<{ action: string; actorId: string; entityId: string; outcome: string }[]> {
  const response = await asAdmin(t).get(`/api/v1/audit?entityId=${entityId}&limit=500`).expect(200);
  return response.body.items;
}

/** An ISO time `ms` milliseconds from now (negative: in the past). */
export const fromNow = (ms: number) => new Date(Date.now() + ms).toISOString();
