import request from 'supertest';
import { FixedClock } from '@escale/platform';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

describe('API authentication', () => {
  const clock = new FixedClock(new Date('2026-11-20T21:40:00Z'));
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterAll(() => t.close());

  it('issues an expiring Bearer token and answers /me with the caller', async () => {
    const issued = await request(t.http).post('/api/v1/auth/token').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).expect(200);
    expect(issued.body.accessToken).toMatch(/^esk_/);
    expect(new Date(issued.body.expiresAt).getTime()).toBe(clock.now().getTime() + t.config.tokenTtlMs);
    const me = await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${issued.body.accessToken}`).expect(200);
    expect(me.body).toEqual({ id: expect.any(String), email: ADMIN_EMAIL, name: 'Administrator', role: 'admin', centreIds: [] });
  });

  it('stores only a hash of the token', async () => {
    const rows = await t.dataSource.query(`SELECT token_hash FROM api_tokens`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const wrong = await request(t.http).post('/api/v1/auth/token').send({ email: ADMIN_EMAIL, password: 'not the password' }).expect(401);
    const unknown = await request(t.http).post('/api/v1/auth/token').send({ email: 'nobody@escale.test', password: 'not the password' }).expect(401);
    expect(wrong.body).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: expect.any(String), details: {} });
    expect(unknown.body).toEqual(wrong.body);
  });

  it('refuses requests without a token, with a malformed header, or with a made-up token', async () => {
    const none = await request(t.http).get('/api/v1/me').expect(401);
    expect(none.body.code).toBe('UNAUTHENTICATED');
    await request(t.http).get('/api/v1/me').set('Authorization', 'Basic abc').expect(401);
    await request(t.http).get('/api/v1/me').set('Authorization', 'Bearer esk_made-up').expect(401);
  });

  it('refuses an expired token', async () => {
    const token = (await request(t.http).post('/api/v1/auth/token').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD })).body.accessToken;
    clock.advance(t.config.tokenTtlMs + 1000);
    try {
      await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(401);
    } finally {
      clock.advance(-(t.config.tokenTtlMs + 1000));
    }
  });

  it('revokes the token a request carries', async () => {
    const token = (await request(t.http).post('/api/v1/auth/token').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD })).body.accessToken;
    await request(t.http).delete('/api/v1/auth/token').set('Authorization', `Bearer ${token}`).expect(204);
    await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('refuses a disabled user, even with a token issued before', async () => {
    const user = await t.userWithToken('staff');
    await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${user.token}`).expect(200);
    await t.dataSource.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [user.id]);
    await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${user.token}`).expect(401);
    const login = await request(t.http).post('/api/v1/auth/token').send({ email: user.email, password: 'a-long-enough-password' }).expect(401);
    expect(login.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('answers 429 after repeated failures, even with the right password, and audits each failure', async () => {
    const user = await t.userWithToken('caseworker');
    for (let i = 0; i < t.config.loginMaxFailures; i++) {
      await request(t.http).post('/api/v1/auth/token').send({ email: user.email, password: `wrong-${i}` }).expect(401);
    }
    const locked = await request(t.http).post('/api/v1/auth/token').send({ email: user.email, password: 'a-long-enough-password' }).expect(429);
    expect(locked.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    const failures = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.login_failed' AND entity_id = $1 AND outcome = 'failure'`,
      [user.id],
    );
    expect(failures[0].n).toBe(t.config.loginMaxFailures);
  });

  it('audits successful logins', async () => {
    const rows = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.login'`);
    expect(rows[0].n).toBeGreaterThan(0);
  });
});
