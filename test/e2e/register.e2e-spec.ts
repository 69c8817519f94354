import type { INestApplicationContext } from '@nestjs/common';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { as, checkedIn, DAY_MS, HOUR_MS } from '../support/stays-fixtures.js';
import { responseValidator, type ResponseValidator } from '../support/openapi.js';
import { eventually, startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** The register of CESEDA L744-2: its dated entries, and who may read it. */
describe('the register (L744-2)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let removal: string;
  let staff: { id: string; token: string };
  let caseworker: { id: string; token: string };
  let auditor: { id: string; token: string };
  let validator: ResponseValidator;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker(t.config);
    validator = await responseValidator(t.http);
    removal = (await createCentre(t, { kind: 'removal', units: [{ name: 'Aile A', housing: 'men', beds: 4 }] })).id;
    staff = await userFor(t, 'staff', [removal]);
    caseworker = await userFor(t, 'caseworker', [removal]);
    auditor = await userFor(t, 'auditor', []);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  /** A stay with every kind of entry: placed three days ago, rights notified by phone interpreter, extended, asylum claimed, released by a judge. */
  async function fullStay() {
    const checkedInAt = Date.now() - 3 * DAY_MS;
    const held = await checkedIn(t, staff, removal, { person: newPerson({ familyName: 'Rahimi', languages: ['ps'] }), checkedInAt: iso(checkedInAt) });
    const noticeId = await eventually(
      async () => (await t.dataSource.query(`SELECT id FROM notices WHERE dedupe_key = $1 AND status = 'rendered'`, [`rights_on_arrival:${held.stay.id}`]))[0]?.id as string | undefined,
    );
    // Printed ten minutes after arrival, handed over an hour after it.
    await t.dataSource.query(`UPDATE notices SET created_at = $2, rendered_at = $2 WHERE id = $1`, [noticeId, new Date(checkedInAt + 10 * 60_000)]);
    const notifiedAt = checkedInAt + HOUR_MS;
    await as(t, staff).post(`/api/v1/notices/${noticeId}/handover`, { handedOverAt: iso(notifiedAt), language: 'fr', interpreter: { mode: 'phone', name: 'ISM Interprétariat', language: 'ps' } }).expect(200);
    // An order to leave France notified two hours after arrival, appealed an hour later; a hearing a day and a half in.
    const orderAt = checkedInAt + 2 * HOUR_MS;
    const order = (await as(t, staff).post(`/api/v1/stays/${held.stay.id}/removal-orders`, { kind: 'without_departure_period', notifiedAt: iso(orderAt), issuedBy: 'Préfet du Nord' }).expect(201)).body;
    const appealAt = checkedInAt + 3 * HOUR_MS;
    await as(t, staff).post(`/api/v1/removal-orders/${order.id}/appeal`, { lodgedAt: iso(appealAt), court: 'TA de Lille' }).expect(200);
    const hearingAt = checkedInAt + 36 * HOUR_MS;
    const hearing = (await as(t, staff).post(`/api/v1/stays/${held.stay.id}/hearings`, { scheduledAt: iso(hearingAt), court: 'JLD de Lille', purpose: 'extension' }).expect(201)).body;
    const extendedAt = checkedInAt + 2 * DAY_MS;
    await as(t, staff).post(`/api/v1/stays/${held.stay.id}/extensions`, { decidedAt: iso(extendedAt), days: 26, decidedBy: 'JLD de Lille' }).expect(201);
    const referral = (await as(t, caseworker).post(`/api/v1/cases/${held.case.id}/referrals`, { kind: 'asylum' }).expect(201)).body;
    // The claim is recorded as it is made (a referral's step is never dated before the referral).
    await as(t, caseworker).post(`/api/v1/referrals/${referral.id}/transitions`, { to: 'submitted', version: referral.version }).expect(200);
    const [{ at: claimed }] = await t.dataSource.query(`SELECT at FROM referral_transitions WHERE referral_id = $1 AND to_status = 'submitted'`, [referral.id]);
    const claimedAt = (claimed as Date).getTime();
    const released = await as(t, staff).post(`/api/v1/stays/${held.stay.id}/check-out`, { reason: 'released_by_court', destination: 'Libéré' }).expect(200);
    const releasedAt = Date.parse(released.body.stay.checkedOutAt);
    return { ...held, referralId: referral.id as string, checkedInAt, notifiedAt, extendedAt, claimedAt, releasedAt, orderAt, appealAt, hearingAt, orderId: order.id as string, hearingId: hearing.id as string };
  }

  it('lets an auditor read and export the register with its entries: placement, rights, order to leave and appeal, hearing, extension, asylum claim, release; each person read is audited', async () => {
    const stay = await fullStay();
    const response = validator.checked(await as(t, auditor).get(`/api/v1/centres/${removal}/register`).expect(200));
    const row = response.body.items.find((item: { stayId: string }) => item.stayId === stay.stay.id);
    expect(row).toMatchObject({ personId: stay.person.id, familyName: 'Rahimi', unit: 'Aile A', exitReason: 'released_by_court' });
    expect(row.entries).toEqual([
      // The authority given at placement: four days, though the extension has moved it since.
      { at: iso(stay.checkedInAt), kind: 'placement', authorisedUntil: iso(stay.checkedInAt + 4 * DAY_MS), legalLimitAt: iso(stay.checkedInAt + 90 * DAY_MS) },
      { at: iso(stay.notifiedAt), kind: 'rights_notified', language: 'fr', interpreter: 'phone', withInterpreter: true, noticeId: expect.any(String) },
      { at: iso(stay.orderAt), kind: 'removal_order', orderId: stay.orderId, orderKind: 'without_departure_period', issuedBy: 'Préfet du Nord', appealDeadlineAt: iso(stay.orderAt + 48 * HOUR_MS) },
      { at: iso(stay.appealAt), kind: 'removal_order_appeal', orderId: stay.orderId, court: 'TA de Lille', inTime: true },
      { at: iso(stay.hearingAt), kind: 'hearing', hearingId: stay.hearingId, court: 'JLD de Lille', purpose: 'extension' },
      { at: iso(stay.extendedAt), kind: 'extension', days: 26, decidedBy: 'JLD de Lille', sequence: 1, authorisedUntil: iso(stay.checkedInAt + 30 * DAY_MS) },
      { at: iso(stay.claimedAt), kind: 'asylum_claim', referralId: stay.referralId },
      { at: iso(stay.releasedAt), kind: 'exit', reason: 'released_by_court', destination: 'Libéré' },
    ]);

    const one = validator.checked(await as(t, auditor).get(`/api/v1/stays/${stay.stay.id}/register`).expect(200));
    expect(one.body).toEqual({ stayId: stay.stay.id, personId: stay.person.id, centreId: removal, entries: row.entries });

    const csv = validator.checked(await as(t, auditor).get(`/api/v1/centres/${removal}/register?format=csv`).expect(200));
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...lines] = csv.text.trim().split(/\r?\n/);
    expect(header.split(',').at(-1)).toBe('entries');
    const line = lines.find((text) => text.startsWith(stay.stay.id))!;
    // The entries of the stay in one cell, each with its time, kind and facts (in alphabetical order).
    const cell = line.slice(line.indexOf(`${iso(stay.checkedInAt)} placement`));
    expect(cell.split('; ')).toEqual([
      `${iso(stay.checkedInAt)} placement authorisedUntil=${iso(stay.checkedInAt + 4 * DAY_MS)} legalLimitAt=${iso(stay.checkedInAt + 90 * DAY_MS)}`,
      expect.stringMatching(new RegExp(`^${iso(stay.notifiedAt)} rights_notified interpreter=phone language=fr noticeId=[0-9a-f-]{36} withInterpreter=true$`)),
      `${iso(stay.orderAt)} removal_order appealDeadlineAt=${iso(stay.orderAt + 48 * HOUR_MS)} issuedBy=Préfet du Nord orderId=${stay.orderId} orderKind=without_departure_period`,
      `${iso(stay.appealAt)} removal_order_appeal court=TA de Lille inTime=true orderId=${stay.orderId}`,
      `${iso(stay.hearingAt)} hearing court=JLD de Lille hearingId=${stay.hearingId} purpose=extension`,
      `${iso(stay.extendedAt)} extension authorisedUntil=${iso(stay.checkedInAt + 30 * DAY_MS)} days=26 decidedBy=JLD de Lille sequence=1`,
      `${iso(stay.claimedAt)} asylum_claim referralId=${stay.referralId}`,
      `${iso(stay.releasedAt)} exit destination=Libéré reason=released_by_court`,
    ]);

    const reads = await t.dataSource.query(
      `SELECT entity_id, centre_id FROM audit_events WHERE actor_id = $1 AND action = 'register.read' AND (entity_id = $2 OR subject_ids @> ARRAY[$2]::uuid[])`,
      [auditor.id, stay.person.id],
    );
    // Each of the three reads names the person once.
    expect(reads).toHaveLength(3);
    expect(reads.every((event: { centre_id: string }) => event.centre_id === removal)).toBe(true);
  });

  it('lets an administrator read any centre’s register, and staff their own', async () => {
    const { stay } = await checkedIn(t, staff, removal);
    const admin = validator.checked(await as(t, t.adminToken).get(`/api/v1/centres/${removal}/register`).expect(200));
    expect(admin.body.items.map((row: { stayId: string }) => row.stayId)).toContain(stay.id);
    const own = validator.checked(await as(t, staff).get(`/api/v1/stays/${stay.id}/register`).expect(200));
    expect(own.body.entries.map((entry: { kind: string }) => entry.kind)).toEqual(['placement']);
  });

  it('refuses an auditor’s write (403), caseworkers and funders (403), and another centre’s staff (404), changing nothing', async () => {
    const { stay } = await checkedIn(t, staff, removal);
    const auditEvents = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'register.read'`))[0].n as number;
    const before = await auditEvents();
    expect((await as(t, auditor).post(`/api/v1/stays/${stay.id}/check-out`, { reason: 'other' }).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await as(t, auditor).post(`/api/v1/stays/${stay.id}/property`, { items: [{ kind: 'item', description: 'Sac' }] }).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await as(t, caseworker).get(`/api/v1/centres/${removal}/register`).expect(403)).body.code).toBe('FORBIDDEN');
    await as(t, caseworker).get(`/api/v1/stays/${stay.id}/register`).expect(403);
    await as(t, await userFor(t, 'funder', [])).get(`/api/v1/centres/${removal}/register?format=csv`).expect(403);
    const elsewhere = await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 1 }] });
    const outsider = await userFor(t, 'staff', [elsewhere.id]);
    expect((await as(t, outsider).get(`/api/v1/centres/${removal}/register`).expect(404)).body.code).toBe('NOT_FOUND');
    await as(t, outsider).get(`/api/v1/centres/${removal}/register?format=csv`).expect(404);
    await as(t, outsider).get(`/api/v1/stays/${stay.id}/register`).expect(404);
    expect(await auditEvents()).toBe(before);
    const [open] = await t.dataSource.query(`SELECT checked_out_at FROM stays WHERE id = $1`, [stay.id]);
    expect(open.checked_out_at).toBeNull();
  });

  it('records a transfer as departure at one centre and arrival, from where, at the other', async () => {
    const second = (await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 2 }] })).id;
    const both = await userFor(t, 'staff', [removal, second]);
    const { stay } = await checkedIn(t, both, removal, { person: newPerson(), checkedInAt: iso(Date.now() - 2 * HOUR_MS) });
    const moved = (await as(t, both).post(`/api/v1/stays/${stay.id}/transfers`, { toCentreId: second, at: iso(Date.now() - HOUR_MS) }).expect(201)).body;
    const [names] = await t.dataSource.query(`SELECT (SELECT name FROM centres WHERE id = $1) AS first, (SELECT name FROM centres WHERE id = $2) AS second`, [removal, second]);
    const out = validator.checked(await as(t, auditor).get(`/api/v1/stays/${stay.id}/register`).expect(200)).body.entries;
    expect(out.map((entry: { kind: string }) => entry.kind)).toEqual(['placement', 'transfer_out']);
    expect(out[1]).toMatchObject({ reason: 'transferred', toCentreId: second, toCentre: names.second });
    const arrived = validator.checked(await as(t, auditor).get(`/api/v1/stays/${moved.id}/register`).expect(200)).body.entries;
    // Between removal centres the same placement continues, with its authority.
    expect(arrived).toEqual([{ at: moved.checkedInAt, kind: 'transfer_in', fromCentreId: removal, fromCentre: names.first, authorisedUntil: stay.authorisedUntil, legalLimitAt: stay.legalLimitAt }]);
  });
});
