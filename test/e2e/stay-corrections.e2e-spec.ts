import { randomUUID } from 'node:crypto';
import { createCentre, newPerson, userFor } from '../support/fixtures.js';
import { as, asAdmin, auditOf, bedOf, bornYearsAgo, checkedIn, checkIn, counts, HOUR_MS, household, newChild, occupancy } from '../support/stays-fixtures.js';
import { responseValidator, type ResponseValidator } from '../support/openapi.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('correcting stays: undo a check-out, bed moves, joining a household, placement plans', () => {
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

  const stayRow = async (id: string) =>
    (await t.dataSource.query(`SELECT bed_id, unit_id, household_id, checked_out_at, exit_reason, bed_since, version FROM stays WHERE id = $1`, [id]))[0];
  const bedOccupied = async (id: string) => (await t.dataSource.query(`SELECT occupied FROM beds WHERE id = $1`, [id]))[0].occupied as boolean;

  describe('POST /stays/:id/reopen', () => {
    it('undoes a mistaken check-out: the stay opens on its bed, the case, property and alerts are as before', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'families', beds: 2 }] });
      // A disputed age raises an alert at check-in, which the check-out resolves.
      const { stay, case: opened } = await checkedIn(t, staff, centre.id, { person: newPerson({ ageDisputed: true }) });
      const deposit = await as(t, staff).post(`/api/v1/stays/${stay.id}/property`, { items: [{ kind: 'item', description: 'Phone' }] }).expect(201);
      const itemId = deposit.body.items[0].id;
      await as(t, staff).post(`/api/v1/stays/${stay.id}/check-out`, { reason: 'absconded', returnedPropertyIds: [itemId] }).expect(200);
      const caseworker = await userFor(t, 'caseworker', [centre.id]);
      expect((await as(t, caseworker).get(`/api/v1/cases/${opened.id}`).expect(200)).body.status).toBe('released');
      const [resolved] = await t.dataSource.query(`SELECT resolved_at FROM alerts WHERE stay_id = $1 AND kind = 'age_disputed'`, [stay.id]);
      expect(resolved.resolved_at).not.toBeNull();
      expect(await bedOccupied(stay.bedId)).toBe(false);

      const reopened = await as(t, staff).post(`/api/v1/stays/${stay.id}/reopen`).expect(200);
      expect(reopened.body).toMatchObject({ id: stay.id, bedId: stay.bedId, checkedOutAt: null, exitReason: null, checkOutRecordedAt: null });
      expect(reopened.body.nextWelfareCheckDue).toEqual(expect.any(String));
      expect(await bedOccupied(stay.bedId)).toBe(true);
      const caseNow = (await as(t, caseworker).get(`/api/v1/cases/${opened.id}`).expect(200)).body;
      expect(caseNow.status).toBe('open');
      // The note is the system's, as a code; a caseworker who never chose a language reads it in French.
      expect(caseNow.history.at(-1)).toMatchObject({ from: 'released', to: 'open', noteKind: 'check_out_undone', note: 'Départ enregistré par erreur, annulé' });
      expect(await t.dataSource.query(`SELECT note FROM case_status_changes WHERE case_id = $1 AND note_kind = 'check_out_undone'`, [opened.id])).toEqual([{ note: null }]);
      const property = (await as(t, staff).get(`/api/v1/stays/${stay.id}/property`).expect(200)).body.items;
      expect(property).toEqual([expect.objectContaining({ id: itemId, returnedAt: null })]);
      const [alert] = await t.dataSource.query(`SELECT resolved_at FROM alerts WHERE stay_id = $1 AND kind = 'age_disputed'`, [stay.id]);
      expect(alert.resolved_at).toBeNull();
      expect((await auditOf(t, stay.id)).map((event) => event.action)).toContain('stay.reopen');
      // open again, it is an ordinary open stay: a second reopen is refused, a check-out works
      expect((await as(t, staff).post(`/api/v1/stays/${stay.id}/reopen`).expect(409)).body).toMatchObject({ code: 'REOPEN_NOT_ALLOWED', details: { reason: 'the stay is open' } });
      await as(t, staff).post(`/api/v1/stays/${stay.id}/check-out`, { reason: 'other' }).expect(200);
    });

    it('refuses with 409 REOPEN_NOT_ALLOWED after 24 hours, once the bed is taken, after a transfer, or when the person is elsewhere', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 1 }] });
      const other = await createCentre(t, { units: [{ housing: 'men', beds: 2 }] });
      const reopen = (id: string) => as(t, staff).post(`/api/v1/stays/${id}/reopen`);

      // more than 24 hours after the check-out was recorded
      const late = await checkedIn(t, staff, centre.id);
      await as(t, staff).post(`/api/v1/stays/${late.stay.id}/check-out`, { reason: 'other' }).expect(200);
      await t.dataSource.query(`UPDATE stays SET check_out_recorded_at = now() - interval '25 hours' WHERE id = $1`, [late.stay.id]);
      expect((await reopen(late.stay.id).expect(409)).body.code).toBe('REOPEN_NOT_ALLOWED');

      // the bed was given to someone else
      const taken = await checkedIn(t, staff, centre.id);
      await as(t, staff).post(`/api/v1/stays/${taken.stay.id}/check-out`, { reason: 'other' }).expect(200);
      const next = await checkedIn(t, staff, centre.id);
      expect(next.stay.bedId).toBe(taken.stay.bedId);
      expect((await reopen(taken.stay.id).expect(409)).body).toMatchObject({ code: 'REOPEN_NOT_ALLOWED', details: { reason: 'the bed has been taken since' } });
      // the bed is free again, but it was slept in after the check-out
      await as(t, staff).post(`/api/v1/stays/${next.stay.id}/check-out`, { reason: 'other' }).expect(200);
      const before = await counts(t);
      expect((await reopen(taken.stay.id).expect(409)).body.code).toBe('REOPEN_NOT_ALLOWED');
      expect(await counts(t)).toEqual(before);
      expect((await stayRow(taken.stay.id)).checked_out_at).not.toBeNull();

      // the person has a stay since (checked in again)
      const again = await checkedIn(t, staff, centre.id);
      await as(t, staff).post(`/api/v1/stays/${again.stay.id}/check-out`, { reason: 'other' }).expect(200);
      const second = await checkedIn(t, staff, centre.id, { personId: again.person.id });
      await as(t, staff).post(`/api/v1/stays/${second.stay.id}/check-out`, { reason: 'other' }).expect(200);
      expect((await reopen(again.stay.id).expect(409)).body.code).toBe('REOPEN_NOT_ALLOWED');

      // a transfer is not undone this way
      const both = await userFor(t, 'staff', [centre.id, other.id]);
      const moving = await checkedIn(t, both, centre.id);
      await as(t, both).post(`/api/v1/stays/${moving.stay.id}/transfers`, { toCentreId: other.id }).expect(201);
      expect((await as(t, both).post(`/api/v1/stays/${moving.stay.id}/reopen`).expect(409)).body).toMatchObject({ code: 'REOPEN_NOT_ALLOWED', details: { reason: expect.stringContaining('transfer') } });
    });

    it('answers 404 for another centre’s stay or an unknown one, 403 to a caseworker, and audits the refusal', async () => {
      const { centre, staff } = await centreWithStaff();
      const { stay } = await checkedIn(t, staff, centre.id);
      await as(t, staff).post(`/api/v1/stays/${stay.id}/check-out`, { reason: 'other' }).expect(200);
      const outsider = await centreWithStaff();
      expect((await as(t, outsider.staff).post(`/api/v1/stays/${stay.id}/reopen`).expect(404)).body.code).toBe('NOT_FOUND');
      await as(t, outsider.staff).post(`/api/v1/stays/${randomUUID()}/reopen`).expect(404);
      await as(t, outsider.staff).post('/api/v1/stays/nope/reopen').expect(404);
      const caseworker = await userFor(t, 'caseworker', [centre.id]);
      expect((await as(t, caseworker).post(`/api/v1/stays/${stay.id}/reopen`).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await stayRow(stay.id)).checked_out_at).not.toBeNull();
    });
  });

  describe('POST /stays/:id/bed-moves', () => {
    it('moves a person to a free bed, keeps where they slept, and frees the bed they left', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 3 }] });
      const [b1, b2, b3] = centre.units[0].bedIds;
      const { stay } = await checkedIn(t, staff, centre.id, { person: newPerson(), bedId: b1, checkedInAt: new Date(Date.now() - 3 * HOUR_MS).toISOString() });
      // someone slept on b2 after this stay began and has left: the bed may be moved to now
      const gone = await checkedIn(t, staff, centre.id, { person: newPerson(), bedId: b2, checkedInAt: new Date(Date.now() - 2 * HOUR_MS).toISOString() });
      await as(t, staff).post(`/api/v1/stays/${gone.stay.id}/check-out`, { reason: 'other', at: new Date(Date.now() - HOUR_MS).toISOString() }).expect(200);

      const moved = await as(t, staff).post(`/api/v1/stays/${stay.id}/bed-moves`, { bedId: b2 }).expect(200);
      expect(moved.body).toMatchObject({ id: stay.id, bedId: b2, checkedOutAt: null });
      expect(Date.parse(moved.body.bedSince)).toBeGreaterThan(Date.now() - 60_000);
      expect(await bedOccupied(b1)).toBe(false);
      expect(await bedOccupied(b2)).toBe(true);
      expect((await occupancy(t, staff, centre.id)).occupied).toBe(1);
      // and again, with the version read
      const again = await as(t, staff).post(`/api/v1/stays/${stay.id}/bed-moves`, { bedId: b3, version: moved.body.version }).expect(200);
      expect(again.body.bedId).toBe(b3);
      const history = await as(t, staff).get(`/api/v1/stays/${stay.id}/bed-moves`).expect(200);
      expect(history.body.items.map((move: { fromBed: { id: string }; toBed: { id: string } }) => [move.fromBed.id, move.toBed.id])).toEqual([
        [b1, b2],
        [b2, b3],
      ]);
      expect(history.body.items[1].onFromBedSince).toBe(moved.body.bedSince);
      // the beds left can be named in a check-in now, but not back-dated into the time the person slept there
      await checkIn(t, staff, centre.id, { person: newPerson(), bedId: b1, checkedInAt: new Date(Date.now() - 2 * HOUR_MS).toISOString() }).expect(409);
      await checkedIn(t, staff, centre.id, { person: newPerson(), bedId: b1 });
      expect((await auditOf(t, stay.id)).filter((event) => event.action === 'stay.bed_move')).toHaveLength(2);
      // a check-out before the last move is refused, not a 500
      expect((await as(t, staff).post(`/api/v1/stays/${stay.id}/check-out`, { reason: 'other', at: new Date(Date.now() - 2 * HOUR_MS).toISOString() }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    });

    it('keeps the housing rules of check-in, and answers 409 for a taken or unusable bed, a closed stay or a stale version', async () => {
      const { centre, staff } = await centreWithStaff({
        units: [
          { name: 'Men', housing: 'men', beds: 2 },
          { name: 'Women', housing: 'women', beds: 1 },
          { name: 'Fam', housing: 'families', beds: 2 },
          { name: 'Mixed', housing: 'mixed', beds: 1 },
        ],
      });
      const [men1, men2] = centre.units[0].bedIds;
      const [women1] = centre.units[1].bedIds;
      const [fam1, fam2] = centre.units[2].bedIds;
      const [mixed1] = centre.units[3].bedIds;
      const man = await checkedIn(t, staff, centre.id, { person: newPerson({ sex: 'male' }), bedId: men1 });
      const child = await checkedIn(t, staff, centre.id, { person: newChild({ sex: 'female' }), bedId: fam1 });
      const before = await counts(t);
      const move = (stayId: string, body: Record<string, unknown>) => as(t, staff).post(`/api/v1/stays/${stayId}/bed-moves`, body);
      expect((await move(man.stay.id, { bedId: women1 }).expect(409)).body.code).toBe('HOUSING_MISMATCH');
      // an adult never next to an unrelated child, a child never among adults
      expect((await move(man.stay.id, { bedId: fam2 }).expect(409)).body.code).toBe('HOUSING_MISMATCH');
      expect((await move(child.stay.id, { bedId: mixed1 }).expect(409)).body.code).toBe('HOUSING_MISMATCH');
      expect((await move(child.stay.id, { bedId: men1 }).expect(409)).body.code).toBe('BED_OCCUPIED');
      await asAdmin(t).patch(`/api/v1/beds/${men2}`, { inService: false }).expect(200);
      expect((await move(man.stay.id, { bedId: men2 }).expect(409)).body.code).toBe('BED_OUT_OF_SERVICE');
      expect((await move(man.stay.id, { bedId: mixed1, version: 99 }).expect(409)).body.code).toBe('VERSION_CONFLICT');
      expect(await counts(t)).toEqual(before);
      expect((await stayRow(man.stay.id)).bed_id).toBe(men1);
      await move(man.stay.id, { bedId: mixed1 }).expect(200);
      await as(t, staff).post(`/api/v1/stays/${man.stay.id}/check-out`, { reason: 'other' }).expect(200);
      expect((await move(man.stay.id, { bedId: men1 }).expect(409)).body.code).toBe('STAY_CLOSED');
    });

    it('answers 400 for bad input, 404 for another centre’s stay or bed', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 2 }] });
      const { stay } = await checkedIn(t, staff, centre.id);
      const outsider = await centreWithStaff({ units: [{ housing: 'men', beds: 1 }] });
      const move = (body: unknown, who = staff) => as(t, who).post(`/api/v1/stays/${stay.id}/bed-moves`, body);
      expect((await move({}).expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: { bedId: expect.any(Array) } } });
      await move({ bedId: 'bed-2' }).expect(400);
      await move({ bedId: centre.units[0].bedIds[1], colour: 'blue' }).expect(400);
      await move({ bedId: stay.bedId }).expect(400);
      expect((await move({ bedId: outsider.centre.units[0].bedIds[0] }).expect(404)).body.code).toBe('NOT_FOUND');
      expect((await move({ bedId: centre.units[0].bedIds[1] }, outsider.staff).expect(404)).body.code).toBe('NOT_FOUND');
      await as(t, outsider.staff).get(`/api/v1/stays/${stay.id}/bed-moves`).expect(404);
      expect((await stayRow(stay.id)).bed_id).toBe(stay.bedId);
    });

    it('two moves racing for one free bed: one is made, the other answers 409 BED_OCCUPIED', async () => {
      for (let round = 0; round < 5; round++) {
        const { centre, staff } = await centreWithStaff({ units: [{ housing: 'men', beds: 3 }] });
        const [b1, b2, target] = centre.units[0].bedIds;
        const first = await checkedIn(t, staff, centre.id, { person: newPerson(), bedId: b1 });
        const second = await checkedIn(t, staff, centre.id, { person: newPerson(), bedId: b2 });
        const answers = await Promise.all([first, second].map((one) => as(t, staff).post(`/api/v1/stays/${one.stay.id}/bed-moves`, { bedId: target })));
        expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
        expect(answers.find((answer) => answer.status === 409)!.body.code).toBe('BED_OCCUPIED');
        const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM stays WHERE bed_id = $1 AND checked_out_at IS NULL`, [target]);
        expect(n).toBe(1);
        const [{ occupied }] = await t.dataSource.query(`SELECT count(*) FILTER (WHERE occupied)::int AS occupied FROM beds WHERE unit_id = $1`, [centre.units[0].id]);
        expect(occupied).toBe(2);
      }
    });
  });

  describe('PUT /stays/:id/household', () => {
    it('moves an adult who joins a household into its family unit, and keeps a bed that already fits', async () => {
      const { centre, staff } = await centreWithStaff({
        units: [
          { name: 'Men', housing: 'men', beds: 2 },
          { name: 'Fam A', housing: 'families', beds: 3 },
          { name: 'Fam B', housing: 'families', beds: 2 },
        ],
      });
      const family = await household(t, staff, 'Famille Ahmadi');
      const mother = await checkedIn(t, staff, centre.id, { person: newPerson({ sex: 'female' }), householdId: family });
      const familyUnit = (await bedOf(t, mother.stay.bedId)).unitId;
      const father = await checkedIn(t, staff, centre.id, { person: newPerson({ sex: 'male' }), bedId: centre.units[0].bedIds[0] });
      const joined = await as(t, staff).put(`/api/v1/stays/${father.stay.id}/household`, { householdId: family });
      expect(joined.status).toBe(200);
      expect(joined.body).toMatchObject({ householdId: family, unitId: familyUnit });
      expect(await bedOccupied(father.stay.bedId)).toBe(false);
      expect((await as(t, staff).get(`/api/v1/stays/${father.stay.id}/bed-moves`).expect(200)).body.items).toHaveLength(1);
      expect((await auditOf(t, father.stay.id)).map((event) => event.action)).toEqual(expect.arrayContaining(['stay.household_join', 'stay.bed_move']));
      // a lone child in a family unit of their own joins a household with nobody here yet: the bed fits, it is kept
      const other = await household(t, staff);
      const child = await checkedIn(t, staff, centre.id, { person: newChild() });
      const kept = await as(t, staff).put(`/api/v1/stays/${child.stay.id}/household`, { householdId: other }).expect(200);
      expect(kept.body).toMatchObject({ householdId: other, bedId: child.stay.bedId });
    });

    it('answers 409 when no family unit can take the household, 404 for an unknown household or another centre, 400 for bad input', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ name: 'Men', housing: 'men', beds: 2 }, { name: 'Fam', housing: 'families', beds: 1 }] });
      const family = await household(t, staff);
      await checkedIn(t, staff, centre.id, { person: newPerson({ sex: 'female' }), householdId: family });
      const man = await checkedIn(t, staff, centre.id, { person: newPerson({ sex: 'male' }) });
      const join = (body: unknown, who = staff) => as(t, who).put(`/api/v1/stays/${man.stay.id}/household`, body);
      expect((await join({ householdId: family }).expect(409)).body.code).toBe('NO_BED_AVAILABLE');
      expect((await join({ householdId: randomUUID() }).expect(404)).body.code).toBe('NOT_FOUND');
      expect((await join({ householdId: 'family' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      await join({ householdId: family, extra: true }).expect(400);
      const outsider = await centreWithStaff();
      await join({ householdId: family }, outsider.staff).expect(404);
      expect((await stayRow(man.stay.id)).household_id).toBeNull();
      // staff may keep a split family: an adult of the household on a named bed among men
      const split = await join({ householdId: family, bedId: centre.units[0].bedIds[1] }).expect(200);
      expect(split.body).toMatchObject({ householdId: family, bedId: centre.units[0].bedIds[1] });
    });
  });

  describe('POST /centres/:id/placement-plans', () => {
    it('splits a family no family unit can take whole: children each with an adult, the other adults by sex; staff confirm by checking in', async () => {
      const { centre, staff } = await centreWithStaff({
        units: [
          { name: 'Fam A', housing: 'families', beds: 3 },
          { name: 'Fam B', housing: 'families', beds: 2 },
          { name: 'Men', housing: 'men', beds: 2 },
          { name: 'Women', housing: 'women', beds: 2 },
        ],
      });
      const people = {
        mother: newPerson({ sex: 'female' }),
        father: newPerson({ sex: 'male' }),
        uncle: newPerson({ sex: 'male' }),
        girl: newChild({ sex: 'female' }),
        boy: newChild({ sex: 'male', dateOfBirth: bornYearsAgo(4) }),
        baby: newChild({ sex: 'male', dateOfBirth: bornYearsAgo(1) }),
      };
      const members = Object.entries(people).map(([ref, person]) => ({ ref, sex: person.sex, dateOfBirth: person.dateOfBirth }));
      // no family unit takes six, though nine beds are free: check-in alone would refuse
      const plan = validator.checked(await as(t, staff).post(`/api/v1/centres/${centre.id}/placement-plans`, { members }).expect(200));
      expect(plan.body).toMatchObject({ centreId: centre.id, together: false, unplaced: [] });
      const placed = new Map<string, { bedId: string; unitId: string; housing: string }>(plan.body.placements.map((p: { ref: string }) => [p.ref, p]));
      expect(placed.size).toBe(6);
      for (const child of ['girl', 'boy', 'baby']) {
        const unit = placed.get(child)!.unitId;
        expect(placed.get(child)!.housing).toBe('families');
        expect(['mother', 'father', 'uncle'].some((adult) => placed.get(adult)!.unitId === unit)).toBe(true);
      }
      expect(new Set([...placed.values()].map((p) => p.bedId)).size).toBe(6);
      // nothing was written
      expect((await occupancy(t, staff, centre.id)).occupied).toBe(0);

      const family = await household(t, staff);
      for (const [ref, person] of Object.entries(people)) await checkedIn(t, staff, centre.id, { person, householdId: family, bedId: placed.get(ref)!.bedId });
      expect((await occupancy(t, staff, centre.id)).occupied).toBe(6);
    });

    it('keeps a family together when one unit can take it, never places a child without a family unit, and refuses bad input', async () => {
      const { centre, staff } = await centreWithStaff({ units: [{ name: 'Men', housing: 'men', beds: 3 }, { name: 'Fam', housing: 'families', beds: 3 }] });
      const together = await as(t, staff)
        .post(`/api/v1/centres/${centre.id}/placement-plans`, { members: [{ ref: 'a', sex: 'female', dateOfBirth: '1990-01-01' }, { ref: 'b', sex: 'male', dateOfBirth: bornYearsAgo(5) }] })
        .expect(200);
      validator.check(together);
      expect(together.body.together).toBe(true);
      expect(new Set(together.body.placements.map((p: { unitId: string }) => p.unitId))).toEqual(new Set([centre.units[1].id]));
      // another family fills the family unit: a child of the next has nowhere to go
      await checkedIn(t, staff, centre.id, { person: newChild() });
      const full = await as(t, staff)
        .post(`/api/v1/centres/${centre.id}/placement-plans`, { members: [{ ref: 'dad', sex: 'male', dateOfBirth: '1985-05-05' }, { ref: 'kid', sex: 'male', dateOfBirth: bornYearsAgo(6) }] })
        .expect(200);
      validator.check(full);
      expect(full.body).toMatchObject({ together: false, unplaced: [{ ref: 'kid', reason: 'no_family_unit' }] });
      expect(full.body.placements).toEqual([expect.objectContaining({ ref: 'dad', housing: 'men' })]);

      const plan = (body: unknown, who = staff) => as(t, who).post(`/api/v1/centres/${centre.id}/placement-plans`, body);
      expect((await plan({ members: [] }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      await plan({ members: [{ ref: 'x', dateOfBirth: '1990-01-01' }] }).expect(400);
      await plan({ members: [{ ref: 'x', sex: 'male', dateOfBirth: '1990-02-31' }] }).expect(400);
      await plan({ members: [{ ref: 'x', sex: 'male', dateOfBirth: '1990-01-01' }, { ref: 'x', sex: 'male', dateOfBirth: '1990-01-01' }] }).expect(400);
      await plan({ members: [{ ref: 'x', sex: 'male', dateOfBirth: '1990-01-01', height: 3 }] }).expect(400);
      const outsider = await centreWithStaff();
      expect((await plan({ members: [{ ref: 'x', sex: 'male', dateOfBirth: '1990-01-01' }] }, outsider.staff).expect(404)).body.code).toBe('NOT_FOUND');
    });
  });
});
