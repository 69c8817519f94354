// Authorisation proofs, generated from the route table of the running server:
//  - every route × every role against the route's declared roles (403 for a role it does not list);
//  - every route with an id parameter, given another centre's records, answers 404 and changes nothing;
//  - a funder crawling every route and page allowed to them never receives a person's data.
// Routes added later are covered without editing this file, except where it says to extend a map.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import request from 'supertest';
import { AlertsService } from '@escale/alerts';
import { NoticesService } from '@escale/notices';
import { FixedClock, ROLES, type Role } from '@escale/platform';
import { ReportsService } from '@escale/reports';
import { createCentre, newPerson } from '../support/fixtures.js';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { allows, isApiRoute, pathParams, routeTable, type RouteEntry } from '../support/route-table.js';
import { DEFAULT_PASSWORD, startTestApp, tokenFor, type TestApp } from '../support/test-app.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** A well-formed id (the id pipe's UUID v4 shape) that names no record. */
const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';
/** How many requests run at once: enough to keep the file short, few enough for a 2-core machine. */
const PARALLEL = 6;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** Strings that only a person's data carries: names, aliases and free-text notes. */
const CANARIES = ['zzcanaryfamily', 'qqcanarygiven', 'yycanaryalias', 'xxcanarynote', 'wwcanaryhousehold'];

interface Caller {
  role: Role;
  id: string;
  email: string;
  password: string;
  token: string;
  /** The page session: its cookie and its CSRF token. */
  cookie: string;
  csrf: string;
}

/** One centre group's records: a reception centre with everything a stay gathers, and a removal centre. */
interface Side {
  tag: 'Alfa' | 'Bravo';
  centre: string;
  removal: string;
  unit: string;
  /** A free bed in service. */
  bed: string;
  staff: Caller;
  caseworker: Caller;
  interception: string;
  /** An open entry of the centre's waiting list. */
  waiting: string;
  household: string;
  person: string;
  stay: string;
  case: string;
  caseVersion: number;
  note: string;
  task: string;
  referral: string;
  referralVersion: number;
  document: string;
  property: string;
  /** A signed return of property (another item of the stay). */
  propertyReturn: string;
  welfareCheck: string;
  vulnerability: string;
  ageAssessment: string;
  medicalReport: string;
  removalPerson: string;
  removalStay: string;
  removalCase: string;
  extension: string;
  hearing: string;
  removalOrder: string;
  legalContact: string;
  historyPerson: string;
  historyStay: string;
  historyCase: string;
  historyReferral: string;
  notice: string;
  alert: string;
}

type Body = { json: object } | { form: Record<string, string> } | { file: { name: string; content: Buffer } } | undefined;

/**
 * The record of a side that a route's `:id` names, by the route's path prefix (without /api/v1);
 * the longest prefix that matches wins. A route whose prefix is not here fails the test below:
 * extend this map when adding a route with an id parameter.
 */
const RECORD_BY_PREFIX: readonly [string, (side: Side) => string][] = [
  // An extension only exists for a placement in a removal centre.
  ['/stays/:id/extensions', (s) => s.removalStay],
  // Hearings are of a placement in a removal centre; its legal record page shows them.
  ['/stays/:id/hearings', (s) => s.removalStay],
  ['/stays/:id/legal', (s) => s.removalStay],
  ['/hearings/:id', (s) => s.hearing],
  ['/removal-orders/:id', (s) => s.removalOrder],
  ['/legal-contacts/:id', (s) => s.legalContact],
  ['/stays/:id', (s) => s.stay],
  ['/people/:id', (s) => s.person],
  ['/cases/:id', (s) => s.case],
  ['/referrals/:id', (s) => s.referral],
  ['/documents/:id', (s) => s.document],
  ['/tasks/:id', (s) => s.task],
  ['/notices/:id', (s) => s.notice],
  ['/alerts/:id', (s) => s.alert],
  ['/medical-reports/:id', (s) => s.medicalReport],
  ['/centres/:id', (s) => s.centre],
  ['/interceptions/:id', (s) => s.interception],
  ['/waiting/:id', (s) => s.waiting],
  ['/units/:id', (s) => s.unit],
  ['/beds/:id', (s) => s.bed],
  ['/users/:id', (s) => s.staff.id],
  // A lockout is named by a hash, in no centre: any other value names no lockout (404).
  ['/auth/lockouts/:id', (s) => s.staff.id],
  ['/lockouts/:id', (s) => s.staff.id],
];

/** The record a route's other id parameters name, by the parameter's name. Extend it with a new parameter name. */
const RECORD_BY_PARAM: Readonly<Record<string, (side: Side) => string>> = {
  unitId: (s) => s.unit,
  bedId: (s) => s.bed,
  stayId: (s) => s.stay,
  reportId: (s) => s.medicalReport,
  entryId: (s) => s.waiting,
  householdId: (s) => s.household,
  returnId: (s) => s.propertyReturn,
  hearingId: (s) => s.hearing,
  orderId: (s) => s.removalOrder,
  contactId: (s) => s.legalContact,
  // A notice language belongs to no centre: only administrators record its reviews.
  code: () => 'prs',
  // The background jobs' queues and their jobs belong to no centre: only administrators see or retry them.
  queue: () => 'notices',
  jobId: () => PLACEHOLDER_ID,
};

/** A date and time as a page's datetime-local field sends it (Paris time). */
const parisLocal = (at: Date) => at.toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).replace(' ', 'T').slice(0, 16);

/**
 * Well-formed bodies for the writes that staff and caseworkers may make on a route with an id,
 * so that a request gets past validation to the service, which must answer 404 for a record of
 * another centre. `own` is the caller's side, `other` the side whose records the path names.
 * A write route missing here fails the IDOR test: extend this map when adding one.
 */
