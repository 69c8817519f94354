import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import request from 'supertest';
import { MfaService, PasswordService } from '@escale/auth';
import { FixedClock } from '@escale/platform';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEFAULT_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

interface Answer {
  status: number;
  body: { code?: string; accessToken?: string; details?: Record<string, unknown> };
}

/** Listens on a real port, so that a client can choose its source address on the loopback range. */
async function listen(t: TestApp): Promise<number> {
  const server = t.http as http.Server;
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A JSON request sent from a given local address (127.0.0.2, 127.0.0.3, ...). */
function sendFrom(port: number, localAddress: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const outgoing = http.request(
      { host: '127.0.0.1', port, localAddress, method, path, headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers }, agent: false },
      (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (text += chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

const signIn = (port: number, from: string, body: Record<string, string>, headers?: Record<string, string>) => sendFrom(port, from, 'POST', '/api/v1/auth/token', body, headers);

async function auditCount(t: TestApp, action: string, entityId: string, origin?: string): Promise<number> {
  const [row] = await t.dataSource.query(
    `SELECT count(*)::int AS n FROM audit_events WHERE action = $1 AND entity_id = $2 AND ($3::text IS NULL OR origin = $3)`,
    [action, entityId, origin ?? null],
  );
  return row.n;
}

describe('sign-in throttling', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_ADDRESS_MAX_FAILURES: '12' } });
    port = await listen(t);
  });
  afterAll(() => t.close());

  it('checks no more than LOGIN_MAX_FAILURES passwords of one account however many requests race', async () => {
    const user = await t.userWithToken('staff');
    const passwords = t.app.get(PasswordService);
    const verify = jest.spyOn(passwords, 'verify');
    const nothing = jest.spyOn(passwords, 'verifyAgainstNothing');
    try {
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) => request(t.http).post('/api/v1/auth/token').send({ email: user.email, password: `wrong-password-${i}` })),
      );
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 401)).toHaveLength(t.config.loginMaxFailures);
      expect(statuses.filter((status) => status === 429)).toHaveLength(100 - t.config.loginMaxFailures);
      expect(verify.mock.calls.length + nothing.mock.calls.length).toBe(t.config.loginMaxFailures);
      expect(await auditCount(t, 'auth.login_failed', user.id)).toBe(t.config.loginMaxFailures);
    } finally {
      verify.mockRestore();
      nothing.mockRestore();
    }
  });

  it('slows only the guessing address: the owner signs in from another, and X-Forwarded-For is not believed', async () => {
    const user = await t.userWithToken('caseworker');
    for (let i = 0; i < t.config.loginMaxFailures; i++) {
      expect((await signIn(port, '127.0.0.2', { email: user.email, password: `guess-${i}` })).status).toBe(401);
    }
    const locked = await signIn(port, '127.0.0.2', { email: user.email, password: DEFAULT_PASSWORD });
    expect([locked.status, locked.body.code]).toEqual([429, 'TOO_MANY_ATTEMPTS']);
    const spoofed = await signIn(port, '127.0.0.2', { email: user.email, password: DEFAULT_PASSWORD }, { 'X-Forwarded-For': '127.0.0.9' });
    expect(spoofed.status).toBe(429);

    const owner = await signIn(port, '127.0.0.3', { email: user.email, password: DEFAULT_PASSWORD });
    expect(owner.status).toBe(200);
    expect(owner.body.accessToken).toMatch(/^esk_/);
    expect(await auditCount(t, 'auth.login_failed', user.id, '127.0.0.2')).toBe(t.config.loginMaxFailures);
    expect(await auditCount(t, 'auth.login', user.id, '127.0.0.3')).toBe(1);
    // The owner's success forgives nothing of the attacker's address.
    expect((await signIn(port, '127.0.0.2', { email: user.email, password: DEFAULT_PASSWORD })).status).toBe(429);
  });

  it('throttles one address trying many accounts, and only that address', async () => {
    const limit = t.config.loginAddressMaxFailures;
    expect(limit).toBe(12);
    for (let i = 0; i < limit; i++) {
      // Never more than LOGIN_MAX_FAILURES for one account: the address limit is what stops it.
      expect((await signIn(port, '127.0.0.4', { email: `someone-${i}@escale.test`, password: 'not-the-password' })).status).toBe(401);
    }
    const user = await t.userWithToken('staff');
    const refused = await signIn(port, '127.0.0.4', { email: user.email, password: DEFAULT_PASSWORD });
    expect([refused.status, refused.body.code]).toEqual([429, 'TOO_MANY_ATTEMPTS']);
    expect(await auditCount(t, 'auth.login', user.id, '127.0.0.4')).toBe(0);
    expect((await signIn(port, '127.0.0.5', { email: 'someone-0@escale.test', password: 'not-the-password' })).status).toBe(401);
  });

  it('lists lockouts to admins only, and lifts one on request, audited', async () => {
    const staff = await t.userWithToken('staff');
    await request(t.http).get('/api/v1/auth/lockouts').set('Authorization', `Bearer ${staff.token}`).expect(403);
    const listed = await request(t.http).get('/api/v1/auth/lockouts').set('Authorization', `Bearer ${t.adminToken}`).expect(200);
    const caseworker = (await t.dataSource.query(`SELECT id, email FROM users WHERE role = 'caseworker'`))[0] as { id: string; email: string };
    const account = listed.body.items.find((item: { kind: string; email: string }) => item.kind === 'account' && item.email === caseworker.email);
    expect(account).toEqual({ id: expect.stringMatching(/^[0-9a-f]{64}$/), kind: 'account', email: caseworker.email, userId: caseworker.id, address: '127.0.0.2', failures: t.config.loginMaxFailures, lockedUntil: expect.any(String) });
    expect(listed.body.items).toContainEqual(expect.objectContaining({ kind: 'address', email: null, userId: null, address: '127.0.0.4', failures: 12 }));
    expect(listed.body.total).toBe(listed.body.items.length);

    await request(t.http).delete(`/api/v1/auth/lockouts/${account.id}`).set('Authorization', `Bearer ${staff.token}`).expect(403);
    await request(t.http).delete(`/api/v1/auth/lockouts/${account.id}`).set('Authorization', `Bearer ${t.adminToken}`).expect(204);
    await request(t.http).delete(`/api/v1/auth/lockouts/${account.id}`).set('Authorization', `Bearer ${t.adminToken}`).expect(404);
    await request(t.http).delete('/api/v1/auth/lockouts/not-a-lockout').set('Authorization', `Bearer ${t.adminToken}`).expect(404);
    expect((await signIn(port, '127.0.0.2', { email: caseworker.email, password: DEFAULT_PASSWORD })).status).toBe(200);
    expect(await auditCount(t, 'auth.unlock_account', caseworker.id)).toBe(1);
    const after = await request(t.http).get('/api/v1/auth/lockouts').set('Authorization', `Bearer ${t.adminToken}`).expect(200);
    expect(after.body.items.some((item: { id: string }) => item.id === account.id)).toBe(false);
  });
});

