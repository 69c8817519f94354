import request from 'supertest';
import { translate } from '@escale/platform';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { as, checkedIn, HOUR_MS } from '../support/stays-fixtures.js';
import { responseValidator, type ResponseValidator } from '../support/openapi.js';
import { DEFAULT_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

interface Item {
  id: string;
  kind: string;
  status: string;
  returnedAt: string | null;
  receivedFrom: { centreId: string; centreName: string; receiptNumber: string; at: string; handedOverBy: string } | null;
  transferredTo: { centreId: string; centreName: string; receiptNumber: string; at: string; handedOverBy: string } | null;
}

/** Deposited property follows the person at a transfer and is handed back against a signed receipt, even after they left. */
describe('property that follows the person', () => {
  let t: TestApp;
  let validator: ResponseValidator;

  beforeAll(async () => {
    t = await startTestApp();
    validator = await responseValidator(t.http);
  });
  afterAll(() => t.close());

  async function transferredWithProperty() {
    const first = await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 2 }] });
    const second = await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 2 }] });
    const firstStaff = await userFor(t, 'staff', [first.id]);
    const secondStaff = await userFor(t, 'staff', [second.id]);
    const { stay, person } = await checkedIn(t, firstStaff, first.id, { person: newPerson(), checkedInAt: new Date(Date.now() - 3 * HOUR_MS).toISOString() });
    const deposit = validator.checked(
      await as(t, firstStaff)
        .post(`/api/v1/stays/${stay.id}/property`, { items: [{ kind: 'cash', description: 'Billets', amountCents: 12_000, currency: 'EUR' }, { kind: 'item', description: 'Téléphone Samsung' }] })
        .expect(201),
    );
    const handedOverAt = new Date(Date.now() - 2 * HOUR_MS).toISOString();
    const moved = (await as(t, firstStaff).post(`/api/v1/stays/${stay.id}/transfers`, { toCentreId: second.id, at: handedOverAt }).expect(201)).body;
    return { first, second, firstStaff, secondStaff, oldStay: stay.id, newStay: moved.id as string, personId: person.id, items: deposit.body.items as Item[], handedOverAt };
  }

  it('moves the unreturned property to the new stay against a transfer receipt, returned there after check-out against a signed receipt; the owed list empties', async () => {
    const x = await transferredWithProperty();
    const [names] = await t.dataSource.query(`SELECT (SELECT name FROM centres WHERE id = $1) AS first, (SELECT name FROM centres WHERE id = $2) AS second`, [x.first.id, x.second.id]);

    const received = validator.checked(await as(t, x.secondStaff).get(`/api/v1/stays/${x.newStay}/property`).expect(200)).body;
    expect(received.items.map((item: Item) => item.id).sort()).toEqual(x.items.map((item) => item.id).sort());
    for (const item of received.items as Item[]) {
      expect([item.status, item.receivedFrom]).toEqual(['held', { centreId: x.first.id, centreName: names.first, receiptNumber: expect.any(String), at: x.handedOverAt, handedOverBy: x.firstStaff.id }]);
    }
    const receipt = received.items[0].receivedFrom.receiptNumber as string;
    expect(receipt).toMatch(new RegExp(`^${x.first.code}-T\\d{6}$`));
    expect(received.cashTotals).toEqual([{ currency: 'EUR', heldCents: 12_000, returnedCents: 0, transferredCents: 0 }]);

    // The old stay shows them as transferred to the new centre, under the same receipt.
    const left = validator.checked(await as(t, x.firstStaff).get(`/api/v1/stays/${x.oldStay}/property`).expect(200)).body;
    expect(left.items).toHaveLength(2);
    expect(left.items.every((item: Item) => item.status === 'transferred' && item.transferredTo?.centreName === names.second && item.transferredTo?.receiptNumber === receipt)).toBe(true);
    expect(left.cashTotals).toEqual([{ currency: 'EUR', heldCents: 0, returnedCents: 0, transferredCents: 12_000 }]);
    const [transfer] = await t.dataSource.query(`SELECT handed_over_by, from_stay_id, to_stay_id FROM property_transfers WHERE receipt_number = $1`, [receipt]);
    expect(transfer).toEqual({ handed_over_by: x.firstStaff.id, from_stay_id: x.oldStay, to_stay_id: x.newStay });
    const audited = await t.dataSource.query(`SELECT entity_id FROM audit_events WHERE action = 'property.transfer' ORDER BY entity_id`);
    expect(audited.map((row: { entity_id: string }) => row.entity_id)).toEqual(expect.arrayContaining([x.oldStay, x.newStay]));

    // The person leaves the second centre without their property: it is owed.
    await as(t, x.secondStaff).post(`/api/v1/stays/${x.newStay}/check-out`, { reason: 'released_by_court' }).expect(200);
    const owed = validator.checked(await as(t, x.secondStaff).get(`/api/v1/centres/${x.second.id}/property/owed`).expect(200)).body;
    expect(owed).toMatchObject({ total: 1, cashTotals: [{ currency: 'EUR', heldCents: 12_000 }] });
    expect(owed.items[0]).toMatchObject({ stayId: x.newStay, personId: x.personId, exitReason: 'released_by_court' });
    expect(owed.items[0].items).toHaveLength(2);
    expect((await as(t, x.firstStaff).get(`/api/v1/centres/${x.first.id}/property/owed`).expect(200)).body.total).toBe(0);

    const returned = validator.checked(
      await as(t, x.secondStaff)
        .post(`/api/v1/stays/${x.newStay}/property/returns`, { itemIds: x.items.map((item) => item.id), signedBy: 'representative', representativeName: 'Maître Claire Dubois' })
        .expect(201),
    );
    expect(returned.body).toMatchObject({ stayId: x.newStay, signedBy: 'representative', representativeName: 'Maître Claire Dubois', returnedBy: x.secondStaff.id });
    expect(returned.body.receiptNumber).toMatch(new RegExp(`^${x.second.code}-R\\d{6}$`));
    expect(returned.body.cashTotals).toEqual([{ currency: 'EUR', heldCents: 0, returnedCents: 12_000, transferredCents: 0 }]);
    const again = validator.checked(await as(t, x.secondStaff).get(`/api/v1/stays/${x.newStay}/property/returns/${returned.body.id}`).expect(200));
    expect(again.body).toEqual(returned.body);
    await as(t, x.firstStaff).get(`/api/v1/stays/${x.newStay}/property/returns/${returned.body.id}`).expect(404);
    await as(t, x.firstStaff).get(`/api/v1/stays/${x.oldStay}/property/returns/${returned.body.id}`).expect(404);
    const after = validator.checked(await as(t, x.secondStaff).get(`/api/v1/stays/${x.newStay}/property`).expect(200)).body.items as (Item & { returnReceiptNumber: string })[];
    expect(after.every((item) => item.status === 'returned' && item.returnReceiptNumber === returned.body.receiptNumber && item.returnedAt === returned.body.returnedAt)).toBe(true);
    expect((await as(t, x.secondStaff).get(`/api/v1/centres/${x.second.id}/property/owed`).expect(200)).body).toMatchObject({ total: 0, items: [], cashTotals: [] });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'property.return' AND entity_id = $1 AND actor_id = $2`, [x.newStay, x.secondStaff.id]);
    expect(n).toBe(1);
  });

  it('refuses a bad return with 400 and changes nothing: no signer name for a representative, an item not held here, an item already returned, a time to come', async () => {
    const x = await transferredWithProperty();
    const ids = x.items.map((item) => item.id);
    const refusals: [string, string, Record<string, unknown>, string][] = [
      ['a representative without a name', x.newStay, { itemIds: ids, signedBy: 'representative' }, 'representativeName'],
      ['a name for the person themselves', x.newStay, { itemIds: ids, signedBy: 'person', representativeName: 'X' }, 'representativeName'],
      ['the stay the items left', x.oldStay, { itemIds: ids, signedBy: 'person' }, 'itemIds'],
      ['a time to come', x.newStay, { itemIds: ids, signedBy: 'person', returnedAt: new Date(Date.now() + HOUR_MS).toISOString() }, 'returnedAt'],
      ['an unknown signer', x.newStay, { itemIds: ids, signedBy: 'friend' }, 'signedBy'],
      ['no items', x.newStay, { itemIds: [], signedBy: 'person' }, 'itemIds'],
    ];
    const staffOf = (stay: string) => (stay === x.oldStay ? x.firstStaff : x.secondStaff);
    for (const [, stay, body, field] of refusals) {
      const response = await as(t, staffOf(stay)).post(`/api/v1/stays/${stay}/property/returns`, body).expect(400);
      expect([response.body.code, Object.keys(response.body.details.fields).join()]).toEqual(['VALIDATION_FAILED', expect.stringContaining(field)]);
    }
    const [{ returned }] = await t.dataSource.query(`SELECT count(*)::int AS returned FROM property_items WHERE id = ANY($1) AND returned_at IS NOT NULL`, [ids]);
    expect(returned).toBe(0);
    expect((await t.dataSource.query(`SELECT 1 FROM property_returns WHERE stay_id = ANY($1)`, [[x.oldStay, x.newStay]])).length).toBe(0);

    await as(t, x.secondStaff).post(`/api/v1/stays/${x.newStay}/property/returns`, { itemIds: [ids[0]], signedBy: 'person' }).expect(201);
    const again = await as(t, x.secondStaff).post(`/api/v1/stays/${x.newStay}/property/returns`, { itemIds: ids, signedBy: 'person' }).expect(400);
    expect(again.body.details.fields.itemIds.join()).toContain(ids[0]);
    expect((await t.dataSource.query(`SELECT 1 FROM property_items WHERE id = $1 AND returned_at IS NULL`, [ids[1]])).length).toBe(1);
  });

  it('answers 404 to another centre’s staff and 403 to caseworkers and auditors, for returns and the owed list', async () => {
    const x = await transferredWithProperty();
    const body = { itemIds: x.items.map((item) => item.id), signedBy: 'person' };
    expect((await as(t, x.firstStaff).post(`/api/v1/stays/${x.newStay}/property/returns`, body).expect(404)).body.code).toBe('NOT_FOUND');
    await as(t, x.firstStaff).get(`/api/v1/centres/${x.second.id}/property/owed`).expect(404);
    for (const role of ['caseworker', 'auditor'] as const) {
      const user = await userFor(t, role, role === 'caseworker' ? [x.second.id] : []);
      expect((await as(t, user).post(`/api/v1/stays/${x.newStay}/property/returns`, body).expect(403)).body.code).toBe('FORBIDDEN');
      await as(t, user).get(`/api/v1/centres/${x.second.id}/property/owed`).expect(403);
    }
    const [{ held }] = await t.dataSource.query(`SELECT count(*)::int AS held FROM property_items WHERE stay_id = $1 AND returned_at IS NULL`, [x.newStay]);
    expect(held).toBe(2);
  });

  it('shows on the stay pages, in French, what went to the other centre and what came from it, with the cash totals', async () => {
    const x = await transferredWithProperty();
    const [names] = await t.dataSource.query(`SELECT (SELECT name FROM centres WHERE id = $1) AS first, (SELECT name FROM centres WHERE id = $2) AS second`, [x.first.id, x.second.id]);
    const page = async (email: string, path: string) => {
      const form = await request(t.http).get('/login').set('Accept-Language', 'fr').expect(200);
      const login = await request(t.http).post('/login').set('Cookie', sessionCookie(form)!).set('Accept-Language', 'fr').type('form').send({ _csrf: csrfOf(form.text), email, password: DEFAULT_PASSWORD }).expect(303);
      return (await request(t.http).get(path).set('Cookie', sessionCookie(login)!).set('Accept-Language', 'fr').expect(200)).text;
    };
    const decode = (html: string) => html.replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=');
    const arrived = decode(await page(x.secondStaff.email, `/stays/${x.newStay}`));
    expect(arrived).toContain(translate('fr', 'property.receivedFrom', { centre: names.first }));
    expect(arrived).toContain(`href="/stays/${x.newStay}/property/returns/new"`);
    expect(arrived).toMatch(/120,00\s€/);
    // The centre the person left still reads its stay page; the health records are for the centre holding them now.
    const left = decode(await page(x.firstStaff.email, `/stays/${x.oldStay}`));
    expect(left).toContain('data-health-elsewhere');
    expect(left).toContain(translate('fr', 'property.transferredTo', { centre: names.second }));
    expect(left).not.toContain(`href="/stays/${x.oldStay}/property/returns/new"`);
  });

  it('keeps the invariants in the database: a return says who returned it, a representative is named', async () => {
    const x = await transferredWithProperty();
    await expect(t.dataSource.query(`UPDATE property_items SET returned_at = now() WHERE id = $1`, [x.items[0].id])).rejects.toThrow(/property_items_returned_check/);
    await expect(
      t.dataSource.query(`INSERT INTO property_returns (stay_id, receipt_number, returned_at, returned_by, signed_by) VALUES ($1, 'X-R1', now(), $2, 'representative')`, [x.newStay, x.secondStaff.id]),
    ).rejects.toThrow(/property_returns_representative_check/);
    await expect(t.dataSource.query(`INSERT INTO property_transfers (from_stay_id, to_stay_id, receipt_number, handed_over_at, handed_over_by) VALUES ($1, $1, 'X-T1', now(), $2)`, [x.newStay, x.secondStaff.id])).rejects.toThrow(
      /property_transfers_stays_check/,
    );
  });
});
