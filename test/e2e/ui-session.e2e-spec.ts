import request from 'supertest';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { FixedClock } from '@escale/platform';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEFAULT_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';


describe('admin UI sessions', () => {
  const clock = new FixedClock(new Date('2026-11-20T08:00:00Z'));
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterAll(() => t.close());

  async function logIn(email = ADMIN_EMAIL, password = ADMIN_PASSWORD) {
    const page = await request(t.http).get('/login').set('Accept-Language', 'en').expect(200);
    const before = sessionCookie(page)!;
    const response = await request(t.http)
      .post('/login')
      .set('Cookie', before)
      .set('Accept-Language', 'en')
      .type('form')
      .send({ _csrf: csrfOf(page.text), email, password });
    return { before, response, after: sessionCookie(response) };
  }

  it('sends unauthenticated visitors to the login page', async () => {
    const response = await request(t.http).get('/').expect(303);
    expect(response.headers.location).toBe('/login');
  });

  it('logs in with a new session id (no fixation) and shows the home page', async () => {
    const { before, response, after } = await logIn();
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    const home = await request(t.http).get('/').set('Cookie', after!).expect(200);
    expect(home.text).toContain('Administrator');
    // The pre-login session does not carry the login.
    await request(t.http).get('/').set('Cookie', before).expect(303);
  });

  it('sets HttpOnly and SameSite on the session cookie', async () => {
    const page = await request(t.http).get('/login');
    const cookie = ([] as string[]).concat(page.headers['set-cookie'] ?? []).find((c) => c.startsWith('escale.sid='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('refuses a form without its CSRF token and logs nobody in', async () => {
    const page = await request(t.http).get('/login');
    const cookie = sessionCookie(page)!;
    const response = await request(t.http)
      .post('/login')
      .set('Cookie', cookie)
      .type('form')
      .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
      .expect(403);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    await request(t.http).get('/').set('Cookie', cookie).expect(303);
  });

  it('shows the form again with a message for a wrong password', async () => {
    const { response } = await logIn(ADMIN_EMAIL, 'wrong password');
    expect(response.status).toBe(401);
    expect(response.text).toContain('role="alert"');
    expect(response.text).toContain('The email address or password is not correct.');
  });

  it('destroys the session on the server at logout', async () => {
    const { after } = await logIn();
    const home = await request(t.http).get('/').set('Cookie', after!).expect(200);
    const out = await request(t.http).post('/logout').set('Cookie', after!).type('form').send({ _csrf: csrfOf(home.text) }).expect(303);
    expect(out.headers.location).toBe('/login?loggedOut=1');
    await request(t.http).get('/').set('Cookie', after!).expect(303);
    const sid = decodeURIComponent(after!.split('=')[1]).slice(2).split('.')[0];
    expect(await t.dataSource.query(`SELECT sid FROM sessions WHERE sid = $1`, [sid])).toEqual([]);
  });

  it('ends a session after its absolute lifetime, however active', async () => {
    const { after } = await logIn();
    await request(t.http).get('/').set('Cookie', after!).expect(200);
    clock.advance(t.config.sessionAbsoluteMs + 60_000);
    try {
      await request(t.http).get('/').set('Cookie', after!).expect(303);
    } finally {
      clock.advance(-(t.config.sessionAbsoluteMs + 60_000));
    }
  });

  it('expires an idle session with its cookie and its stored row', async () => {
    const { after } = await logIn();
    const sid = decodeURIComponent(after!.split('=')[1]).slice(2).split('.')[0];
    const [row] = await t.dataSource.query(`SELECT expire FROM sessions WHERE sid = $1`, [sid]);
    const idle = new Date(row.expire).getTime() - Date.now();
    expect(idle).toBeGreaterThan(t.config.sessionIdleMs - 60_000);
    expect(idle).toBeLessThanOrEqual(t.config.sessionIdleMs + 1000);
    await t.dataSource.query(`UPDATE sessions SET expire = now() - interval '1 second' WHERE sid = $1`, [sid]);
    await request(t.http).get('/').set('Cookie', after!).expect(303);
  });

  it('writes the idle expiry at most once a minute, not on every page view', async () => {
    const { after } = await logIn();
    const sid = decodeURIComponent(after!.split('=')[1]).slice(2).split('.')[0];
    await request(t.http).get('/').set('Cookie', after!);
    // As if the row had been written a while ago: a page view within the minute leaves it as it is.
    await t.dataSource.query(`UPDATE sessions SET expire = now() + interval '10 minutes' WHERE sid = $1`, [sid]);
    const [before] = await t.dataSource.query(`SELECT expire FROM sessions WHERE sid = $1`, [sid]);
    const page = await request(t.http).get('/').set('Cookie', after!);
    expect(page.status).toBe(200);
    const [row] = await t.dataSource.query(`SELECT expire FROM sessions WHERE sid = $1`, [sid]);
    expect(new Date(row.expire).getTime()).toBe(new Date(before.expire).getTime());
  });

  it('switches language for the session and remembers it in a cookie', async () => {
    const page = await request(t.http).get('/login').set('Accept-Language', 'en');
    expect(page.text).toContain('<html lang="en">');
    const cookie = sessionCookie(page)!;
    const switched = await request(t.http)
      .post('/language')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrfOf(page.text), locale: 'fr', returnTo: '/login' })
      .expect(303);
    expect(switched.headers.location).toBe('/login');
    const french = await request(t.http).get('/login').set('Cookie', cookie).set('Accept-Language', 'en');
    expect(french.text).toContain('<html lang="fr">');
    expect(french.text).toContain('Connexion');
  });

  it('refuses to send the language switch anywhere off the site', async () => {
    const page = await request(t.http).get('/login');
    const cookie = sessionCookie(page)!;
    for (const returnTo of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
      const response = await request(t.http).post('/language').set('Cookie', cookie).type('form').send({ _csrf: csrfOf(page.text), locale: 'en', returnTo });
      expect(response.status).toBe(400);
    }
  });

  it('sends strict security headers and no-store on pages', async () => {
    const response = await request(t.http).get('/login');
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('never sets a session on the API', async () => {
    const response = await request(t.http).post('/api/v1/auth/token').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).expect(200);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('serves the OpenAPI document describing the API', async () => {
    const response = await request(t.http).get('/api/docs-json').expect(200);
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/token', '/api/v1/me', '/api/v1/users', '/api/v1/audit']));
    expect(Object.keys(response.body.paths).some((path) => !path.startsWith('/api/') && !path.startsWith('/health'))).toBe(false);
    await request(t.http).get('/api/docs').expect(200);
  });

  it('links the API documentation from the navigation for administrators only', async () => {
    const adminHome = await request(t.http).get('/').set('Cookie', (await logIn()).after!).expect(200);
    expect(adminHome.text).toContain('href="/api/docs"');
    const staff = await t.userWithToken('staff');
    const staffHome = await request(t.http).get('/').set('Cookie', (await logIn(staff.email, DEFAULT_PASSWORD)).after!).expect(200);
    expect(staffHome.text).toContain('/logout');
    expect(staffHome.text).not.toContain('href="/api/docs"');
  });
});