describe('two-factor sign-in on the API', () => {
  const clock = new FixedClock(new Date('2026-11-20T08:00:00Z'));
  let t: TestApp;
  let mfa: MfaService;
  let port: number;
  const nextPeriod = () => clock.advance(30_000);

  /** Turns a user's second factor on as the enrolment page would, and returns the secret. */
  async function enrol(email: string): Promise<string> {
    const [user] = await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [email]);
    const { secret } = await mfa.newEnrolment({ email });
    await mfa.confirmEnrolment(user.id, secret, mfa.codeAt(secret, clock.now()));
    nextPeriod();
    return secret;
  }

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { MFA_REQUIRED_ROLES: 'admin' }, skipAdminToken: true });
    mfa = t.app.get(MfaService);
    port = await listen(t);
    const secret = await enrol(ADMIN_EMAIL);
    t.adminToken = (await request(t.http).post('/api/v1/auth/token').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD, totp: mfa.codeAt(secret, clock.now()) }).expect(200)).body.accessToken;
  });
  afterAll(() => t.close());

  it('gives an admin who has not set up a code no token: 403 MFA_ENROLMENT_REQUIRED', async () => {
    const email = 'second-admin@escale.test';
    await request(t.http).post('/api/v1/users').set('Authorization', `Bearer ${t.adminToken}`).send({ email, name: 'Second Admin', role: 'admin', password: DEFAULT_PASSWORD, centreIds: [] }).expect(201);
    const refused = await request(t.http).post('/api/v1/auth/token').send({ email, password: DEFAULT_PASSWORD }).expect(403);
    expect(refused.body.code).toBe('MFA_ENROLMENT_REQUIRED');
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = $1`, [email]);
    expect(n).toBe(0);
    // A role that is not required gets its token with a password alone.
    await t.userWithToken('staff');
  });

  it('then asks for a code (401 MFA_REQUIRED), counts wrong codes as failures up to 429, and takes the right one', async () => {
    const email = 'second-admin@escale.test';
    const secret = await enrol(email);
    const [user] = await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [email]);
    const missing = await signIn(port, '127.0.0.6', { email, password: DEFAULT_PASSWORD });
    expect([missing.status, missing.body.code]).toEqual([401, 'MFA_REQUIRED']);
    const right = mfa.codeAt(secret, clock.now());
    const wrong = right === '123456' ? '654321' : '123456';
    for (let i = 0; i < t.config.loginMaxFailures; i++) {
      const answer = await signIn(port, '127.0.0.6', { email, password: DEFAULT_PASSWORD, totp: wrong });
      expect([answer.status, answer.body.code]).toEqual([401, 'MFA_REQUIRED']);
    }
    const locked = await signIn(port, '127.0.0.6', { email, password: DEFAULT_PASSWORD, totp: right });
    expect([locked.status, locked.body.code]).toEqual([429, 'TOO_MANY_ATTEMPTS']);
    expect(await auditCount(t, 'auth.mfa_failed', user.id)).toBe(t.config.loginMaxFailures);

    const ok = await signIn(port, '127.0.0.7', { email, password: DEFAULT_PASSWORD, totp: right });
    expect(ok.status).toBe(200);
    const [token] = await t.dataSource.query(`SELECT second_factor FROM api_tokens WHERE user_id = $1`, [user.id]);
    expect(token.second_factor).toBe(true);
  });
});

describe("resetting another user's second factor", () => {
  const clock = new FixedClock(new Date('2026-11-20T08:00:00Z'));
  let t: TestApp;
  let mfa: MfaService;

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { MFA_REQUIRED_ROLES: 'none' } });
    mfa = t.app.get(MfaService);
  });
  afterAll(() => t.close());

  async function enrol(userId: string, email: string): Promise<string> {
    const { secret } = await mfa.newEnrolment({ email });
    await mfa.confirmEnrolment(userId, secret, mfa.codeAt(secret, clock.now()));
    clock.advance(30_000);
    return secret;
  }

  it("needs the caller's own one-time code: not enrolled, enrolled but signed in without it, then with it", async () => {
    const victim = await t.userWithToken('admin');
    await enrol(victim.id, victim.email);
    const isOn = async () => (await t.dataSource.query(`SELECT totp_enabled_at IS NOT NULL AS on FROM users WHERE id = $1`, [victim.id]))[0].on as boolean;

    const unenrolled = await request(t.http).delete(`/api/v1/users/${victim.id}/mfa`).set('Authorization', `Bearer ${t.adminToken}`).expect(403);
    expect(unenrolled.body).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('Set up two-factor sign-in') });
    expect(await isOn()).toBe(true);

    const [admin] = await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [ADMIN_EMAIL]);
    const secret = await enrol(admin.id, ADMIN_EMAIL);
    // The token was issued on a password alone, before the code was set up.
    const passwordOnly = await request(t.http).delete(`/api/v1/users/${victim.id}/mfa`).set('Authorization', `Bearer ${t.adminToken}`).expect(403);
    expect(passwordOnly.body).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('one-time code') });
    expect(await isOn()).toBe(true);

    const strong = (await request(t.http).post('/api/v1/auth/token').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD, totp: mfa.codeAt(secret, clock.now()) }).expect(200)).body.accessToken;
    await request(t.http).delete(`/api/v1/users/${victim.id}/mfa`).set('Authorization', `Bearer ${strong}`).expect(204);
    expect(await isOn()).toBe(false);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.mfa_reset' AND entity_id = $1`, [victim.id]);
    expect(n).toBe(1);
  });
});

