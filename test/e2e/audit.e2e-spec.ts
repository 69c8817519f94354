import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('the audit trail', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('records user creation in the same transaction, with actor and record but no field values', async () => {
    const user = await t.userWithToken('staff');
    const me = await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${t.adminToken}`).expect(200);
    const events = await request(t.http).get(`/api/v1/audit?entityId=${user.id}`).set('Authorization', `Bearer ${t.adminToken}`).expect(200);
    const creation = events.body.items.find((event: { action: string }) => event.action === 'user.create');
    expect(creation).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      actorId: me.body.id,
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      centreId: null,
      outcome: 'success',
      subjectIds: [],
    });
    const raw = JSON.stringify(await t.dataSource.query(`SELECT * FROM audit_events WHERE entity_id = $1`, [user.id]));
    expect(raw).not.toContain(user.email);
  });

  it('filters by actor', async () => {
    const user = await t.userWithToken('caseworker');
    const events = await request(t.http).get(`/api/v1/audit?actorId=${user.id}`).set('Authorization', `Bearer ${t.adminToken}`).expect(200);
    expect(events.body.items.length).toBeGreaterThan(0);
    expect(events.body.items.every((event: { actorId: string }) => event.actorId === user.id)).toBe(true);
  });

  it.each([
    ['UPDATE', `UPDATE audit_events SET action = 'tampered'`],
    ['DELETE', `DELETE FROM audit_events`],
    ['TRUNCATE', `TRUNCATE audit_events`],
  ])('is append-only: the database refuses %s, even to its owner', async (_, sql) => {
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events`);
    await expect(t.dataSource.query(sql)).rejects.toThrow(/append-only/);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events`)).toEqual(before);
  });

  it('rolls back with the change it records', async () => {
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'user.create'`);
    const taken = await request(t.http)
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ email: 'admin@escale.test', name: 'Duplicate', role: 'staff', password: 'a-long-enough-password', centreIds: [] })
      .expect(409);
    expect(taken.body.code).toBe('EMAIL_TAKEN');
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'user.create'`)).toEqual(before);
  });
});
