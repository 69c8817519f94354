import request from 'supertest';
import { MfaService } from '@escale/auth';
import { FixedClock } from '@escale/platform';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEFAULT_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

describe('two-factor sign-in, password rules and disabling accounts', () => {
  const clock = new FixedClock(new Date('2026-11-20T08:00:00Z'));
  let t: TestApp;
  let mfa: MfaService;
  let adminSecret: string;
  let recoveryCodes: string[];

  beforeAll(async () => {
    // The admin has no token before setting up a one-time code: the first test does so on the pages.
    t = await startTestApp({ clock, env: { MFA_REQUIRED_ROLES: 'admin' }, skipAdminToken: true });
    mfa = t.app.get(MfaService);
  });
  afterAll(() => t.close());

  const nextPeriod = () => clock.advance(30_000);

  /** Posts the login form; the answer and the session cookie it leaves. */
  async function passwordStep(email: string, password: string) {
    const page = await request(t.http).get('/login').set('Accept-Language', 'en').expect(200);
    const response = await request(t.http).post('/login').set('Cookie', sessionCookie(page)!).set('Accept-Language', 'en').type('form').send({ _csrf: csrfOf(page.text), email, password });
    return { response, cookie: sessionCookie(response) ?? sessionCookie(page)! };
  }

  async function codeStep(cookie: string, code: string) {
    const page = await request(t.http).get('/login/code').set('Cookie', cookie).set('Accept-Language', 'en').expect(200);
    const response = await request(t.http).post('/login/code').set('Cookie', cookie).set('Accept-Language', 'en').type('form').send({ _csrf: csrfOf(page.text), code });
    return { response, cookie: sessionCookie(response) ?? cookie };
  }

  it('makes an admin set up a one-time code before the first page, and shows recovery codes once', async () => {
    const refused = await request(t.http).post('/api/v1/auth/token').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).expect(403);
    expect(refused.body.code).toBe('MFA_ENROLMENT_REQUIRED');
    const { response, cookie } = await passwordStep(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/login/enrol');
    // Not signed in yet: the password alone opens nothing.
    expect((await request(t.http).get('/').set('Cookie', cookie)).headers.location).toBe('/login');

    const setup = await request(t.http).get('/login/enrol').set('Cookie', cookie).set('Accept-Language', 'en').expect(200);
    expect(setup.text).toContain('<svg');
    const secret = setup.text.match(/data-testid="totp-secret">([A-Z2-7]+)</)![1];
    const wrong = await request(t.http).post('/login/enrol').set('Cookie', cookie).type('form').send({ _csrf: csrfOf(setup.text), code: '000000' });
    expect(wrong.status).toBe(400);
    const secretAfterWrong = wrong.text.match(/data-testid="totp-secret">([A-Z2-7]+)</)![1];
    expect(secretAfterWrong).not.toBe(secret);

    const done = await request(t.http).post('/login/enrol').set('Cookie', cookie).type('form').send({ _csrf: csrfOf(wrong.text), code: mfa.codeAt(secretAfterWrong, clock.now()) }).expect(200);
    recoveryCodes = [...done.text.matchAll(/<li><code>([0-9a-f-]+)<\/code><\/li>/g)].map((match) => match[1]);
    expect(recoveryCodes).toHaveLength(10);
    adminSecret = secretAfterWrong;
    const signedIn = sessionCookie(done)!;
    expect(signedIn).not.toBe(cookie);
    await request(t.http).get('/').set('Cookie', signedIn).expect(200);
    const [row] = await t.dataSource.query(`SELECT totp_secret, recovery_code_hashes FROM users WHERE email = $1`, [ADMIN_EMAIL]);
    expect(row.totp_secret).not.toContain(adminSecret); // stored encrypted
    expect(row.recovery_code_hashes.join()).not.toContain(recoveryCodes[0]);
    nextPeriod();
    t.adminToken = (await request(t.http).post('/api/v1/auth/token').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD, totp: mfa.codeAt(adminSecret, clock.now()) }).expect(200)).body.accessToken;
  });

  it('asks for the code at every sign-in, and never accepts a wrong or replayed one', async () => {
    nextPeriod();
    const code = mfa.codeAt(adminSecret, clock.now());
    const first = await passwordStep(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(first.response.headers.location).toBe('/login/code');
    const wrong = await codeStep(first.cookie, code === '123456' ? '654321' : '123456');
    expect(wrong.response.status).toBe(401);
    const right = await codeStep(first.cookie, code);
    expect(right.response.status).toBe(303);
    await request(t.http).get('/').set('Cookie', right.cookie).expect(200);

    const again = await passwordStep(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect((await codeStep(again.cookie, code)).response.status).toBe(401); // the same code a second time
    const failures = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.mfa_failed'`);
    expect(failures[0].n).toBe(2);
  });

  it('accepts each recovery code once', async () => {
    const first = await passwordStep(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect((await codeStep(first.cookie, recoveryCodes[0].toUpperCase())).response.status).toBe(303);
    const second = await passwordStep(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect((await codeStep(second.cookie, recoveryCodes[0])).response.status).toBe(401);
    expect((await codeStep(second.cookie, recoveryCodes[1])).response.status).toBe(303);
  });

  it('asks the API for the code too once it is on: MFA_REQUIRED without it or with a wrong one', async () => {
    nextPeriod();
    const missing = await request(t.http).post('/api/v1/auth/token').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).expect(401);
    expect(missing.body.code).toBe('MFA_REQUIRED');
    const wrong = await request(t.http).post('/api/v1/auth/token').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD, totp: '000000' }).expect(401);
    expect(wrong.body.code).toBe('MFA_REQUIRED');
    const ok = await request(t.http).post('/api/v1/auth/token').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD, totp: mfa.codeAt(adminSecret, clock.now()) }).expect(200);
    expect(ok.body.accessToken).toMatch(/^esk_/);
  });

  it('locks the code step after repeated failures, with 429', async () => {
    const user = await t.userWithToken('caseworker');
    const login = await passwordStep(user.email, DEFAULT_PASSWORD);
    expect(login.response.headers.location).toBe('/'); // not a required role, not turned on
    const enrolPage = await request(t.http).get('/account/security/enrol').set('Cookie', login.cookie).set('Accept-Language', 'en').expect(200);
    const secret = enrolPage.text.match(/data-testid="totp-secret">([A-Z2-7]+)</)![1];
    await request(t.http).post('/account/security/enrol').set('Cookie', login.cookie).type('form').send({ _csrf: csrfOf(enrolPage.text), code: mfa.codeAt(secret, clock.now()) }).expect(200);
    const account = await request(t.http).get('/account/security').set('Cookie', login.cookie).set('Accept-Language', 'en').expect(200);
    expect(account.text).toContain('Two-factor sign-in is on');

    const next = await passwordStep(user.email, DEFAULT_PASSWORD);
    expect(next.response.headers.location).toBe('/login/code');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) statuses.push((await codeStep(next.cookie, '000000')).response.status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
  });

  it('lets an admin reset a lost second factor, and the user sets it up again', async () => {
    const user = await t.userWithToken('staff');
    await t.dataSource.query(`UPDATE users SET totp_enabled_at = now(), totp_secret = 'v1.x.y.z' WHERE id = $1`, [user.id]);
    await request(t.http).delete(`/api/v1/users/${user.id}/mfa`).set('Authorization', `Bearer ${user.token}`).expect(403);
    await request(t.http).delete(`/api/v1/users/${user.id}/mfa`).set('Authorization', `Bearer ${t.adminToken}`).expect(204);
    const listed = await request(t.http).get('/api/v1/users?limit=500').set('Authorization', `Bearer ${t.adminToken}`).expect(200);
    expect(listed.body.items.find((u: { id: string }) => u.id === user.id).mfaEnabled).toBe(false);
    expect((await passwordStep(user.email, DEFAULT_PASSWORD)).response.headers.location).toBe('/');
  });

  it('refuses common and guessable passwords', async () => {
    for (const password of ['password1234', '123456789012', 'qwertyuiopas', 'iloveyou1234', 'Passw0rd!2024']) {
      const response = await request(t.http)
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${t.adminToken}`)
        .send({ email: `weak-${password.length}-${Math.random().toString(36).slice(2)}@escale.test`, name: 'Weak', role: 'staff', password, centreIds: [] });
      expect([password, response.status, response.body.code]).toEqual([password, 400, 'VALIDATION_FAILED']);
      expect(response.body.details.fields.password).toBeDefined();
    }
  });

  it('ends every token and page session of a user at once when the account is disabled', async () => {
    const user = await t.userWithToken('staff');
    const login = await passwordStep(user.email, DEFAULT_PASSWORD);
    await request(t.http).get('/').set('Cookie', login.cookie).expect(200);
    await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${user.token}`).expect(200);

    await request(t.http).patch(`/api/v1/users/${user.id}`).set('Authorization', `Bearer ${user.token}`).send({ disabled: true }).expect(403);
    const disabled = await request(t.http).patch(`/api/v1/users/${user.id}`).set('Authorization', `Bearer ${t.adminToken}`).send({ disabled: true }).expect(200);
    expect(disabled.body.disabledAt).not.toBeNull();
    await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${user.token}`).expect(401);
    expect((await request(t.http).get('/').set('Cookie', login.cookie)).status).toBe(303);
    const sessions = await t.dataSource.query(`SELECT count(*)::int AS n FROM sessions WHERE sess->>'userId' = $1`, [user.id]);
    expect(sessions[0].n).toBe(0);
    expect((await passwordStep(user.email, DEFAULT_PASSWORD)).response.status).toBe(401);

    await request(t.http).patch(`/api/v1/users/${user.id}`).set('Authorization', `Bearer ${t.adminToken}`).send({ disabled: false }).expect(200);
    expect((await passwordStep(user.email, DEFAULT_PASSWORD)).response.headers.location).toBe('/');
    const audit = await t.dataSource.query(`SELECT action FROM audit_events WHERE entity_id = $1 AND action IN ('user.disable', 'user.enable') ORDER BY at`, [user.id]);
    expect(audit.map((row: { action: string }) => row.action)).toEqual(['user.disable', 'user.enable']);
  });
});
