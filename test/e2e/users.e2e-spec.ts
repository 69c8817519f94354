import request from 'supertest';
import { createCentre } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('users', () => {
  let t: TestApp;
  let centreId: string;
  const body = (email: string) => ({ email, name: 'Nadia Benali', role: 'caseworker', password: 'a-long-enough-password', centreIds: [centreId] });

  beforeAll(async () => {
    t = await startTestApp();
    centreId = (await createCentre(t, { units: [] })).id;
  });
  afterAll(() => t.close());

  it('creates a user with role and centres, hashes the password with argon2id, and never shows the hash', async () => {
    const created = await request(t.http).post('/api/v1/users').set('Authorization', `Bearer ${t.adminToken}`).send(body('Nadia@Escale.test')).expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      email: 'nadia@escale.test',
      name: 'Nadia Benali',
      role: 'caseworker',
      centreIds: [centreId],
      createdAt: expect.any(String),
      disabledAt: null,
      mfaEnabled: false,
      lastSignInAt: null,
    });
    const [row] = await t.dataSource.query(`SELECT password_hash FROM users WHERE id = $1`, [created.body.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('answers 409 EMAIL_TAKEN for an address already used, whatever its case', async () => {
    const response = await request(t.http).post('/api/v1/users').set('Authorization', `Bearer ${t.adminToken}`).send(body('NADIA@escale.test')).expect(409);
    expect(response.body).toEqual({ statusCode: 409, code: 'EMAIL_TAKEN', message: expect.any(String), details: {} });
  });

  it('refuses a short password and an unknown role', async () => {
    const response = await request(t.http)
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ ...body('short@escale.test'), password: 'short', role: 'superuser' })
      .expect(400);
    expect(Object.keys(response.body.details.fields).sort()).toEqual(['password', 'role']);
  });

  it('refuses half a surrogate pair in an address with 400, not a 500 from the database, and creates nobody', async () => {
    const [{ n: before }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM users`);
    // Sent as raw JSON: an escape is how a client sends text that is not whole characters.
    const response = await request(t.http)
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(body('x\udfffy@escale.test')).replace('x\udfffy', 'x\\udfffy'))
      .expect(400);
    expect(response.body.details.fields.email).toEqual(['must be valid Unicode text']);
    const [{ n: after }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM users`);
    expect(after).toBe(before);
  });

  it('refuses centres that do not exist', async () => {
    const response = await request(t.http)
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ ...body('ghost@escale.test'), centreIds: ['8f0c6b5e-2f43-4c5a-9a55-5f7a1ad5c0a1'] })
      .expect(400);
    expect(response.body.details.fields.centreIds[0]).toMatch(/no such centre/);
  });

  it('lets only admins create users', async () => {
    const staff = await t.userWithToken('staff');
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM users`);
    await request(t.http).post('/api/v1/users').set('Authorization', `Bearer ${staff.token}`).send(body('x@escale.test')).expect(403);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM users`)).toEqual(before);
  });

  it('lists users for admins, paginated', async () => {
    const page = await request(t.http).get('/api/v1/users?limit=2').set('Authorization', `Bearer ${t.adminToken}`).expect(200);
    expect(page.body.limit).toBe(2);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThanOrEqual(3);
  });

  it('does not create a second first admin when the server starts again', async () => {
    const { createServerApp } = await import('../../apps/server/src/bootstrap.js');
    const again = await createServerApp(t.config);
    await again.close();
    const admins = await t.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE role = 'admin'`);
    expect(admins[0].n).toBe(1);
  });
});
