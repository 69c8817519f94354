import { randomUUID } from 'node:crypto';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { as, bornYearsAgo, checkedIn, counts, DAY_MS, fromNow, HOUR_MS, newChild, occupancy } from '../support/stays-fixtures.js';
import { responseValidator, type ResponseValidator } from '../support/openapi.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ms = (iso: string) => Date.parse(iso);

describe('stays: reads, check-out, transfers, property and the register', () => {
  let t: TestApp;
  let validator: ResponseValidator;

  beforeAll(async () => {
    t = await startTestApp();
    validator = await responseValidator(t.http);
  });
  afterAll(() => t.close());

  async function centreWithStaff(spec: Parameters<typeof createCentre>[1] = { units: [{ housing: 'men', beds: 4 }] }) {
    const centre = await createCentre(t, spec);
    const staff = await userFor(t, 'staff', [centre.id]);
    return { centre, staff };
  }

  describe('reading stays', () => {
    it('GET /stays/:id has welfareLevel, nextWelfareCheckDue an hour after check-in, legalLimitAt and authorisedUntil', async () => {
      const { centre, staff } = await centreWithStaff({ kind: 'removal', units: [{ housing: 'men', beds: 1 }] });
      const at = new Date(Date.now() - 3 * HOUR_MS);
      const { stay } = await checkedIn(t, staff, centre.id, { person: newPerson(), checkedInAt: at.toISOString() });
      const response = await as(t, staff).get(`/api/v1/stays/${stay.id}`).expect(200);
      validator.check(response);
      expect(response.body).toMatchObject({ id: stay.id, centreId: centre.id, bedId: stay.bedId, welfareLevel: 'standard', checkedOutAt: null });
      expect(ms(response.body.checkedInAt)).toBe(at.getTime());
      expect(ms(response.body.nextWelfareCheckDue)).toBe(at.getTime() + HOUR_MS);
      expect(ms(response.body.legalLimitAt)).toBe(at.getTime() + 90 * DAY_MS);
      expect(ms(response.body.authorisedUntil)).toBe(at.getTime() + 4 * DAY_MS);
      const caseworker = await userFor(t, 'caseworker', [centre.id]);
      await as(t, caseworker).get(`/api/v1/stays/${stay.id}`).expect(200);
    });

    it('answers 404 for another centre’s stay, an unknown or a malformed id', async () => {
      const { centre, staff } = await centreWithStaff();
      const { stay } = await checkedIn(t, staff, centre.id);
      const outsider = await centreWithStaff();
      expect((await as(t, outsider.staff).get(`/api/v1/stays/${stay.id}`).expect(404)).body.code).toBe('NOT_FOUND');
      await as(t, staff).get(`/api/v1/stays/${randomUUID()}`).expect(404);
      await as(t, staff).get('/api/v1/stays/12').expect(404);
    });

    it('GET /stays?centreId=&open=true lists only the open stays of that centre, paginated', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 5 }] });
      const outsider = await centreWithStaff();
      await checkedIn(t, outsider.staff, outsider.centre.id);
      const stays = [];
      for (let i = 0; i < 4; i++) stays.push((await checkedIn(t, staff, centre.id)).stay);
      await as(t, staff).post(`/api/v1/stays/${stays[0].id}/check-out`, { reason: 'absconded' }).expect(200);
      const open = stays.slice(1).map((stay) => stay.id).sort();
      const all = await as(t, staff).get(`/api/v1/stays?centreId=${centre.id}&open=true`).expect(200);
      validator.check(all);
      expect(all.body).toMatchObject({ total: 3, limit: 50, offset: 0 });
      expect(all.body.items.map((stay: { id: string }) => stay.id).sort()).toEqual(open);
      expect(all.body.items.every((stay: { checkedOutAt: string | null; centreId: string }) => stay.checkedOutAt === null && stay.centreId === centre.id)).toBe(true);
      const pages = [];
      for (const offset of [0, 2]) {
        const page = await as(t, staff).get(`/api/v1/stays?centreId=${centre.id}&open=true&limit=2&offset=${offset}`).expect(200);
        expect(page.body).toMatchObject({ total: 3, limit: 2, offset });
        pages.push(...page.body.items.map((stay: { id: string }) => stay.id));
      }
      expect(pages.sort()).toEqual(open);
      const closed = await as(t, staff).get(`/api/v1/stays?centreId=${centre.id}&open=false`).expect(200);
      expect(closed.body.items.map((stay: { id: string }) => stay.id)).toEqual([stays[0].id]);
      // without centreId: the caller's centres only
      const mine = await as(t, staff).get('/api/v1/stays?open=true').expect(200);
      expect(mine.body.items.every((stay: { centreId: string }) => stay.centreId === centre.id)).toBe(true);
      expect(mine.body.total).toBe(3);
    });

    it('answers 404 for the stays of a centre the caller does not work in, 400 for a bad filter', async () => {
      const { centre } = await centreWithStaff();
      const outsider = await centreWithStaff();
      expect((await as(t, outsider.staff).get(`/api/v1/stays?centreId=${centre.id}`).expect(404)).body.code).toBe('NOT_FOUND');
      expect((await as(t, outsider.staff).get('/api/v1/stays?open=yes').expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await as(t, outsider.staff).get('/api/v1/stays?centreId=nope').expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await as(t, outsider.staff).get('/api/v1/stays?limit=501').expect(400)).body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('check-out', () => {
    it('checks out with a coded reason (200) and frees the bed', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 2 }] });
      const { stay } = await checkedIn(t, staff, centre.id);
      expect(await occupancy(t, staff, centre.id)).toMatchObject({ capacity: 2, occupied: 1, available: 1 });
      const response = await as(t, staff).post(`/api/v1/stays/${stay.id}/check-out`, { reason: 'moved_to_asylum_accommodation', destination: 'CADA de Lille' }).expect(200);
      validator.check(response);
      expect(response.body.stay).toMatchObject({ id: stay.id, exitReason: 'moved_to_asylum_accommodation', destination: 'CADA de Lille', checkedOutAt: expect.any(String) });
      expect(response.body.property).toEqual({ returned: [], notReturned: [] });
      expect(await occupancy(t, staff, centre.id)).toMatchObject({ capacity: 2, occupied: 0, available: 2 });
      const [bed] = await t.dataSource.query(`SELECT occupied FROM beds WHERE id = $1`, [stay.bedId]);
      expect(bed.occupied).toBe(false);
      // the freed bed takes the next person
      const next = await checkedIn(t, staff, centre.id, { person: newPerson(), bedId: stay.bedId });
      expect(next.stay.bedId).toBe(stay.bedId);
    });

    it('records a check-out time given in the past', async () => {
      const { centre, staff } = await centreWithStaff();
      const { stay } = await checkedIn(t, staff, centre.id, { person: newPerson(), checkedInAt: fromNow(-5 * HOUR_MS) });
      const at = new Date(Date.now() - HOUR_MS);
      const response = await as(t, staff).post(`/api/v1/stays/${stay.id}/check-out`, { reason: 'released_by_court', at: at.toISOString() }).expect(200);
      expect(ms(response.body.stay.checkedOutAt)).toBe(at.getTime());
    });

    it('answers a second check-out with 409 STAY_CLOSED, and changes nothing', async () => {
      const { centre, staff } = await centreWithStaff();
      const { stay } = await checkedIn(t, staff, centre.id);
      const first = await as(t, staff).post(`/api/v1/stays/${stay.id}/check-out`, { reason: 'removed' }).expect(200);
      const second = await as(t, staff).post(`/api/v1/stays/${stay.id}/check-out`, { reason: 'absconded' }).expect(409);
      expect(second.body.code).toBe('STAY_CLOSED');
      validator.check(second);
      const read = await as(t, staff).get(`/api/v1/stays/${stay.id}`).expect(200);
      expect(read.body).toMatchObject({ exitReason: 'removed', checkedOutAt: first.body.stay.checkedOutAt });
    });

    it.each([
      ['at before the check-in', () => ({ reason: 'other', at: fromNow(-3 * HOUR_MS) }), 'at'],
      ['at in the future', () => ({ reason: 'other', at: fromNow(HOUR_MS) }), 'at'],
      ['reason transferred', () => ({ reason: 'transferred' }), 'reason'],
      ['an unknown reason', () => ({ reason: 'escaped' }), 'reason'],
      ['no reason', () => ({}), 'reason'],
      ['returnedPropertyIds of property never deposited', () => ({ reason: 'other', returnedPropertyIds: [randomUUID()] }), 'returnedPropertyIds'],
    ])('refuses %s with 400 naming the field, and leaves the stay open', async (_, body, field) => {
      const { centre, staff } = await centreWithStaff();
      const { stay } = await checkedIn(t, staff, centre.id, { person: newPerson(), checkedInAt: fromNow(-HOUR_MS) });
      const response = await as(t, staff).post(`/api/v1/stays/${stay.id}/check-out`, body()).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(response.body.details.fields)).toEqual([field]);
      const [row] = await t.dataSource.query(`SELECT s.checked_out_at, b.occupied FROM stays s JOIN beds b ON b.id = s.bed_id WHERE s.id = $1`, [stay.id]);
      expect(row).toEqual({ checked_out_at: null, occupied: true });
    });

    it('refuses a caseworker (403) and answers another centre’s staff 404', async () => {
      const { centre, staff } = await centreWithStaff();
      const { stay } = await checkedIn(t, staff, centre.id);
      const caseworker = await userFor(t, 'caseworker', [centre.id]);
      await as(t, caseworker).post(`/api/v1/stays/${stay.id}/check-out`, { reason: 'other' }).expect(403);
      const outsider = await centreWithStaff();
      expect((await as(t, outsider.staff).post(`/api/v1/stays/${stay.id}/check-out`, { reason: 'other' }).expect(404)).body.code).toBe('NOT_FOUND');
      const [row] = await t.dataSource.query(`SELECT checked_out_at FROM stays WHERE id = $1`, [stay.id]);
      expect(row.checked_out_at).toBeNull();
    });
  });

  describe('transfers', () => {
    /** A reception centre and a removal centre, and staff working in both. */
    async function twoCentres() {
      const from = await createCentre(t, { kind: 'reception', units: [{ housing: 'men', beds: 2 }, { housing: 'families', beds: 2 }] });
      const to = await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 2 }, { housing: 'families', beds: 2 }] });
      const staff = await userFor(t, 'staff', [from.id, to.id]);
      return { from, to, staff };
    }

    it('opens a stay in the target centre (201), closes the old one as transferred, and carries the case', async () => {
      const { from, to, staff } = await twoCentres();
      const origin = await checkedIn(t, staff, from.id);
      const response = await as(t, staff).post(`/api/v1/stays/${origin.stay.id}/transfers`, { toCentreId: to.id }).expect(201);
      validator.check(response);
      expect(response.body).toMatchObject({ id: expect.any(String), centreId: to.id, personId: origin.person.id, caseId: origin.case.id, checkedOutAt: null, transferredFromId: origin.stay.id });
      expect(to.units.flatMap((unit) => unit.bedIds)).toContain(response.body.bedId);
      // into a removal centre from a reception centre: the placement's clocks start at the transfer
      expect(ms(response.body.authorisedUntil) - ms(response.body.checkedInAt)).toBe(4 * DAY_MS);
      expect(ms(response.body.legalLimitAt) - ms(response.body.checkedInAt)).toBe(90 * DAY_MS);
      const old = await as(t, staff).get(`/api/v1/stays/${origin.stay.id}`).expect(200);
      expect(old.body).toMatchObject({ exitReason: 'transferred', caseId: origin.case.id });
      expect(old.body.checkedOutAt).toEqual(response.body.checkedInAt);
      const fresh = await as(t, staff).get(`/api/v1/stays/${response.body.id}`).expect(200);
      expect(fresh.body.caseId).toBe(origin.case.id);
      expect(await occupancy(t, staff, from.id)).toMatchObject({ occupied: 0 });
      expect(await occupancy(t, staff, to.id)).toMatchObject({ occupied: 1 });
      const [opened] = await t.dataSource.query(`SELECT centre_id, status FROM cases WHERE id = $1`, [origin.case.id]);
      expect(opened).toEqual({ centre_id: to.id, status: 'open' });
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM cases WHERE person_id = $1`, [origin.person.id]);
      expect(n).toBe(1);
    });

    it('keeps the holding clocks of a transfer between two removal centres', async () => {
      const a = await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 1 }] });
      const b = await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 1 }] });
      const staff = await userFor(t, 'staff', [a.id, b.id]);
      const origin = await checkedIn(t, staff, a.id, { person: newPerson(), checkedInAt: fromNow(-2 * DAY_MS) });
      const moved = await as(t, staff).post(`/api/v1/stays/${origin.stay.id}/transfers`, { toCentreId: b.id }).expect(201);
      expect(moved.body).toMatchObject({ centreId: b.id, legalLimitAt: origin.stay.legalLimitAt, authorisedUntil: origin.stay.authorisedUntil, caseId: origin.case.id });
    });

    it('refuses to transfer a minor into a removal centre with 409 MINOR_NOT_ALLOWED, and leaves the stay open', async () => {
      const { from, to, staff } = await twoCentres();
      const child = await checkedIn(t, staff, from.id, { person: newChild({ dateOfBirth: bornYearsAgo(16) }) });
      const before = await counts(t);
      const response = await as(t, staff).post(`/api/v1/stays/${child.stay.id}/transfers`, { toCentreId: to.id }).expect(409);
      expect(response.body.code).toBe('MINOR_NOT_ALLOWED');
      expect(await counts(t)).toEqual(before);
      const [row] = await t.dataSource.query(`SELECT checked_out_at FROM stays WHERE id = $1`, [child.stay.id]);
      expect(row.checked_out_at).toBeNull();
    });

    it('answers 404 for an unknown target centre, and 400 for the stay’s own centre', async () => {
      const { from, staff } = await twoCentres();
      const { stay } = await checkedIn(t, staff, from.id);
      expect((await as(t, staff).post(`/api/v1/stays/${stay.id}/transfers`, { toCentreId: randomUUID() }).expect(404)).body.code).toBe('NOT_FOUND');
      expect((await as(t, staff).post(`/api/v1/stays/${stay.id}/transfers`, { toCentreId: 'lille' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      const same = await as(t, staff).post(`/api/v1/stays/${stay.id}/transfers`, { toCentreId: from.id }).expect(400);
      expect(Object.keys(same.body.details.fields)).toEqual(['toCentreId']);
      const [row] = await t.dataSource.query(`SELECT checked_out_at FROM stays WHERE id = $1`, [stay.id]);
      expect(row.checked_out_at).toBeNull();
    });

    it('answers 409 NO_BED_AVAILABLE when the target is full, and leaves the old stay open', async () => {
      const { from, staff } = await twoCentres();
      const full = await createCentre(t, { units: [{ housing: 'men', beds: 1 }] });
      const fullStaff = await userFor(t, 'staff', [full.id]);
      await checkedIn(t, fullStaff, full.id);
      const { stay } = await checkedIn(t, staff, from.id);
      expect((await as(t, staff).post(`/api/v1/stays/${stay.id}/transfers`, { toCentreId: full.id }).expect(409)).body.code).toBe('NO_BED_AVAILABLE');
      const read = await as(t, staff).get(`/api/v1/stays/${stay.id}`).expect(200);
      expect(read.body).toMatchObject({ checkedOutAt: null, exitReason: null });
    });

    it('answers a transfer of a closed stay with 409 STAY_CLOSED', async () => {
      const { from, to, staff } = await twoCentres();
      const { stay } = await checkedIn(t, staff, from.id);
      await as(t, staff).post(`/api/v1/stays/${stay.id}/check-out`, { reason: 'other' }).expect(200);
      expect((await as(t, staff).post(`/api/v1/stays/${stay.id}/transfers`, { toCentreId: to.id }).expect(409)).body.code).toBe('STAY_CLOSED');
    });

    // Regression (fixed): the "must be another centre" check compares the body's toCentreId with the stay's centre id
    // as strings; the same UUID in capitals passes, and the stay is "transferred" into its own centre.
    it('refuses a transfer into the stay’s own centre when its id is written in capitals', async () => {
      const { from, staff } = await twoCentres();
      const { stay } = await checkedIn(t, staff, from.id);
      const response = await as(t, staff).post(`/api/v1/stays/${stay.id}/transfers`, { toCentreId: from.id.toUpperCase() });
      expect(response.status).toBe(400);
      const [row] = await t.dataSource.query(`SELECT checked_out_at FROM stays WHERE id = $1`, [stay.id]);
      expect(row.checked_out_at).toBeNull();
    });

    // Regression (fixed): a transfer recorded late (`at` in the past) takes the first free bed of the target; when
    // that bed's previous stay ended after `at`, the no-overlap constraint refuses the insert, and
    // transfer() reports it as BED_OCCUPIED (insertStay is called with bedNamed = true) instead of
    // trying another bed, though the target has one that was free all along.
    it('transfers, recorded late, onto a target bed that was free over the whole period', async () => {
      const { from, to, staff } = await twoCentres();
      const earlier = await checkedIn(t, staff, to.id);
      await as(t, staff).post(`/api/v1/stays/${earlier.stay.id}/check-out`, { reason: 'other' }).expect(200);
      const { stay } = await checkedIn(t, staff, from.id, { person: newPerson(), checkedInAt: fromNow(-5 * HOUR_MS) });
      const response = await as(t, staff).post(`/api/v1/stays/${stay.id}/transfers`, { toCentreId: to.id, at: fromNow(-2 * HOUR_MS) });
      expect(response.status).toBe(201);
      expect(response.body.bedId).not.toBe(earlier.stay.bedId);
    });
  });

  describe('property', () => {
    it('deposits items and cash against one receipt number (201) and lists them', async () => {
      const { centre, staff } = await centreWithStaff();
      const { stay } = await checkedIn(t, staff, centre.id);
      const response = await as(t, staff)
        .post(`/api/v1/stays/${stay.id}/property`, {
          items: [
            { kind: 'item', description: 'Téléphone Samsung, écran fissuré' },
            { kind: 'item', description: 'Sac à dos', quantity: 1 },
            { kind: 'cash', description: 'Billets', amountCents: 12_050, currency: 'EUR' },
          ],
        })
        .expect(201);
      expect(response.body.receiptNumber).toMatch(new RegExp(`^${centre.code}-\\d{6}$`));
      expect(response.body.items).toHaveLength(3);
      expect(response.body.items.every((item: { receiptNumber: string }) => item.receiptNumber === response.body.receiptNumber)).toBe(true);
      expect(response.body.items[2]).toMatchObject({ kind: 'cash', amountCents: 12_050, currency: 'EUR', returnedAt: null });
      const listed = await as(t, staff).get(`/api/v1/stays/${stay.id}/property`).expect(200);
      expect(listed.body.items.map((item: { id: string }) => item.id).sort()).toEqual(response.body.items.map((item: { id: string }) => item.id).sort());
      // a second deposit gets a receipt of its own
      const again = await as(t, staff).post(`/api/v1/stays/${stay.id}/property`, { items: [{ kind: 'item', description: 'Montre' }] }).expect(201);
      expect(again.body.receiptNumber).not.toBe(response.body.receiptNumber);
    });

    it.each([
      ['cash without an amount', { kind: 'cash', description: 'Billets', currency: 'EUR' }],
      ['an item with an amount', { kind: 'item', description: 'Montre', amountCents: 100, currency: 'EUR' }],
      ['a negative amount', { kind: 'cash', description: 'Billets', amountCents: -5, currency: 'EUR' }],
      ['an unknown kind', { kind: 'gold', description: 'Bague' }],
    ])('refuses %s with 400 VALIDATION_FAILED, and deposits nothing', async (_, item) => {
      const { centre, staff } = await centreWithStaff();
      const { stay } = await checkedIn(t, staff, centre.id);
      const response = await as(t, staff).post(`/api/v1/stays/${stay.id}/property`, { items: [{ kind: 'item', description: 'Sac' }, item] }).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(response.body.details.fields).every((field) => field.startsWith('items.1'))).toBe(true);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM property_items WHERE stay_id = $1`, [stay.id]);
      expect(n).toBe(0);
    });

    // Regression (fixed): API.md says money carries a currency "default EUR", but cash without a currency is refused.
    it('records cash without a currency in EUR', async () => {
      const { centre, staff } = await centreWithStaff();
      const { stay } = await checkedIn(t, staff, centre.id);
      const response = await as(t, staff).post(`/api/v1/stays/${stay.id}/property`, { items: [{ kind: 'cash', description: 'Billets', amountCents: 5000 }] });
      expect(response.status).toBe(201);
      expect(response.body.items[0]).toMatchObject({ amountCents: 5000, currency: 'EUR' });
    });

    // Regression (fixed): as for names, a description of spaces passes @MinLength(1) and is stored trimmed as ''.
    it('refuses a property description made only of spaces with 400', async () => {
      const { centre, staff } = await centreWithStaff();
      const { stay } = await checkedIn(t, staff, centre.id);
      const response = await as(t, staff).post(`/api/v1/stays/${stay.id}/property`, { items: [{ kind: 'item', description: '   ' }] });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    });

    it('lists at check-out the property returned and the property not returned', async () => {
      const { centre, staff } = await centreWithStaff();
      const { stay } = await checkedIn(t, staff, centre.id);
      const deposit = await as(t, staff)
        .post(`/api/v1/stays/${stay.id}/property`, {
          items: [
            { kind: 'item', description: 'Téléphone' },
            { kind: 'item', description: 'Passeport' },
            { kind: 'cash', description: 'Billets', amountCents: 4_000, currency: 'GBP' },
          ],
        })
        .expect(201);
      const [phone, passport, cash] = deposit.body.items.map((item: { id: string }) => item.id);
      const response = await as(t, staff).post(`/api/v1/stays/${stay.id}/check-out`, { reason: 'released_by_court', returnedPropertyIds: [phone, cash] }).expect(200);
      const ids = (items: { id: string }[]) => items.map((item) => item.id).sort();
      expect(ids(response.body.property.returned)).toEqual([phone, cash].sort());
      expect(ids(response.body.property.notReturned)).toEqual([passport]);
      expect(response.body.property.returned.every((item: { returnedAt: string | null }) => item.returnedAt === response.body.stay.checkedOutAt)).toBe(true);
      expect(response.body.property.notReturned[0].returnedAt).toBeNull();
      const listed = await as(t, staff).get(`/api/v1/stays/${stay.id}/property`).expect(200);
      expect(listed.body.items.filter((item: { returnedAt: string | null }) => item.returnedAt === null).map((item: { id: string }) => item.id)).toEqual([passport]);
    });

    it('refuses a deposit on a closed stay (409 STAY_CLOSED), and on another centre’s stay (404)', async () => {
      const { centre, staff } = await centreWithStaff();
      const { stay } = await checkedIn(t, staff, centre.id);
      const outsider = await centreWithStaff();
      await as(t, outsider.staff).post(`/api/v1/stays/${stay.id}/property`, { items: [{ kind: 'item', description: 'Sac' }] }).expect(404);
      await as(t, outsider.staff).get(`/api/v1/stays/${stay.id}/property`).expect(404);
      await as(t, staff).post(`/api/v1/stays/${stay.id}/check-out`, { reason: 'other' }).expect(200);
      expect((await as(t, staff).post(`/api/v1/stays/${stay.id}/property`, { items: [{ kind: 'item', description: 'Sac' }] }).expect(409)).body.code).toBe('STAY_CLOSED');
    });
  });

  describe('the register', () => {
    it('lists stays with identity, unit and bed', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ name: 'Aile Nord', housing: 'men', beds: 2 }] });
      const { stay, person } = await checkedIn(t, staff, centre.id, { person: newPerson({ familyName: 'Rahimi', givenNames: 'Jawad', dateOfBirth: '1993-07-21', nationalities: ['AFG', 'IRN'] }) });
      const response = await as(t, staff).get(`/api/v1/centres/${centre.id}/register`).expect(200);
      expect(response.body).toMatchObject({ total: 1, limit: 50, offset: 0 });
      const [label] = (await t.dataSource.query(`SELECT label FROM beds WHERE id = $1`, [stay.bedId])).map((row: { label: string }) => row.label);
      expect(response.body.items).toEqual([
        expect.objectContaining({ stayId: stay.id, personId: person.id, familyName: 'Rahimi', givenNames: 'Jawad', dateOfBirth: '1993-07-21', unit: 'Aile Nord', bed: label, checkedOutAt: null }),
      ]);
      expect(response.body.items[0].nationalities).toMatch(/AFG/);
    });

    it('filters by from and to', async () => {
      const { centre, staff } = await centreWithStaff();
      const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);
      const early = await checkedIn(t, staff, centre.id, { person: newPerson(), checkedInAt: fromNow(-10 * DAY_MS) });
      await as(t, staff).post(`/api/v1/stays/${early.stay.id}/check-out`, { reason: 'removed', at: fromNow(-8 * DAY_MS) }).expect(200);
      const late = await checkedIn(t, staff, centre.id, { person: newPerson(), checkedInAt: fromNow(-2 * DAY_MS) });
      const stayIds = async (query: string) => (await as(t, staff).get(`/api/v1/centres/${centre.id}/register${query}`).expect(200)).body.items.map((row: { stayId: string }) => row.stayId);
      expect((await stayIds('')).sort()).toEqual([early.stay.id, late.stay.id].sort());
      expect(await stayIds(`?from=${day(-5)}`)).toEqual([late.stay.id]);
      expect(await stayIds(`?to=${day(-6)}`)).toEqual([early.stay.id]);
      expect(await stayIds(`?from=${day(-9)}&to=${day(-9)}`)).toEqual([early.stay.id]);
      expect(await stayIds(`?from=${day(-20)}&to=${day(-15)}`)).toEqual([]);
      expect((await as(t, staff).get(`/api/v1/centres/${centre.id}/register?from=${day(-1)}&to=${day(-3)}`).expect(400)).body.code).toBe('VALIDATION_FAILED');
    });

    it('exports CSV with a header row, and neutralises a cell beginning with =', async () => {
      const { centre, staff } = await centreWithStaff();
      await checkedIn(t, staff, centre.id, { person: newPerson({ familyName: '=HYPERLINK("http://evil.example","x")', givenNames: '@SUM(A1)' }) });
      await checkedIn(t, staff, centre.id, { person: newPerson({ familyName: 'Noori' }) });
      const response = await as(t, staff).get(`/api/v1/centres/${centre.id}/register?format=csv`).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      const lines = response.text.trim().split(/\r?\n/);
      expect(lines[0].split(',')).toEqual(expect.arrayContaining(['stayId', 'personId', 'familyName', 'givenNames', 'dateOfBirth', 'unit', 'bed', 'checkedInAt']));
      expect(lines).toHaveLength(3);
      // no cell may start with a formula character
      const cells = lines.slice(1).flatMap((line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((cell) => cell.replace(/,$/, '').replace(/^"|"$/g, '')));
      expect(cells.filter((cell) => /^[=+@]/.test(cell))).toEqual([]);
      expect(response.text).toContain(`'=HYPERLINK(`);
      expect(response.text).toContain(`'@SUM(A1)`);
      expect(response.text).toContain('Noori');
    });

    // Regression (fixed): ?format=csv returns only the first page (limit defaults to 50) and, unlike the JSON page,
    // carries no total: an export of a busy centre's register silently loses rows.
    it('exports the whole register in CSV, or says how many rows there are', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 55 }] });
      for (let i = 0; i < 55; i++) await checkedIn(t, staff, centre.id);
      const response = await as(t, staff).get(`/api/v1/centres/${centre.id}/register?format=csv`).expect(200);
      const rows = response.text.trim().split(/\r?\n/).length - 1;
      expect(rows === 55 || Number(response.headers['x-total-count']) === 55).toBe(true);
    });

    it('answers 404 for another centre’s register, 403 for a funder or caseworker', async () => {
      const { centre, staff } = await centreWithStaff();
      await checkedIn(t, staff, centre.id);
      const outsider = await centreWithStaff();
      expect((await as(t, outsider.staff).get(`/api/v1/centres/${centre.id}/register`).expect(404)).body.code).toBe('NOT_FOUND');
      await as(t, outsider.staff).get(`/api/v1/centres/${centre.id}/register?format=csv`).expect(404);
      await as(t, await userFor(t, 'funder', [])).get(`/api/v1/centres/${centre.id}/register`).expect(403);
      await as(t, await userFor(t, 'caseworker', [centre.id])).get(`/api/v1/centres/${centre.id}/register`).expect(403);
    });
  });
});
