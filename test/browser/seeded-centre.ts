// One reception centre and one removal centre with everything their pages show: people in beds,
// someone waiting for a bed, a boat's roster, a case with a referral, a document, tasks on the
// agenda, notices, welfare checks, an alert, property with a return, and two months of stays
// and spending for the reports. Made through the API, as the pages' users make them.
import type { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { FixedClock, type Role } from '@escale/platform';
import { createCentre, newPerson, type CentreFixture } from '../support/fixtures.js';
import { eventually, startTestWorker } from '../support/test-app.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEFAULT_PASSWORD, startBrowserHarness, type BrowserHarness } from './browser-support.js';

const DAY = 86_400_000;

export interface SeededCentre {
  h: BrowserHarness;
  worker: INestApplicationContext;
  reception: CentreFixture;
  removal: CentreFixture;
  /** A whole month of the past, with stays and spending, that funders may read ("2026-01"). */
  pastMonth: string;
  logins: Record<Role, { email: string; password: string }>;
  ids: { personId: string; stayId: string; caseId: string; referralId: string; noticeId: string; interceptionId: string; householdId: string; returnId: string; removalStayId: string };
  close(): Promise<void>;
}

/** The server, the worker and a browser on a database holding a working centre's records. */
export async function startSeededCentre(): Promise<SeededCentre> {
  const now = new Date();
  // The reports give funders whole months only, once they can no longer change: the past is recorded first.
  const clock = new FixedClock(new Date(now.getTime() - 75 * DAY));
  const h = await startBrowserHarness({ clock, env: { TOKEN_TTL_MINUTES: String(60 * 24 * 120) } });
  const worker = await startTestWorker(h.t.config, { clock, schedules: false });
  try {
    return await seed(h, worker, clock, now);
  } catch (error) {
    await worker.close();
    await h.close();
    throw error;
  }
}

async function seed(h: BrowserHarness, worker: INestApplicationContext, clock: FixedClock, now: Date): Promise<SeededCentre> {
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const admin = bearer(h.t.adminToken);
  const post = (path: string, auth: Record<string, string>, body: object, status = 201) => request(h.t.http).post(path).set(auth).send(body).expect(status);

  const reception = await createCentre(h.t, { kind: 'reception', units: [{ name: 'Aile familles', housing: 'families', beds: 6 }, { housing: 'men', beds: 14 }] });
  const removal = await createCentre(h.t, { kind: 'removal', units: [{ housing: 'men', beds: 4 }] });
  const logins = { admin: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } } as SeededCentre['logins'];
  const tokens = {} as Record<Role, Record<string, string>>;
  const userIds = {} as Record<Role, string>;
  for (const role of ['staff', 'caseworker', 'funder', 'auditor'] as const) {
    const user = await h.t.userWithToken(role, role === 'staff' || role === 'caseworker' ? [reception.id, removal.id] : []);
    logins[role] = { email: user.email, password: DEFAULT_PASSWORD };
    tokens[role] = bearer(user.token);
    userIds[role] = user.id;
  }
  const staff = tokens.staff;
  const caseworker = tokens.caseworker;

  // Two months past: arrivals and departures, and what was spent.
  const arrivals: { stay: string; at: number }[] = [];
  for (let day = 0; day < 8; day++) {
    const at = clock.now().getTime() - (8 - day) * DAY;
    arrivals.push({ stay: (await post(`/api/v1/centres/${reception.id}/check-ins`, staff, { person: newPerson(), checkedInAt: new Date(at).toISOString() })).body.stay.id, at });
  }
  clock.advance(5 * DAY);
  for (const [index, { stay, at }] of arrivals.slice(0, 6).entries()) {
    await post(`/api/v1/stays/${stay}/check-out`, staff, { reason: index % 2 ? 'moved_to_asylum_accommodation' : 'released_by_court', at: new Date(at + 3 * DAY).toISOString() }, 200);
  }
  const year = clock.now().getUTCFullYear();
  const spendDate = clock.now().toISOString().slice(0, 10);
  for (const [category, fundingSource, amountCents] of [['accommodation', 'UK', 12_000_00], ['catering', 'FR', 3_400_50], ['healthcare', 'EU-AMIF', 800_00]] as const) {
    await post('/api/v1/spend', admin, { centreId: reception.id, date: spendDate, category, fundingSource, amountCents });
  }
  await post('/api/v1/budgets', admin, { centreId: reception.id, year, fundingSource: 'UK', amountCents: 150_000_00 });
  clock.set(now);

  // Today: a boat of four, a household, the main person with their records, someone waiting for a bed.
  const interception = (await post('/api/v1/interceptions', staff, { occurredAt: new Date(now.getTime() - 3 * 3_600_000).toISOString(), location: 'Gravelines, plage du Clipon', agency: 'Police aux frontières', groupSize: 4 })).body;
  const household = (await post('/api/v1/households', staff, { label: 'Famille Rahimi' })).body;
  const checkedIn = (await post(`/api/v1/centres/${reception.id}/check-ins`, staff, { person: newPerson({ givenNames: 'Amir', familyName: 'Rahimi' }), interceptionId: interception.id, householdId: household.id })).body;
  const stayId = checkedIn.stay.id as string;
  for (const givenNames of ['Sara', 'Yonas']) await post(`/api/v1/centres/${reception.id}/check-ins`, staff, { person: newPerson({ givenNames }), interceptionId: interception.id });
  const bag = (await post(`/api/v1/stays/${stayId}/property`, staff, { items: [{ kind: 'item', description: 'Téléphone' }, { kind: 'item', description: 'Sac à dos' }] })).body.items[1].id;
  const returnId = (await post(`/api/v1/stays/${stayId}/property/returns`, staff, { itemIds: [bag], signedBy: 'person' })).body.id as string;
  await post(`/api/v1/stays/${stayId}/welfare-checks`, staff, { outcome: 'concern_raised', notes: 'Sleeps badly' });
  await request(h.t.http).put(`/api/v1/stays/${stayId}/welfare-level`).set(staff).send({ level: 'heightened', reason: 'Distressed on arrival' }).expect(200);
  await post(`/api/v1/people/${checkedIn.person.id}/vulnerabilities`, staff, { type: 'mental_health', notes: 'Seen by the nurse' });
  const report = (await post(`/api/v1/stays/${stayId}/medical-reports`, staff, { kind: 'possible_torture', sentTo: 'Préfecture' })).body;
  await post(`/api/v1/medical-reports/${report.id}/reply`, staff, { replySummary: 'Received' });

  // The removal centre: a judge's extension, and a minor found, which raises an alert.
  const held = (await post(`/api/v1/centres/${removal.id}/check-ins`, staff, { person: newPerson({ givenNames: 'Bilal' }) })).body;
  await post(`/api/v1/stays/${held.stay.id}/extensions`, staff, { decidedAt: now.toISOString(), days: 26, decidedBy: 'JLD de Lille' });
  await request(h.t.http).put(`/api/v1/people/${held.person.id}/age-assessment`).set(staff).send({ status: 'completed', outcome: 'minor' }).expect(200);

  // The case: assigned, a note, tasks (one overdue) for the agenda, a referral moved on, a document.
  const caseId = checkedIn.case.id as string;
  const found = await request(h.t.http).get(`/api/v1/cases/${caseId}`).set(caseworker).expect(200);
  await request(h.t.http).patch(`/api/v1/cases/${caseId}`).set(caseworker).send({ version: found.body.version, caseworkerId: userIds.caseworker }).expect(200);
  await post(`/api/v1/cases/${caseId}/notes`, caseworker, { text: 'Wants to apply for asylum in France' });
  await post(`/api/v1/cases/${caseId}/tasks`, caseworker, { title: 'Call the lawyer', dueAt: new Date(now.getTime() - DAY).toISOString() });
  await post(`/api/v1/cases/${caseId}/tasks`, caseworker, { title: 'Book an interpreter', dueAt: new Date(now.getTime() + DAY).toISOString() });
  const referral = (await post(`/api/v1/cases/${caseId}/referrals`, caseworker, { kind: 'asylum' })).body;
  await post(`/api/v1/referrals/${referral.id}/transitions`, caseworker, { to: 'submitted', version: referral.version, note: 'Sent to the OFPRA' }, 200);
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  await request(h.t.http).post(`/api/v1/referrals/${referral.id}/documents`).set(caseworker).attach('file', pdf, 'attestation.pdf').expect(201);

  // The worker renders the rights notice.
  const noticeId = await eventually(async () => {
    const rows: { id: string }[] = await h.t.dataSource.query(`SELECT id FROM notices WHERE stay_id = $1 AND status = 'rendered'`, [stayId]);
    return rows[0]?.id ?? '';
  }, 20_000);

  return {
    h,
    worker,
    reception,
    removal,
    logins,
    pastMonth: new Date(now.getTime() - 75 * DAY).toISOString().slice(0, 7),
    ids: { personId: checkedIn.person.id, stayId, caseId, referralId: referral.id, noticeId, interceptionId: interception.id, householdId: household.id, returnId, removalStayId: held.stay.id },
    async close() {
      await worker.close();
      await h.close();
    },
  };
}