describe('password rules and text that reads as it is stored', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>) =>
    request(t.http).post('/api/v1/users').set('Authorization', `Bearer ${t.adminToken}`).send({ role: 'staff', centreIds: [], ...body });
  const userCount = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM users`))[0].n as number;

  it.each([
    ['the email', { email: 'samira.haddad@escale.test', name: 'S. H.', password: 'samira.haddad@escale.test!' }],
    ['its local part', { email: 'samira.haddad@escale.test', name: 'S. H.', password: 'violin-Samira.Haddad-42' }],
    ['a name part of four letters or more', { email: 'sh@escale.test', name: 'Samira Haddad', password: 'tractor-HADDAD-violin-ocean' }],
  ])('refuses a password containing %s, naming the field', async (_what, body) => {
    const before = await userCount();
    const response = await create(body).expect(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: { password: ['must not contain your email address or name'] } } });
    expect(await userCount()).toBe(before);
  });

  it.each([
    ['a right-to-left override', 'Ali \u202Egpj.exe', 'must not contain bidirectional formatting characters'],
    ['an isolate', 'Ali \u2067Reza', 'must not contain bidirectional formatting characters'],
    ['an Arabic letter mark', 'Ali\u061C', 'must not contain bidirectional formatting characters'],
    ['an escape character', 'Ali \u001B[31mReza', 'must not contain control characters'],
    ['a C1 control', 'Ali\u0085Reza', 'must not contain control characters'],
    ['a line break', 'Ali\nReza', 'must not contain control characters'],
  ])('refuses a name with %s, naming the field, and stores nothing', async (_what, name, message) => {
    const before = await userCount();
    const response = await create({ email: `n-${Math.random().toString(36).slice(2)}@escale.test`, name, password: 'violin-tractor-ocean-marble' }).expect(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: { name: [message] } } });
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts|Error:/);
    expect(await userCount()).toBe(before);
  });

  it('accepts names written right to left', async () => {
    await create({ email: 'ahmadi@escale.test', name: 'فاطمه احمدی', password: 'violin-tractor-ocean-marble' }).expect(201);
  });
});
