import request from 'supertest';
import { csrfOf, sessionCookie } from '../support/page-session.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEFAULT_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';


describe('the queue dashboard', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function logIn(email: string, password: string): Promise<string> {
    const page = await request(t.http).get('/login');
    const response = await request(t.http).post('/login').set('Cookie', sessionCookie(page)!).type('form').send({ _csrf: csrfOf(page.text), email, password }).expect(303);
    return sessionCookie(response)!;
  }

  it('is for admins only', async () => {
    await request(t.http).get('/admin/queues').expect(303).expect('Location', '/login');
    const staff = await t.userWithToken('staff');
    await request(t.http).get('/admin/queues').set('Cookie', await logIn(staff.email, DEFAULT_PASSWORD)).expect(404);
    const admin = await logIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    const page = await request(t.http).get('/admin/queues').set('Cookie', admin).expect(200);
    expect(page.text).toContain('__UI_CONFIG__');
    const queues = await request(t.http).get('/admin/queues/api/queues').set('Cookie', admin).expect(200);
    expect(queues.body.queues.map((queue: { name: string }) => queue.name).sort()).toEqual(['alerts', 'maintenance', 'notices', 'reports']);
  });

  it('refuses its actions from another site', async () => {
    const admin = await logIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    await request(t.http).put('/admin/queues/api/queues/notices/pause').set('Cookie', admin).set('Origin', 'https://evil.example').expect(403);
    await request(t.http).put('/admin/queues/api/queues/notices/pause').set('Cookie', admin).expect(403);
  });
});