function idorBody(route: string, own: Side, other: Side, now: Date): Body | 'missing' {
  const past = parisLocal(new Date(now.getTime() - HOUR));
  const future = parisLocal(new Date(now.getTime() + DAY));
  const bodies: Record<string, Body> = {
    // API
    'PATCH /api/v1/beds/:id': { json: { inService: false } },
    'POST /api/v1/centres/:id/check-ins': { json: { person: newPerson() } },
    'POST /api/v1/stays/:id/check-out': { json: { reason: 'released_by_court' } },
    'POST /api/v1/stays/:id/transfers': { json: { toCentreId: own.removal } },
    'POST /api/v1/stays/:id/property': { json: { items: [{ kind: 'item', description: 'A blue bag' }] } },
    'POST /api/v1/stays/:id/property/returns': { json: { itemIds: [other.property], signedBy: 'person' } },
    'PUT /api/v1/stays/:id/welfare-level': { json: { level: 'heightened', reason: 'Seemed very low today' } },
    'POST /api/v1/stays/:id/welfare-checks': { json: { outcome: 'seen_well' } },
    'POST /api/v1/stays/:id/extensions': { json: { decidedAt: new Date(now.getTime() - HOUR).toISOString(), days: 30, decidedBy: 'JLD de Lille' } },
    // Names the reception stay: its own centre answers that only a removal-centre placement is refused, so the control changes nothing.
    'POST /api/v1/stays/:id/extension-refusals': { json: { decidedAt: new Date(now.getTime() - HOUR).toISOString(), decidedBy: 'JLD de Lille' } },
    'POST /api/v1/stays/:id/medical-reports': { json: { kind: 'other_concern', sentTo: 'Préfecture du Nord' } },
    'POST /api/v1/medical-reports/:id/reply': { json: { replySummary: 'Placement maintained' } },
    'POST /api/v1/people/:id/vulnerabilities': { json: { type: 'pregnancy' } },
    'PUT /api/v1/people/:id/age-assessment': { json: { status: 'in_progress' } },
    'PATCH /api/v1/people/:id': { json: { version: 1, givenNames: 'Renamed' } },
    'POST /api/v1/people/:id/aliases': { json: { name: 'Another Name', source: 'police' } },
    'POST /api/v1/people/:id/identifiers': { json: { kind: 'police_ref', value: `REF-${other.tag}` } },
    'POST /api/v1/people/:id/merge': { json: { duplicateId: own.person, version: 1 } },
    'PATCH /api/v1/cases/:id': { json: { status: 'asylum_in_progress', version: other.caseVersion } },
    'POST /api/v1/cases/:id/notes': { json: { text: 'A note' } },
    'POST /api/v1/cases/:id/tasks': { json: { title: 'Call the lawyer', dueAt: new Date(now.getTime() + DAY).toISOString() } },
    'POST /api/v1/cases/:id/referrals': { json: { kind: 'asylum' } },
    'POST /api/v1/tasks/:id/done': undefined,
    'POST /api/v1/referrals/:id/transitions': { json: { to: 'submitted', version: other.referralVersion } },
    'POST /api/v1/referrals/:id/documents': { file: { name: 'attestation.pdf', content: PDF } },
    'POST /api/v1/referrals/:id/abscondment': { json: { version: other.referralVersion } },
    'POST /api/v1/referrals/:id/transfer-appeal': { json: { version: other.referralVersion } },
    'POST /api/v1/referrals/:id/transfer-appeal/decision': { json: { version: other.referralVersion, outcome: 'rejected' } },
    'POST /api/v1/referrals/:id/dates': { json: { version: other.referralVersion, kind: 'guda_appointment', at: new Date(now.getTime() + DAY).toISOString() } },
    'POST /api/v1/notices/:id/handover': { json: { language: 'fr', interpreter: { mode: 'none' } } },
    'POST /api/v1/stays/:id/reopen': undefined,
    // A stale version: the own stay is reached (409 VERSION_CONFLICT) and nothing moves.
    'POST /api/v1/stays/:id/bed-moves': { json: { bedId: own.bed, version: 999_999 } },
    'PUT /api/v1/stays/:id/household': { json: { householdId: own.household, version: 999_999 } },
    'POST /api/v1/centres/:id/placement-plans': { json: { members: [{ ref: 'p1', sex: 'female', dateOfBirth: '1990-01-01' }] } },
    'POST /api/v1/alerts/:id/acknowledge': undefined,
    // Into the caller's own centre, from the interception the path names.
    'POST /api/v1/interceptions/:id/arrivals': { json: { centreId: own.centre, people: [{ ref: `idor-${other.tag}`, person: newPerson() }] } },
    'POST /api/v1/waiting/:id/check-in': undefined,
    'POST /api/v1/waiting/:id/close': { json: { reason: 'other' } },
    'POST /api/v1/stays/:id/hearings': { json: { scheduledAt: new Date(now.getTime() + DAY).toISOString(), court: 'JLD de Lille', purpose: 'extension' } },
    'POST /api/v1/hearings/:id/outcome': { json: { outcome: 'adjourned', decidedAt: new Date(now.getTime() - HOUR).toISOString(), adjournedTo: new Date(now.getTime() + 2 * DAY).toISOString() } },
    'POST /api/v1/stays/:id/removal-orders': { json: { kind: 'without_departure_period', notifiedAt: new Date(now.getTime() - HOUR).toISOString() } },
    'POST /api/v1/removal-orders/:id/appeal': { json: { lodgedAt: new Date(now.getTime() - HOUR).toISOString(), court: 'Tribunal administratif de Lille' } },
    'POST /api/v1/removal-orders/:id/decision': { json: { decidedAt: new Date(now.getTime() - HOUR).toISOString(), outcome: 'upheld' } },
    'POST /api/v1/people/:id/legal-contacts': { json: { kind: 'lawyer', name: 'Maître Dubois', phone: '+33 3 20 00 00 00' } },
    'POST /api/v1/legal-contacts/:id/end': { json: { reason: 'Replaced' } },
    // pages
    'POST /centres/:id/check-in': {
      form: { familyName: 'Karimi', givenNames: 'Reza', dateOfBirth: '1994-02-03', sex: 'male', nationalities: 'AFG', languages: 'fa', createAnyway: '1' },
    },
    'POST /centres/:id/check-in/households': { form: { label: 'Famille Karimi' } },
    'POST /centres/:id/check-in/interceptions': { form: { occurredAt: past, location: 'Gravelines', agency: 'Police aux frontières', groupSize: '3' } },
    'POST /centres/:id/welfare/:stayId/checks': { form: { outcome: 'seen_well' } },
    'POST /centres/:id/welfare/units/:unitId/round': { form: { stayIds: other.stay, confirm: 'yes' } },
    'POST /stays/:id/property': { form: { kind: 'item', description: 'A blue bag', quantity: '1' } },
    'POST /stays/:id/property/returns': { form: { itemIds: other.property, signedBy: 'person' } },
    'POST /stays/:id/check-out': { form: { reason: 'released_by_court', confirm: 'yes' } },
    'POST /stays/:id/transfers': { form: { toCentreId: own.removal, confirm: 'yes' } },
    'POST /stays/:id/welfare-level': { form: { level: 'heightened', reason: 'Seemed very low today' } },
    'POST /stays/:id/welfare-checks': { form: { outcome: 'seen_well' } },
    'POST /stays/:id/extensions': { form: { decidedAt: past, days: '30', decidedBy: 'JLD de Lille', confirm: 'yes' } },
    'POST /stays/:id/medical-reports': { form: { kind: 'other_concern', sentTo: 'Préfecture du Nord' } },
    'POST /stays/:id/medical-reports/:reportId/reply': { form: { replySummary: 'Placement maintained' } },
    'POST /people/:id/vulnerabilities': { form: { type: 'pregnancy' } },
    'POST /people/:id/age-assessment': { form: { status: 'in_progress' } },
    'POST /people/:id/edit': { form: { version: '1', givenNames: 'Renamed' } },
    'POST /people/:id/aliases': { form: { name: 'Another Name', source: 'police' } },
    'POST /people/:id/identifiers': { form: { kind: 'police_ref', value: `REF-PAGE-${other.tag}` } },
    'POST /people/:id/merge': { form: { duplicateId: own.person, version: '1', confirm: 'yes' } },
    'POST /cases/:id/status': { form: { status: 'asylum_in_progress', version: String(other.caseVersion) } },
    'POST /cases/:id/assign': { form: { version: String(other.caseVersion) } },
    'POST /cases/:id/notes': { form: { text: 'A note' } },
    'POST /cases/:id/tasks': { form: { title: 'Call the lawyer', dueAt: future } },
    'POST /cases/:id/referrals': { form: {} },
    'POST /referrals/:id/transitions': { form: { to: 'submitted', version: String(other.referralVersion) } },
    'POST /referrals/:id/documents': { file: { name: 'attestation.pdf', content: PDF } },
    'POST /referrals/:id/abscondment': { form: { version: String(other.referralVersion), confirm: 'yes' } },
    'POST /referrals/:id/transfer-appeal': { form: { version: String(other.referralVersion) } },
    'POST /referrals/:id/transfer-appeal/decision': { form: { version: String(other.referralVersion), outcome: 'rejected', confirm: 'yes' } },
    'POST /referrals/:id/dates': { form: { version: String(other.referralVersion), kind: 'guda_appointment', at: future } },
    'POST /tasks/:id/done': { form: {} },
    'POST /notices/:id/handover': { form: { language: 'fr', interpreterMode: 'none', confirm: 'yes' } },
    'POST /alerts/:id/acknowledge': { form: {} },
    'POST /stays/:id/reopen': { form: {} },
    'POST /stays/:id/bed-moves': { form: { bedId: randomUUID() } },
    'POST /stays/:id/household': { form: { householdId: randomUUID() } },
    // No rows: the own interception answers the form again (400) and records nothing.
    'POST /interceptions/:id/roster': { form: { centreId: own.centre } },
    'POST /centres/:id/waiting/:entryId/check-in': { form: {} },
    'POST /centres/:id/waiting/:entryId/close': { form: { reason: 'other' } },
    'POST /stays/:id/legal/hearings': { form: { scheduledAt: future, court: 'JLD de Lille', purpose: 'extension' } },
    'POST /stays/:id/legal/hearings/:hearingId/outcome': { form: { outcome: 'adjourned', decidedAt: past, adjournedTo: future } },
    'POST /stays/:id/legal/removal-orders': { form: { kind: 'without_departure_period', notifiedAt: past } },
    'POST /stays/:id/legal/removal-orders/:orderId/appeal': { form: { lodgedAt: past, court: 'Tribunal administratif de Lille' } },
    'POST /stays/:id/legal/removal-orders/:orderId/decision': { form: { decidedAt: past, outcome: 'upheld', confirm: 'yes' } },
    'POST /stays/:id/legal/contacts': { form: { kind: 'lawyer', name: 'Maître Dubois', phone: '+33 3 20 00 00 00' } },
    'POST /stays/:id/legal/contacts/:contactId/end': { form: { reason: 'Replaced' } },
    'POST /centres/:id/waiting/households/:householdId/plan': { form: { entryId: randomUUID(), bedId: randomUUID() } },
  };
  return route in bodies ? bodies[route] : 'missing';
}

