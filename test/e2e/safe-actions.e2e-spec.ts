import request from 'supertest';
import { type Role, translate } from '@escale/platform';
import { createCentre, newPerson, type CentreFixture } from '../support/fixtures.js';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { as, checkedIn, counts } from '../support/stays-fixtures.js';
import { DEFAULT_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

interface PageSession {
  cookie: string;
  csrf: string;
}

/** The HTML escaping the pages apply to text, for finding a message in a page's source. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;').replace(/`/g, '&#x60;').replace(/=/g, '&#x3D;');
const en = (key: Parameters<typeof translate>[1], params: Record<string, unknown> = {}) => html(translate('en', key, params));

/**
 * Irreversible actions over HTTP: the rule that they need their confirmation is the server's,
 * not only the page's; without it nothing changes and the form comes back with the error. And the
 * welfare round of a unit: one transaction, each check audited, never for constant supervision.
 */
describe('confirmed actions and the welfare round of a unit (pages)', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let other: CentreFixture;
  let staff: { id: string; email: string; token: string };
  let staffPage: PageSession;
  let caseworkerPage: PageSession;

  async function logIn(email: string): Promise<PageSession> {
    const page = await request(t.http).get('/login').set('Accept-Language', 'en');
    const response = await request(t.http).post('/login').set('Cookie', sessionCookie(page)!).set('Accept-Language', 'en').type('form').send({ _csrf: csrfOf(page.text), email, password: DEFAULT_PASSWORD }).expect(303);
    const cookie = sessionCookie(response)!;
    const home = await request(t.http).get('/').set('Cookie', cookie).set('Accept-Language', 'en').expect(200);
    return { cookie, csrf: csrfOf(home.text) };
  }
  const member = async (role: Role, centreIds: string[]) => {
    const user = await t.userWithToken(role, centreIds);
    return { user, session: await logIn(user.email) };
  };
  const get = (who: PageSession, path: string) => request(t.http).get(path).set('Cookie', who.cookie).set('Accept-Language', 'en');
  const post = (who: PageSession, path: string, form: Record<string, string | string[]>) =>
    request(t.http).post(path).set('Cookie', who.cookie).set('Accept-Language', 'en').type('form').send({ _csrf: who.csrf, ...form });
  const stayRow = async (id: string) => (await t.dataSource.query(`SELECT checked_out_at, centre_id, welfare_level FROM stays WHERE id = $1`, [id]))[0];
  const checksOf = async (stayIds: string[]) => (await t.dataSource.query(`SELECT stay_id, outcome FROM welfare_checks WHERE stay_id = ANY($1) ORDER BY stay_id`, [stayIds])) as { stay_id: string; outcome: string }[];
  const checkAudits = async (stayIds: string[]) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'welfare_check.create' AND entity_id = ANY($1)`, [stayIds]))[0].n as number;
  /** A person checked in on a bed of a unit of the centre. */
  const onBed = async (unit: number, bed: number) => {
    const person = newPerson({ sex: 'male' });
    const done = await checkedIn(t, staff, centre.id, { person, bedId: centre.units[unit].bedIds[bed] });
    return { ...done, name: `${person.givenNames} ${person.familyName}` };
  };

  beforeAll(async () => {
    t = await startTestApp();
    centre = await createCentre(t, { units: [{ name: 'Dormitory A', housing: 'men', beds: 4 }, { name: 'Dormitory B', housing: 'men', beds: 2 }] });
    other = await createCentre(t, { units: [{ housing: 'men', beds: 2 }] });
    const removal = await createCentre(t, { kind: 'removal', units: [{ housing: 'men', beds: 2 }] });
    const staffMember = await member('staff', [centre.id, removal.id]);
    staff = staffMember.user;
    staffPage = staffMember.session;
    caseworkerPage = (await member('caseworker', [centre.id])).session;
  });
  afterAll(() => t.close());

  it('refuses a check-out without its confirmation, changes nothing, then records it once confirmed', async () => {
    const { stay, name } = await onBed(1, 0);
    const page = await get(staffPage, `/stays/${stay.id}`).expect(200);
    expect(page.text).toContain('id="checkout-confirm"');
    const [bed] = await t.dataSource.query(`SELECT label FROM beds WHERE id = $1`, [stay.bedId]);
    // What will happen, in words, beside the box.
    expect(page.text).toContain(en('confirm.checkOut', { name, centre: `Centre ${centre.code}`, bed: bed.label }));

    const before = await counts(t);
    const refused = await post(staffPage, `/stays/${stay.id}/check-out`, { reason: 'absconded' }).expect(400);
    expect(refused.text).toContain(en('fieldError.confirmAction'));
    expect(refused.text).toContain('href="#checkout-confirm"');
    expect(refused.text).toMatch(/id="stay-error"|data-error-summary/);
    expect((await stayRow(stay.id)).checked_out_at).toBeNull();
    expect(await counts(t)).toEqual(before);

    // Anything but "yes" is no confirmation.
    await post(staffPage, `/stays/${stay.id}/check-out`, { reason: 'absconded', confirm: 'on' }).expect(400);
    expect((await stayRow(stay.id)).checked_out_at).toBeNull();

    const done = await post(staffPage, `/stays/${stay.id}/check-out`, { reason: 'absconded', confirm: 'yes' }).expect(303);
    expect(done.headers.location).toBe(`/stays/${stay.id}?done=checked-out#receipt`);
    expect((await stayRow(stay.id)).checked_out_at).not.toBeNull();
    // A closed stay offers no check-out, and no transfer.
    const closed = await get(staffPage, `/stays/${stay.id}`).expect(200);
    expect(closed.text).not.toContain('id="checkout-confirm"');
    expect(closed.text).not.toContain('id="transfer-confirm"');
  });

  it('refuses a transfer without its confirmation and changes nothing', async () => {
    const { stay } = await onBed(1, 1);
    const removal = (await t.dataSource.query(`SELECT id FROM centres WHERE kind = 'removal' ORDER BY created_at DESC LIMIT 1`))[0].id as string;
    const before = await counts(t);
    const refused = await post(staffPage, `/stays/${stay.id}/transfers`, { toCentreId: removal }).expect(400);
    expect(refused.text).toContain(en('fieldError.confirmAction'));
    expect(await counts(t)).toEqual(before);
    expect((await stayRow(stay.id)).checked_out_at).toBeNull();
    await post(staffPage, `/stays/${stay.id}/transfers`, { toCentreId: removal, confirm: 'yes' }).expect(303);
    expect((await stayRow(stay.id)).checked_out_at).not.toBeNull();
  });

  it('asks a confirmation for a legal case status, not for the claim going on', async () => {
    const { stay, case: opened } = await onBed(0, 3);
    const status = async () => (await t.dataSource.query(`SELECT status, version FROM cases WHERE id = $1`, [opened.id]))[0] as { status: string; version: number };
    const page = await get(caseworkerPage, `/cases/${opened.id}`).expect(200);
    expect(page.text).toContain('id="status-released-confirm"');
    expect(page.text).not.toContain('id="status-asylum_in_progress-confirm"');

    const { version } = await status();
    const refused = await post(caseworkerPage, `/cases/${opened.id}/status`, { status: 'released', version: String(version) }).expect(400);
    expect(refused.text).toContain(en('fieldError.confirmAction'));
    expect(refused.text).toContain('href="#status-released-confirm"');
    expect(await status()).toEqual({ status: 'open', version });

    await post(caseworkerPage, `/cases/${opened.id}/status`, { status: 'asylum_in_progress', version: String(version) }).expect(303);
    const moved = await status();
    expect(moved.status).toBe('asylum_in_progress');
    await post(caseworkerPage, `/cases/${opened.id}/status`, { status: 'released', version: String(moved.version), confirm: 'yes' }).expect(303);
    expect((await status()).status).toBe('released');
    expect((await stayRow(stay.id)).checked_out_at).toBeNull();
  });

  describe('the round of a unit', () => {
    it('records "seen well" for each person ticked, in one go, each audited; the page lists who', async () => {
      const people = [await onBed(0, 0), await onBed(0, 1)];
      const ids = people.map((person) => person.stay.id);
      const round = `/centres/${centre.id}/welfare/units/${centre.units[0].id}/round`;
      const page = await get(staffPage, round).expect(200);
      for (const id of ids) expect(page.text).toContain(`id="round-${id}"`);
      expect(page.text).toContain('id="round-confirm"');

      // Without the confirmation: nothing.
      const refused = await post(staffPage, round, { stayIds: ids }).expect(400);
      expect(refused.text).toContain('href="#round-confirm"');
      expect(await checksOf(ids)).toEqual([]);

      const done = await post(staffPage, round, { stayIds: ids, confirm: 'yes' }).expect(303);
      expect(done.headers.location).toBe(`/centres/${centre.id}/welfare?round=${centre.units[0].id}&count=2#units`);
      expect((await checksOf(ids)).map((check) => check.outcome)).toEqual(['seen_well', 'seen_well']);
      expect(await checkAudits(ids)).toBe(2);
      const board = await get(staffPage, done.headers.location).expect(200);
      expect(board.text).toContain(en('welfareBoard.unitRecorded', { count: 2, unit: 'Dormitory A' }));
    });

    it('refuses the whole round when it names someone under constant supervision, or of another unit, or nobody', async () => {
      const watched = await onBed(0, 2);
      await as(t, staff).put(`/api/v1/stays/${watched.stay.id}/welfare-level`, { level: 'constant', reason: 'Said they would harm themselves' }).expect(200);
      const [fine] = (await t.dataSource.query(`SELECT id FROM stays WHERE unit_id = $1 AND checked_out_at IS NULL AND welfare_level <> 'constant' LIMIT 1`, [centre.units[0].id])) as { id: string }[];
      const round = `/centres/${centre.id}/welfare/units/${centre.units[0].id}/round`;
      const checksBefore = (await checksOf([watched.stay.id, fine.id])).length;

      // The page does not offer them: they are listed apart.
      const page = await get(staffPage, round).expect(200);
      expect(page.text).not.toContain(`id="round-${watched.stay.id}"`);
      expect(page.text).toContain('data-round-constant');

      const refused = await post(staffPage, round, { stayIds: [fine.id, watched.stay.id], confirm: 'yes' }).expect(400);
      expect(refused.text).toContain(en('fieldError.roundPeople'));
      expect((await checksOf([watched.stay.id, fine.id])).length).toBe(checksBefore);

      const otherUnit = (await t.dataSource.query(`SELECT id FROM stays WHERE unit_id = $1 AND checked_out_at IS NULL LIMIT 1`, [centre.units[1].id]))[0] as { id: string } | undefined;
      if (otherUnit) await post(staffPage, round, { stayIds: [otherUnit.id], confirm: 'yes' }).expect(400);
      await post(staffPage, round, { confirm: 'yes' }).expect(400);
      await post(staffPage, round, { stayIds: ['not-an-id'], confirm: 'yes' }).expect(400);
      expect((await checksOf([watched.stay.id, fine.id])).length).toBe(checksBefore);
    });

    it("answers 404 for another centre's unit or stay, and records nothing", async () => {
      const theirs = await checkedIn(t, await t.userWithToken('staff', [other.id]), other.id, { person: newPerson({ sex: 'male' }) });
      await get(staffPage, `/centres/${other.id}/welfare/units/${other.units[0].id}/round`).expect(404);
      await post(staffPage, `/centres/${other.id}/welfare/units/${other.units[0].id}/round`, { stayIds: [theirs.stay.id], confirm: 'yes' }).expect(404);
      await post(staffPage, `/centres/${centre.id}/welfare/units/${other.units[0].id}/round`, { stayIds: [theirs.stay.id], confirm: 'yes' }).expect(404);
      await post(staffPage, `/centres/${centre.id}/welfare/units/${centre.units[0].id}/round`, { stayIds: [theirs.stay.id], confirm: 'yes' }).expect(404);
      expect(await checksOf([theirs.stay.id])).toEqual([]);
      // A unit of one's own centre with nobody in it: the page says so, and offers nothing to record.
      const empty = await get(staffPage, `/centres/${centre.id}/welfare/units/${centre.units[1].id}/round`).expect(200);
      expect(empty.text).toContain('data-round-none');
      expect(empty.text).not.toContain('id="round-confirm"');
    });
  });
});
