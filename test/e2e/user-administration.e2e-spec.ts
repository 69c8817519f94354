import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createCentre } from '../support/fixtures.js';
import { ADMIN_EMAIL, DEFAULT_PASSWORD, startTestApp, type TestApp, tokenFor } from '../support/test-app.js';

describe('user administration: role, centres, disabling, the last administrator, last sign-in', () => {
  let t: TestApp;
  let centreA: string;
  let centreB: string;
  let firstAdminId: string;

  const patch = (token: string, id: string, body: unknown) => request(t.http).patch(`/api/v1/users/${id}`).set('Authorization', `Bearer ${token}`).send(body as object);
  const auditCount = async (action: string, id: string) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = $1 AND entity_id = $2`, [action, id]))[0].n as number;
  const userRow = async (id: string) => (await t.dataSource.query(`SELECT role, centre_ids, disabled_at, last_sign_in_at, version FROM users WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    t = await startTestApp();
    centreA = (await createCentre(t, { units: [] })).id;
    centreB = (await createCentre(t, { units: [] })).id;
    [{ id: firstAdminId }] = await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [ADMIN_EMAIL]);
  });
  afterAll(() => t.close());

  it('records the last sign-in for an API token, without changing the account’s version', async () => {
    const user = await t.userWithToken('staff', [centreA]);
    const first = await userRow(user.id);
    expect(first.last_sign_in_at).toBeInstanceOf(Date);
    await tokenFor(t.http, user.email, DEFAULT_PASSWORD);
    const second = await userRow(user.id);
    expect(second.last_sign_in_at.getTime()).toBeGreaterThanOrEqual(first.last_sign_in_at.getTime());
    expect(second.version).toBe(first.version);
    const listed = await request(t.http).get('/api/v1/users?limit=500').set('Authorization', `Bearer ${t.adminToken}`).expect(200);
    const shown = listed.body.items.find((item: { id: string }) => item.id === user.id);
    expect(shown.lastSignInAt).toBe(second.last_sign_in_at.toISOString());
  });

  it('shows lastSignInAt null for a user who never signed in', async () => {
    const created = await request(t.http)
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ email: `new-${randomUUID()}@escale.test`, name: 'Léa Morel', role: 'staff', password: DEFAULT_PASSWORD, centreIds: [] })
      .expect(201);
    expect(created.body.lastSignInAt).toBeNull();
  });

  it('changes a user’s role and centres, audited as user.update, and the new role applies to their token at once', async () => {
    const user = await t.userWithToken('caseworker', [centreA]);
    const response = await patch(t.adminToken, user.id, { role: 'staff', centreIds: [centreB, centreB.toUpperCase()] }).expect(200);
    expect(response.body).toMatchObject({ id: user.id, role: 'staff', centreIds: [centreB] });
    expect(await userRow(user.id)).toMatchObject({ role: 'staff', centre_ids: [centreB] });
    expect(await auditCount('user.update', user.id)).toBe(1);
    // staff of centre B now, no longer of A
    await request(t.http).get(`/api/v1/centres/${centreB}/occupancy`).set('Authorization', `Bearer ${user.token}`).expect(200);
    await request(t.http).get(`/api/v1/centres/${centreA}/occupancy`).set('Authorization', `Bearer ${user.token}`).expect(404);
    // the same values again change nothing and record nothing
    await patch(t.adminToken, user.id, { role: 'staff', centreIds: [centreB] }).expect(200);
    expect(await auditCount('user.update', user.id)).toBe(1);
  });

  it('refuses an unknown role, an unknown centre, an unknown field and an empty change with 400, changing nothing', async () => {
    const user = await t.userWithToken('caseworker', [centreA]);
    const before = await userRow(user.id);
    expect(Object.keys((await patch(t.adminToken, user.id, { role: 'superuser' }).expect(400)).body.details.fields)).toEqual(['role']);
    expect((await patch(t.adminToken, user.id, { centreIds: [randomUUID()] }).expect(400)).body.details.fields.centreIds[0]).toMatch(/no such centre/);
    expect((await patch(t.adminToken, user.id, { role: 'staff', password: 'x' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await patch(t.adminToken, user.id, {}).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect(await userRow(user.id)).toEqual(before);
    expect(await auditCount('user.update', user.id)).toBe(0);
  });

  it('lets only an admin change a user, and answers 404 for an unknown user', async () => {
    const staff = await t.userWithToken('staff', [centreA]);
    const user = await t.userWithToken('caseworker', [centreA]);
    await patch(staff.token, user.id, { role: 'admin' }).expect(403);
    expect((await userRow(user.id)).role).toBe('caseworker');
    expect((await patch(t.adminToken, randomUUID(), { role: 'staff' }).expect(404)).body.code).toBe('NOT_FOUND');
  });

  it('disables and enables an account again, each audited; a disabled account cannot sign in', async () => {
    const user = await t.userWithToken('staff', [centreA]);
    expect((await patch(t.adminToken, user.id, { disabled: true }).expect(200)).body.disabledAt).toEqual(expect.any(String));
    await request(t.http).post('/api/v1/auth/token').send({ email: user.email, password: DEFAULT_PASSWORD }).expect(401);
    expect((await patch(t.adminToken, user.id, { disabled: false }).expect(200)).body.disabledAt).toBeNull();
    await tokenFor(t.http, user.email, DEFAULT_PASSWORD);
    expect(await auditCount('user.disable', user.id)).toBe(1);
    expect(await auditCount('user.enable', user.id)).toBe(1);
  });

  it('never leaves no active administrator: 409 LAST_ADMIN, and nothing changes', async () => {
    const second = await t.userWithToken('admin');
    // an admin cannot disable themself
    expect((await patch(second.token, second.id, { disabled: true }).expect(400)).body.details.fields).toHaveProperty('disabled');
    // with two admins, one may step down
    await patch(t.adminToken, second.id, { role: 'staff' }).expect(200);
    // the first admin is now the only one: neither demoted (by themself) nor disabled
    const demoted = await patch(t.adminToken, firstAdminId, { role: 'caseworker' }).expect(409);
    expect(demoted.body).toMatchObject({ statusCode: 409, code: 'LAST_ADMIN' });
    expect((await userRow(firstAdminId)).role).toBe('admin');
    // a disabled admin does not count
    const third = await t.userWithToken('admin');
    await patch(t.adminToken, third.id, { disabled: true }).expect(200);
    await patch(t.adminToken, firstAdminId, { role: 'staff' }).expect(409);
    // enabled again, the third admin lets the first one step down, and then is the last one
    await patch(t.adminToken, third.id, { disabled: false }).expect(200);
    // disabling revoked its tokens: it signs in again
    third.token = await tokenFor(t.http, third.email, DEFAULT_PASSWORD);
    await patch(third.token, firstAdminId, { role: 'staff' }).expect(200);
    expect((await patch(third.token, third.id, { role: 'staff' }).expect(409)).body.code).toBe('LAST_ADMIN');
    await patch(third.token, firstAdminId, { role: 'admin' }).expect(200);
    await patch(t.adminToken, third.id, { role: 'staff' }).expect(200);
  });

  it('lets two administrators demoting each other at once leave one of them an administrator', async () => {
    const a = await t.userWithToken('admin');
    const b = await t.userWithToken('admin');
    // the first admin steps aside for the race: only a and b are active admins
    const [{ n: others }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> ALL($1::uuid[])`, [[firstAdminId, a.id, b.id]]);
    expect(others).toBe(0);
    await patch(a.token, firstAdminId, { role: 'staff' }).expect(200);
    const answers = await Promise.all([patch(a.token, b.id, { role: 'staff' }), patch(b.token, a.id, { role: 'staff' })]);
    // the loser is refused by the rule (409), or is no longer an admin by the time its request is read (403)
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.some((answer) => [403, 409].includes(answer.status))).toBe(true);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL`);
    expect(n).toBe(1);
    const winner = answers[0].status === 200 ? a : b;
    await patch(winner.token, firstAdminId, { role: 'admin' }).expect(200);
  });
});