/**
 * (route, role) pairs whose route lists the role but whose service deliberately refuses it with
 * 403 (a rule finer than the route's). Each one says why; keep the list short.
 */
const SERVICE_REFUSALS: readonly { route: string; role: Role; why: string }[] = [
  { route: 'DELETE /api/v1/users/:id/mfa', role: 'admin', why: "resetting a second factor needs the caller's own one-time code, and this token was issued on a password alone" },
];

/** Tables a refused request may write to: the audit trail (audit_*) records each denial, and page sessions roll on. */
const snapshotExcluded = (table: string) => table.startsWith('audit_') || table === 'sessions';

/** Reads any answer as text (JSON, CSV, HTML or a file), so every body can be searched. */
function asText(res: IncomingMessage, done: (error: Error | null, body: string) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer | string) => chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
  res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
  res.on('error', (error) => done(error, ''));
}

const jsonOf = (text: string): { code?: string } | undefined => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Runs `work` over `items`, `size` at a time, keeping the order of the results. */
async function inParallel<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]);
      }
    }),
  );
  return results;
}

describe('authorisation proofs', () => {
  const clock = new FixedClock(new Date());
  let t: TestApp;
  let table: RouteEntry[];
  let A: Side;
  let B: Side;
  const users = {} as Record<Role, Caller>;

  interface Answer {
    status: number;
    text: string;
    type: string;
  }

  /** One request as a caller: the API with their token, a page with their session and CSRF token. */
  async function call(who: Caller, method: string, url: string, body?: Body, token = who.token): Promise<Answer> {
    const api = url.startsWith('/api/');
    const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    let req = request(t.http)[verb](url);
    req = api ? req.set('Authorization', `Bearer ${token}`) : req.set('Cookie', who.cookie).set('X-CSRF-Token', who.csrf).set('Accept-Language', 'en');
    if (body && 'file' in body) req = req.attach('file', body.file.content, body.file.name);
    else if (body && 'form' in body) req = req.type('form').send(body.form);
    else if (body && 'json' in body) req = req.send(body.json);
    else if (!['GET', 'DELETE', 'HEAD'].includes(method)) req = api ? req.send({}) : req.type('form').send({});
    // The node client hands the parser the raw response stream.
    const response = await req.buffer(true).parse(asText as unknown as Parameters<typeof req.parse>[0]);
    return { status: response.status, text: response.body as string, type: String(response.headers['content-type'] ?? '') };
  }

  const isForbidden = (api: boolean, answer: Answer) =>
    answer.status === 403 && (api ? jsonOf(answer.text)?.code === 'FORBIDDEN' : answer.type.startsWith('text/html') && answer.text.includes('(403)'));
  const isNotFound = (api: boolean, answer: Answer) =>
    answer.status === 404 && (api ? jsonOf(answer.text)?.code === 'NOT_FOUND' : answer.type.startsWith('text/html') && answer.text.includes('(404)'));

  /** The path with each parameter replaced by `value(param)`. */
  const fill = (path: string, value: (param: string) => string) => path.replace(/:(\w+)/g, (_, param: string) => value(param));

  /** The record of `side` that a parameter of a route names, or an explanation of what map to extend. */
  function recordFor(entry: RouteEntry, param: string, side: Side): string {
    if (param === 'id') {
      const path = entry.path.replace(/^\/api\/v1(?=\/)/, '');
      const found = [...RECORD_BY_PREFIX].sort((a, b) => b[0].length - a[0].length).find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}.`));
      if (!found) throw new Error(`${entry.route}: no record is known for ":id" under this path: extend RECORD_BY_PREFIX in test/e2e/authorisation.e2e-spec.ts`);
      return found[1](side);
    }
    const byName = RECORD_BY_PARAM[param];
    if (!byName) throw new Error(`${entry.route}: no record is known for ":${param}": extend RECORD_BY_PARAM in test/e2e/authorisation.e2e-spec.ts`);
    return byName(side);
  }

  /** Every id of a side's records about a person: none may reach a funder, nor a caller of another centre. */
  const personalIds = (s: Side) =>
    [s.person, s.stay, s.case, s.referral, s.document, s.note, s.task, s.property, s.welfareCheck, s.vulnerability, s.ageAssessment, s.medicalReport]
      .concat([s.removalPerson, s.removalStay, s.removalCase, s.extension, s.hearing, s.removalOrder, s.legalContact, s.historyPerson, s.historyStay, s.historyCase, s.historyReferral])
      .concat([s.notice, s.alert, s.household]);

  /**
   * What of a person's data a body holds: canary strings and record ids (empty when none). An id
   * the request's own URL carries is not counted: a page repeats its own address in its forms.
   */
  function leaksIn(text: string, ids: readonly string[], canaries: readonly string[] = CANARIES, url = ''): string[] {
    const lower = text.toLowerCase();
    const unasked = ids.filter((id) => !url.toLowerCase().includes(id.toLowerCase()));
    return [...canaries.filter((canary) => lower.includes(canary)), ...unasked.filter((id) => lower.includes(id.toLowerCase())).map((id) => `id ${id}`)];
  }

  async function pageSession(email: string, password: string): Promise<{ cookie: string; csrf: string }> {
    const page = await request(t.http).get('/login').set('Accept-Language', 'en').expect(200);
    const login = await request(t.http)
      .post('/login')
      .set('Cookie', sessionCookie(page)!)
      .type('form')
      .send({ _csrf: csrfOf(page.text), email, password })
      .expect(303);
    const cookie = sessionCookie(login)!;
    const home = await request(t.http).get('/').set('Cookie', cookie).expect(200);
    return { cookie, csrf: csrfOf(home.text) };
  }

  async function caller(role: Role, centreIds: string[] = []): Promise<Caller> {
    const user = await t.userWithToken(role, centreIds);
    return { role, id: user.id, email: user.email, password: DEFAULT_PASSWORD, token: user.token, cookie: '', csrf: '' };
  }

  const api = (who: { token: string }) => ({
    get: (path: string) => request(t.http).get(path).set('Authorization', `Bearer ${who.token}`),
    post: (path: string, body: object = {}) => request(t.http).post(path).set('Authorization', `Bearer ${who.token}`).send(body),
    put: (path: string, body: object) => request(t.http).put(path).set('Authorization', `Bearer ${who.token}`).send(body),
  });

  /** Runs the outbox's notice jobs in this process, as the worker would. */
  async function runNoticeJobs(): Promise<void> {
    const notices = t.app.get(NoticesService);
    const pending = await t.dataSource.query<{ id: string; job_name: string; payload: Record<string, string> }[]>(
      `SELECT id, job_name, payload FROM outbox_messages WHERE completed_at IS NULL AND job_name IN ('prepare-person-notice', 'deliver-alert-notices') ORDER BY created_at`,
    );
    for (const job of pending) {
      if (job.job_name === 'prepare-person-notice') await notices.preparePersonNotice(job.id, job.payload as never);
      else await notices.deliverAlertNotices(job.id, job.payload.alertId);
    }
  }

  /** A centre group with a full set of records, every one of them carrying the side's canaries. */
  async function seed(tag: Side['tag'], centres: { reception: Awaited<ReturnType<typeof createCentre>>; removal: Awaited<ReturnType<typeof createCentre>> }, staff: Caller, caseworker: Caller): Promise<Side> {
    const now = clock.now();
    const person = (given: string) => newPerson({ familyName: `Zzcanaryfamily${tag}`, givenNames: `Qqcanarygiven${tag} ${given}`, aliases: [`Yycanaryalias${tag}`], languages: ['fr'] });
    const note = (what: string) => `Xxcanarynote${tag} ${what}`;
    const asStaff = api(staff);
    const asCaseworker = api(caseworker);

    // Someone who came and went weeks ago, with a referral withdrawn: the reports have a past to show.
    clock.set(new Date(now.getTime() - 45 * DAY));
    const history = (await asStaff.post(`/api/v1/centres/${centres.reception.id}/check-ins`, { person: person('Earlier') }).expect(201)).body;
    const historyReferral = (await asCaseworker.post(`/api/v1/cases/${history.case.id}/referrals`, { kind: 'asylum' }).expect(201)).body;
    await asCaseworker.post(`/api/v1/referrals/${historyReferral.id}/transitions`, { to: 'withdrawn', version: historyReferral.version, note: note('withdrawn') }).expect(200);
    clock.set(new Date(now.getTime() - 40 * DAY));
    await asStaff.post(`/api/v1/stays/${history.stay.id}/check-out`, { reason: 'released_by_court', destination: note('destination') }).expect(200);
    clock.set(now);

    const interception = (await asStaff.post('/api/v1/interceptions', { occurredAt: new Date(now.getTime() - 3 * DAY).toISOString(), location: 'Gravelines, plage du Clipon', agency: 'Police aux frontières', groupSize: 4 }).expect(201)).body.id;
    const household = (await asStaff.post('/api/v1/households', { label: `Wwcanaryhousehold${tag}` }).expect(201)).body.id;
    const checkedIn = (
      await asStaff.post(`/api/v1/centres/${centres.reception.id}/check-ins`, { person: person('Main'), interceptionId: interception, householdId: household, checkedInAt: new Date(now.getTime() - 2 * DAY).toISOString() }).expect(201)
    ).body;
    const stay = checkedIn.stay.id as string;
    const property = (await asStaff.post(`/api/v1/stays/${stay}/property`, { items: [{ kind: 'item', description: note('phone') }] }).expect(201)).body.items[0].id;
    const bag = (await asStaff.post(`/api/v1/stays/${stay}/property`, { items: [{ kind: 'item', description: note('bag') }] }).expect(201)).body.items[0].id;
    const propertyReturn = (await asStaff.post(`/api/v1/stays/${stay}/property/returns`, { itemIds: [bag], signedBy: 'person' }).expect(201)).body.id;
    const welfareCheck = (await asStaff.post(`/api/v1/stays/${stay}/welfare-checks`, { outcome: 'concern_raised', notes: note('check') }).expect(201)).body.check.id;
    const vulnerability = (await asStaff.post(`/api/v1/people/${checkedIn.person.id}/vulnerabilities`, { type: 'mental_health', notes: note('vulnerability') }).expect(201)).body.id;
    const ageAssessment = (await asStaff.put(`/api/v1/people/${checkedIn.person.id}/age-assessment`, { status: 'requested' }).expect(200)).body.id;
    const medicalReport = (await asStaff.post(`/api/v1/stays/${stay}/medical-reports`, { kind: 'other_concern', sentTo: note('prefecture') }).expect(201)).body.id;
    const caseNote = (await asCaseworker.post(`/api/v1/cases/${checkedIn.case.id}/notes`, { text: note('case') }).expect(201)).body.id;
    const task = (await asCaseworker.post(`/api/v1/cases/${checkedIn.case.id}/tasks`, { title: note('task'), dueAt: new Date(now.getTime() + DAY).toISOString() }).expect(201)).body.id;
    const referral = (await asCaseworker.post(`/api/v1/cases/${checkedIn.case.id}/referrals`, { kind: 'asylum' }).expect(201)).body;
    const document = (await request(t.http).post(`/api/v1/referrals/${referral.id}/documents`).set('Authorization', `Bearer ${caseworker.token}`).attach('file', PDF, `${note('document').replace(' ', '-')}.pdf`).expect(201)).body.id;
    const caseVersion = (await asCaseworker.get(`/api/v1/cases/${checkedIn.case.id}`).expect(200)).body.version as number;

    const removal = (await asStaff.post(`/api/v1/centres/${centres.removal.id}/check-ins`, { person: person('Removal'), checkedInAt: new Date(now.getTime() - DAY).toISOString() }).expect(201)).body;
    const extension = (await asStaff.post(`/api/v1/stays/${removal.stay.id}/extensions`, { decidedAt: new Date(now.getTime() - HOUR).toISOString(), days: 26, decidedBy: 'JLD de Lille' }).expect(201)).body.extension.id;
    const hearing = (await asStaff.post(`/api/v1/stays/${removal.stay.id}/hearings`, { scheduledAt: new Date(now.getTime() + DAY).toISOString(), court: 'JLD de Lille', purpose: 'extension' }).expect(201)).body.id;
    const removalOrder = (await asStaff.post(`/api/v1/stays/${removal.stay.id}/removal-orders`, { kind: 'without_departure_period', notifiedAt: new Date(now.getTime() - HOUR).toISOString() }).expect(201)).body.id;
    const legalContact = (await asCaseworker.post(`/api/v1/people/${checkedIn.person.id}/legal-contacts`, { kind: 'lawyer', name: 'Maître Dubois', notes: note('lawyer') }).expect(201)).body.id;

    const alerts = t.app.get(AlertsService);
    await t.dataSource.transaction((manager) => alerts.raise(manager, { centreId: centres.reception.id, stayId: stay, kind: 'welfare_check_overdue', severity: 'warning', episodeKey: `authorisation:${stay}`, dueAt: now }));
    const [{ id: alert }] = await t.dataSource.query(`SELECT id FROM alerts WHERE episode_key = $1`, [`authorisation:${stay}`]);
    await runNoticeJobs();
    const [found] = await t.dataSource.query(`SELECT id FROM notices WHERE stay_id = $1 AND audience = 'person' AND status = 'rendered'`, [stay]);
    if (!found) throw new Error('the check-in made no notice');

    const freeBed = centres.reception.units[0].bedIds.find((bed) => bed !== checkedIn.stay.bedId)!;
    // Someone of the household, from the interception, waiting for a bed (the one who came and went earlier, back again).
    const [{ id: waiting }] = await t.dataSource.query(
      `INSERT INTO waiting_list (centre_id, person_id, interception_id, household_id, arrived_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [centres.reception.id, history.person.id, interception, household, now, staff.id],
    );
    return {
      tag,
      centre: centres.reception.id,
      removal: centres.removal.id,
      unit: centres.reception.units[0].id,
      bed: freeBed,
      staff,
      caseworker,
      interception,
      waiting,
      household,
      person: checkedIn.person.id,
      stay,
      case: checkedIn.case.id,
      caseVersion,
      note: caseNote,
      task,
      referral: referral.id,
      referralVersion: referral.version,
      document,
      property,
      propertyReturn,
      welfareCheck,
      vulnerability,
      ageAssessment,
      medicalReport,
      removalPerson: removal.person.id,
      removalStay: removal.stay.id,
      removalCase: removal.case.id,
      extension,
      hearing,
      removalOrder,
      legalContact,
      historyPerson: history.person.id,
      historyStay: history.stay.id,
      historyCase: history.case.id,
      historyReferral: historyReferral.id,
      notice: found.id,
      alert,
    };
  }

  beforeAll(async () => {
    t = await startTestApp({ clock });
    table = routeTable(t);
    const layout = { units: [{ housing: 'men' as const, beds: 4 }, { housing: 'families' as const, beds: 4 }] };
    const centres = {
      Alfa: { reception: await createCentre(t, layout), removal: await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 3 }] }) },
      Bravo: { reception: await createCentre(t, layout), removal: await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 3 }] }) },
    };
    const own = (side: 'Alfa' | 'Bravo') => [centres[side].reception.id, centres[side].removal.id];
    users.admin = await caller('admin');
    users.staff = await caller('staff', own('Alfa'));
    users.caseworker = await caller('caseworker', own('Alfa'));
    users.funder = await caller('funder');
    users.auditor = await caller('auditor');
    const bravoStaff = await caller('staff', own('Bravo'));
    const bravoCaseworker = await caller('caseworker', own('Bravo'));

    A = await seed('Alfa', centres.Alfa, users.staff, users.caseworker);
    B = await seed('Bravo', centres.Bravo, bravoStaff, bravoCaseworker);

    // Spend and budgets, the nightly occupancy snapshots, and the funders' monthly message.
    const lastMonth = new Date(Date.UTC(clock.now().getUTCFullYear(), clock.now().getUTCMonth(), 0)).toISOString().slice(0, 7);
    for (const centreId of [A.centre, B.centre, A.removal, B.removal]) {
      await api(users.admin).post('/api/v1/spend', { centreId, date: `${lastMonth}-15`, category: 'accommodation', fundingSource: 'UK', amountCents: 120_000 }).expect(201);
      await api(users.admin).post('/api/v1/budgets', { centreId, year: Number(lastMonth.slice(0, 4)), fundingSource: 'UK', amountCents: 5_000_000 }).expect(201);
    }
    await t.app.get(ReportsService).takeSnapshots();
    await t.app.get(NoticesService).notifyMonthlyReportReady(lastMonth);

    for (const role of ROLES) Object.assign(users[role], await pageSession(users[role].email, users[role].password));
  });
  afterAll(() => t?.close());

  it('knows, for every id parameter of every route, which record of another centre to name', () => {
    const unknown: string[] = [];
    for (const entry of table) {
      for (const param of pathParams(entry.path)) {
        try {
          recordFor(entry, param, B);
        } catch (error) {
          unknown.push((error as Error).message);
        }
      }
    }
    expect(unknown).toEqual([]);
  });

  it('declares, for every endpoint of the API contract, the roles the contract names', () => {
    const ANY = [...ROLES];
    // ../shared/API.md, "Endpoints": who may call each binding endpoint ('public': anyone, signed in or not).
    const contract: Record<string, readonly Role[] | 'public'> = {
      'POST /api/v1/auth/token': 'public',
      'GET /api/v1/me': ANY,
      'POST /api/v1/users': ['admin'],
      'GET /api/v1/users': ['admin'],
      'POST /api/v1/centres': ['admin'],
      'GET /api/v1/centres': ANY,
      'GET /api/v1/centres/:id': ANY,
      'POST /api/v1/centres/:id/units': ['admin'],
      'POST /api/v1/units/:id/beds': ['admin'],
      'PATCH /api/v1/beds/:id': ['admin', 'staff'],
      'GET /api/v1/centres/:id/occupancy': ['admin', 'staff', 'funder'],
      'POST /api/v1/interceptions': ['staff'],
      'POST /api/v1/centres/:id/check-ins': ['staff'],
      'GET /api/v1/people': ['staff', 'caseworker'],
      'GET /api/v1/people/:id': ['staff', 'caseworker'],
      'GET /api/v1/stays': ['staff', 'caseworker'],
      'GET /api/v1/stays/:id': ['staff', 'caseworker'],
      'POST /api/v1/stays/:id/extensions': ['staff'],
      'POST /api/v1/stays/:id/check-out': ['staff'],
      'POST /api/v1/stays/:id/transfers': ['staff'],
      'POST /api/v1/people/:id/vulnerabilities': ['staff', 'caseworker'],
      'PUT /api/v1/stays/:id/welfare-level': ['staff'],
      'POST /api/v1/stays/:id/welfare-checks': ['staff'],
      'GET /api/v1/welfare-checks/overdue': ['staff'],
      'GET /api/v1/cases/:id': ['staff', 'caseworker'],
      'PATCH /api/v1/cases/:id': ['caseworker'],
      'POST /api/v1/cases/:id/referrals': ['caseworker'],
      'POST /api/v1/referrals/:id/transitions': ['caseworker'],
      'GET /api/v1/referrals': ['caseworker'],
      'GET /api/v1/notices': ['staff', 'caseworker'],
      'GET /api/v1/notices/:id': ['staff', 'caseworker'],
      'POST /api/v1/spend': ['admin'],
      'POST /api/v1/budgets': ['admin'],
      'GET /api/v1/reports/occupancy': ['funder', 'admin', 'auditor'],
      'GET /api/v1/reports/spend': ['funder', 'admin', 'auditor'],
      'GET /api/v1/reports/outcomes': ['funder', 'admin', 'auditor'],
      'GET /api/v1/audit': ['admin', 'auditor'],
      // v1.1, "Safeguarding".
      'GET /api/v1/agenda': ['staff', 'caseworker'],
      // "The legal record": the register of L744-2.
      'GET /api/v1/centres/:id/register': ['staff', 'admin', 'auditor'],
      'GET /health': 'public',
      'GET /health/ready': 'public',
    };
    const declared = (route: string) => {
      const rule = table.find((entry) => entry.route === route)?.rule;
      return !rule ? 'not mounted' : rule.kind === 'public' ? 'public' : [...rule.roles].sort();
    };
    const expected = Object.fromEntries(Object.entries(contract).map(([route, roles]) => [route, roles === 'public' ? roles : [...roles].sort()]));
    expect(Object.fromEntries(Object.keys(contract).map((route) => [route, declared(route)]))).toEqual(expected);
  });

  it('answers every route for every role as its declaration says: 403 for a role it does not list, never 403 for one it does', async () => {
    const cells = table
      .filter((entry) => entry.rule?.kind !== 'public')
      .flatMap((entry) => ROLES.map((role) => ({ entry, role, allowed: allows(entry.rule, role) })));
    const allowedStatuses: Record<number, number> = {};
    const problems = await inParallel(cells, PARALLEL, async ({ entry, role, allowed }) => {
      const who = users[role];
      const url = fill(entry.path, () => PLACEHOLDER_ID);
      // Revoking the token in use would end this caller's requests: that route gets a token of its own.
      const token = entry.route === 'DELETE /api/v1/auth/token' && allowed ? await tokenFor(t.http, who.email, who.password) : who.token;
      const answer = await call(who, entry.method, url, undefined, token);
      if (allowed) allowedStatuses[answer.status] = (allowedStatuses[answer.status] ?? 0) + 1;
      const refusal = SERVICE_REFUSALS.find((pair) => pair.route === entry.route && pair.role === role);
      if (!allowed && !isForbidden(isApiRoute(entry), answer)) return `${entry.route} as ${role}: ${answer.status}, expected the 403 ${isApiRoute(entry) ? 'FORBIDDEN body' : 'error page'}`;
      if (allowed && refusal && !isForbidden(isApiRoute(entry), answer)) return `${entry.route} as ${role}: ${answer.status}, listed as refused by its service (${refusal.why}): remove it from SERVICE_REFUSALS`;
      if (allowed && !refusal && (answer.status === 401 || answer.status === 403 || answer.status >= 500)) return `${entry.route} as ${role}: ${answer.status} ${answer.text.slice(0, 160)}`;
      return null;
    });
    const routes = new Set(cells.map((cell) => cell.entry.route)).size;
    const allowedCells = cells.filter((cell) => cell.allowed).length;
    console.log(
      `authorisation matrix: ${routes} routes × ${ROLES.length} roles = ${cells.length} cells (${allowedCells} allowed, ${cells.length - allowedCells} refused); ` +
        `${table.length - routes} public routes skipped; ${SERVICE_REFUSALS.length} refusals by a service allowed; the allowed cells answered ${JSON.stringify(allowedStatuses)}`,
    );
    expect(problems.filter(Boolean)).toEqual([]);
    // Over a thousand cells, each an audited request: about a minute alone, longer beside another test file.
  }, 240_000);

  /** A snapshot of every table a refused request must leave alone: row counts and a hash of the rows. */
  async function snapshot(): Promise<Record<string, string>> {
    const tables = await t.dataSource.query<{ name: string }[]>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`);
    const result: Record<string, string> = {};
    for (const { name } of tables) {
      if (snapshotExcluded(name)) continue;
      const [row] = await t.dataSource.query(`SELECT count(*)::int AS n, coalesce(md5(string_agg(md5(r::text), ',' ORDER BY md5(r::text))), '') AS h FROM "${name}" r`);
      result[name] = `${row.n} rows ${row.h}`;
    }
    return result;
  }

  interface IdRequest {
    label: string;
    route: string;
    who: Caller;
    method: string;
    url: string;
    body: Body;
    api: boolean;
  }

  /**
   * The requests to every id route a staff member or caseworker of Alfa may call. "other": naming
   * Bravo's records (and, with two ids, Alfa's first record with Bravo's second); "own": naming
   * Alfa's own records, the control that proves the map and the bodies reach a real record.
   */
  function idRequests(kind: 'api' | 'page', mode: 'other' | 'own') {
    const missing: string[] = [];
    const requests: IdRequest[] = [];
    for (const entry of table) {
      const params = pathParams(entry.path);
      if (params.length === 0 || isApiRoute(entry) !== (kind === 'api') || entry.rule?.kind === 'public') continue;
      for (const role of ['staff', 'caseworker'] as const) {
        if (!allows(entry.rule, role)) continue;
        let body: Body = undefined;
        if (['POST', 'PUT', 'PATCH'].includes(entry.method)) {
          const found = idorBody(entry.route, A, mode === 'own' ? A : B, clock.now());
          if (found === 'missing') {
            missing.push(`${entry.route}: no well-formed body for the IDOR test: extend idorBody in test/e2e/authorisation.e2e-spec.ts`);
            continue;
          }
          body = found;
        }
        const variants: ((index: number) => Side)[] = mode === 'own' ? [() => A] : [() => B];
        if (mode === 'other' && params.length > 1) variants.push((index) => (index === 0 ? A : B));
        for (const side of variants) {
          const url = fill(entry.path, (param) => recordFor(entry, param, side(params.indexOf(param))));
          const whose = mode === 'own' ? 'of its own centre' : 'of another centre';
          requests.push({ label: `${entry.route} as ${role} ${whose} (${url})`, route: entry.route, who: users[role], method: entry.method, url, body, api: kind === 'api' });
        }
      }
    }
    return { requests, missing };
  }

  async function proveIdor(kind: 'api' | 'page') {
    const { requests, missing } = idRequests(kind, 'other');
    expect(missing).toEqual([]);
    expect(requests.length).toBeGreaterThan(kind === 'api' ? 20 : 10);
    const before = await snapshot();
    const problems = await inParallel(requests, PARALLEL, async (r) => {
      const answer = await call(r.who, r.method, r.url, r.body);
      const leaks = leaksIn(answer.text, personalIds(B), ['bravo'], r.url);
      if (!isNotFound(r.api, answer)) return `${r.label}: ${answer.status} ${answer.text.slice(0, 160)}`;
      if (leaks.length) return `${r.label}: the 404 names ${leaks.join(', ')}`;
      return null;
    });
    const after = await snapshot();
    const changed = Object.keys(before).filter((name) => before[name] !== after[name]).map((name) => `${name}: ${before[name]} -> ${after[name]}`);
    console.log(`IDOR (${kind}): ${requests.length} requests naming another centre's records`);
    expect({ problems: problems.filter(Boolean), changed }).toEqual({ problems: [], changed: [] });
  }

  it("answers 404, and changes nothing, for another centre's record on every API route with an id", async () => {
    await proveIdor('api');
  });

  it("answers the 404 page, and changes nothing, for another centre's record on every page with an id", async () => {
    await proveIdor('page');
  });

  it("neither reveals nor acts on another centre's records named in a query or a body", async () => {
    const staff = users.staff;
    const caseworker = users.caseworker;
    const before = await snapshot();
    const cases: { who: Caller; method: string; url: string; body?: Body; expect: number[] }[] = [
      // Filters naming another centre: refused, or answered with nothing of it.
      { who: staff, method: 'GET', url: `/api/v1/stays?centreId=${B.centre}`, expect: [200, 404] },
      { who: caseworker, method: 'GET', url: `/api/v1/stays?centreId=${B.centre}&open=true`, expect: [200, 404] },
      { who: staff, method: 'GET', url: `/api/v1/welfare-checks/overdue?centreId=${B.centre}`, expect: [200, 404] },
      { who: staff, method: 'GET', url: `/api/v1/alerts?centreId=${B.centre}`, expect: [200, 404] },
      { who: staff, method: 'GET', url: `/api/v1/notices?personId=${B.person}`, expect: [200, 404] },
      { who: staff, method: 'GET', url: `/api/v1/agenda?centreId=${B.centre}`, expect: [404] },
      { who: caseworker, method: 'GET', url: `/api/v1/agenda?centreId=${B.removal}`, expect: [404] },
      { who: caseworker, method: 'GET', url: `/agenda?centreId=${B.centre}`, expect: [404] },
      { who: caseworker, method: 'GET', url: `/data-protection?centreId=${B.centre}`, expect: [404] },
      { who: caseworker, method: 'GET', url: `/api/v1/notices?personId=${B.removalPerson}`, expect: [200, 404] },
      // Lists and searches of the caller's own centres.
      { who: staff, method: 'GET', url: '/api/v1/people?q=Zzcanaryfamily', expect: [200] },
      { who: caseworker, method: 'GET', url: '/api/v1/people?q=Zzcanaryfamily', expect: [200] },
      { who: staff, method: 'GET', url: '/api/v1/stays', expect: [200] },
      { who: caseworker, method: 'GET', url: '/api/v1/referrals', expect: [200] },
      { who: caseworker, method: 'GET', url: '/api/v1/dashboard', expect: [200] },
      { who: staff, method: 'GET', url: '/api/v1/agenda?to=' + new Date(clock.now().getTime() + 60 * DAY).toISOString(), expect: [200] },
      { who: caseworker, method: 'GET', url: '/api/v1/agenda', expect: [200] },
      { who: staff, method: 'GET', url: '/agenda?period=month', expect: [200] },
      { who: staff, method: 'GET', url: '/api/v1/alerts', expect: [200] },
      { who: staff, method: 'GET', url: '/api/v1/welfare-checks/overdue', expect: [200] },
      { who: staff, method: 'GET', url: '/api/v1/centres', expect: [200] },
      { who: staff, method: 'GET', url: '/alerts', expect: [200] },
      { who: caseworker, method: 'GET', url: '/dashboard', expect: [200] },
      { who: caseworker, method: 'GET', url: '/data-protection', expect: [200] },
      { who: staff, method: 'GET', url: '/age-assessments', expect: [200] },
      { who: staff, method: 'GET', url: '/centres', expect: [200] },
      // A page of the caller's own centre asked to show another centre's stay.
      { who: staff, method: 'GET', url: `/centres/${A.centre}/check-in?checkedIn=${B.stay}`, expect: [404] },
      // A check-in into the caller's own centre of another centre's person, or onto its bed: the person and the bed are unknown here.
      { who: staff, method: 'POST', url: `/api/v1/centres/${A.centre}/check-ins`, body: { json: { personId: B.historyPerson } }, expect: [404] },
      { who: staff, method: 'POST', url: `/api/v1/centres/${A.centre}/check-ins`, body: { json: { personId: B.person } }, expect: [404] },
      { who: staff, method: 'POST', url: `/api/v1/centres/${A.centre}/check-ins`, body: { json: { person: newPerson(), bedId: B.bed } }, expect: [404] },
    ];
    const problems = await inParallel(cases, PARALLEL, async (c) => {
      const answer = await call(c.who, c.method, c.url, c.body);
      const leaks = leaksIn(answer.text, personalIds(B), ['bravo'], c.url);
      if (!c.expect.includes(answer.status)) return `${c.method} ${c.url} as ${c.who.role}: ${answer.status} (expected ${c.expect.join(' or ')}) ${answer.text.slice(0, 160)}`;
      if (leaks.length) return `${c.method} ${c.url} as ${c.who.role}: the answer names another centre's ${leaks.join(', ')}`;
      return null;
    });
    const after = await snapshot();
    const changed = Object.keys(before).filter((name) => before[name] !== after[name]).map((name) => `${name}: ${before[name]} -> ${after[name]}`);
    expect({ problems: problems.filter(Boolean), changed }).toEqual({ problems: [], changed: [] });
  });

  it('finds the canaries and ids where a person is shown (the control of the leak checks)', async () => {
    const person = await call(users.staff, 'GET', `/api/v1/people/${A.person}`);
    expect(person.status).toBe(200);
    expect(leaksIn(person.text, personalIds(A))).toEqual(expect.arrayContaining(['zzcanaryfamily', 'qqcanarygiven', 'yycanaryalias', `id ${A.person}`, `id ${A.stay}`]));
    const page = await call(users.caseworker, 'GET', `/cases/${A.case}`);
    expect(page.status).toBe(200);
    expect(leaksIn(page.text, personalIds(A), CANARIES, `/cases/${A.case}`)).toEqual(expect.arrayContaining(['zzcanaryfamily', 'xxcanarynote', `id ${A.referral}`]));
    const notice = await call(users.staff, 'GET', `/api/v1/notices/${A.notice}`);
    expect(leaksIn(notice.text, [])).toContain('zzcanaryfamily');
  });

  describe('funder crawl', () => {
    const allIds = () => [...personalIds(A), ...personalIds(B)];

    /** Query strings a report, list or page may take; a route that takes none ignores or refuses them. */
    function queryVariants(): string[] {
      const today = clock.now().toISOString().slice(0, 10);
      const from = new Date(clock.now().getTime() - 75 * DAY).toISOString().slice(0, 10);
      const lastMonth = new Date(Date.UTC(clock.now().getUTCFullYear(), clock.now().getUTCMonth(), 0)).toISOString().slice(0, 7);
      return [
        '',
        '?format=csv',
        `?from=${from}&to=${today}&granularity=day`,
        `?from=${from}&to=${today}&granularity=day&format=csv`,
        '?groupBy=fundingSource&format=csv',
        `?year=${lastMonth.slice(0, 4)}`,
        ...[A.centre, B.centre, B.removal].flatMap((centreId) => [
          `?centreId=${centreId}&granularity=day&from=${from}&to=${today}`,
          `?centreId=${centreId}&granularity=month&from=${from}&to=${today}`,
          `?centreId=${centreId}&month=${lastMonth}`,
        ]),
      ];
    }

    /** The URLs of a route with the records of both centres in its parameters (the route itself when it has none). */
    const urlsOf = (entry: RouteEntry) => (pathParams(entry.path).length === 0 ? [entry.path] : [...new Set([A, B].map((side) => fill(entry.path, (param) => recordFor(entry, param, side))))]);

    async function crawl(kind: 'api' | 'page') {
      const funder = users.funder;
      const routes = table.filter((entry) => entry.method === 'GET' && isApiRoute(entry) === (kind === 'api') && entry.rule?.kind !== 'public' && allows(entry.rule, 'funder'));
      const urls = routes.flatMap((entry) => urlsOf(entry).flatMap((url) => queryVariants().map((query) => ({ route: entry.route, url: `${url}${query}` }))));
      const answers = await inParallel(urls, PARALLEL, async ({ route, url }) => ({ route, url, answer: await call(funder, 'GET', url) }));
      const problems = answers.flatMap(({ route, url, answer }) => {
        const leaks = leaksIn(answer.text, allIds(), CANARIES, url);
        if (answer.status >= 500) return [`GET ${url} (${route}): ${answer.status}`];
        if (answer.status === 401 || answer.status === 403) return [`GET ${url} (${route}): ${answer.status} for a route that lists the funder`];
        return leaks.length ? [`GET ${url} (${route}): ${answer.status} ${answer.type} holds ${leaks.join(', ')}`] : [];
      });
      const ok = answers.filter(({ answer }) => answer.status === 200);
      // Each route was read for real at least once, not only refused for its query.
      const unread = routes.filter((entry) => !ok.some(({ route }) => route === entry.route)).map((entry) => `${entry.route}: no variant answered 200`);
      const statuses = answers.reduce<Record<number, number>>((counts, { answer }) => ({ ...counts, [answer.status]: (counts[answer.status] ?? 0) + 1 }), {});
      console.log(
        `funder crawl (${kind}): ${routes.length} routes, ${answers.length} requests, ${ok.length} answered 200 (${ok.filter(({ answer }) => answer.type.startsWith('text/csv')).length} CSV); statuses ${JSON.stringify(statuses)}`,
      );
      expect([...problems, ...unread]).toEqual([]);
      return { routes, answers };
    }

    it("reads every API route allowed to funders, in every variant, without a person's name, note or record id", async () => {
      const { routes, answers } = await crawl('api');
      expect(routes.map((entry) => entry.route)).toEqual(expect.arrayContaining(['GET /api/v1/reports/occupancy', 'GET /api/v1/reports/outcomes', 'GET /api/v1/centres/:id/occupancy']));
      // The crawl read real figures: the occupancy report of the seeded centres has rows.
      // (Funders read monthly figures only: the day variants answer 400.)
      const occupancy = answers.find(({ url, answer }) => url === `/api/v1/reports/occupancy?centreId=${A.centre}&granularity=month&from=${new Date(clock.now().getTime() - 75 * DAY).toISOString().slice(0, 10)}&to=${clock.now().toISOString().slice(0, 10)}` && answer.status === 200);
      expect(jsonOf(occupancy!.answer.text)).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ centreId: A.centre })]) });
    });

    it("reads every page allowed to funders, in every variant, without a person's name, note or record id", async () => {
      const { routes, answers } = await crawl('page');
      expect(routes.map((entry) => entry.route)).toEqual(expect.arrayContaining(['GET /', 'GET /reports', 'GET /reports/monthly', 'GET /reports/occupancy.csv']));
      expect(answers.filter(({ route, answer }) => route === 'GET /reports' && answer.status === 200).length).toBeGreaterThan(0);
    });

    it('is refused (403) every GET route not allowed to funders, even with real records in its path', async () => {
      const funder = users.funder;
      const routes = table.filter((entry) => entry.method === 'GET' && entry.rule?.kind !== 'public' && !allows(entry.rule, 'funder'));
      const urls = routes.flatMap((entry) => urlsOf(entry).map((url) => ({ entry, url })));
      const problems = await inParallel(urls, PARALLEL, async ({ entry, url }) => {
        const answer = await call(funder, 'GET', url);
        if (!isForbidden(isApiRoute(entry), answer)) return `GET ${url} (${entry.route}): ${answer.status}, expected 403`;
        const leaks = leaksIn(answer.text, allIds(), CANARIES, url);
        return leaks.length ? `GET ${url}: the 403 holds ${leaks.join(', ')}` : null;
      });
      console.log(`funder refusals: ${urls.length} requests to ${routes.length} GET routes not allowed to funders`);
      expect(problems.filter(Boolean)).toEqual([]);
    });
  });

  // Last, as it changes Alfa's records: the same routes, ids and bodies reach the caller's own
  // records, so each 404 above comes from the centre scope, not from a wrong id or a bad body.
  it("reaches the caller's own records through every id route (the control of the IDOR tests)", async () => {
    // Taking someone off the waiting list comes last too, after the plans that read the list.
    const rank = (r: IdRequest) => (r.method === 'GET' ? 0 : /\/(check-out|transfers)$/.test(r.route) || /\/waiting\/:\w+\/(check-in|close)$/.test(r.route) ? 2 : 1);
    const requests = [...idRequests('api', 'own').requests, ...idRequests('page', 'own').requests].sort((a, b) => rank(a) - rank(b));
    const check = async (r: IdRequest) => {
      const answer = await call(r.who, r.method, r.url, r.body);
      const reached = answer.status !== 404 && answer.status !== 401 && answer.status !== 403 && answer.status < 500;
      return !reached || (r.method === 'GET' && answer.status !== 200) ? `${r.label}: ${answer.status} ${answer.text.slice(0, 160)}` : null;
    };
    // Reads side by side; writes one after another, the stay's check-out and transfer last.
    const problems = await inParallel(requests.filter((r) => r.method === 'GET'), PARALLEL, check);
    for (const r of requests.filter((r) => r.method !== 'GET')) problems.push(await check(r));
    expect(problems.filter(Boolean)).toEqual([]);
  });
});
