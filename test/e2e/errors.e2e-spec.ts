import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CONTRACT_BODY = { statusCode: expect.any(Number), code: expect.any(String), message: expect.any(String), details: expect.any(Object) };

function expectNoLeak(text: string): void {
  for (const leak of ['at Object.', 'node_modules', 'QueryFailedError', 'SELECT ', 'INSERT ', 'TypeORM', 'Error:']) {
    expect(text).not.toContain(leak);
  }
}

describe('the error contract', () => {
  let t: TestApp;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers malformed JSON with 400 MALFORMED_REQUEST and changes nothing', async () => {
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM users`);
    const response = await request(t.http).post('/api/v1/users').set(auth()).set('Content-Type', 'application/json').send('{"email": ').expect(400);
    expect(response.body).toEqual({ ...CONTRACT_BODY, statusCode: 400, code: 'MALFORMED_REQUEST' });
    expectNoLeak(response.text);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM users`)).toEqual(before);
  });

  it('refuses unknown body fields and names them', async () => {
    const response = await request(t.http)
      .post('/api/v1/users')
      .set(auth())
      .send({ email: 'x@escale.test', name: 'X', role: 'staff', password: 'a-long-enough-password', centreIds: [], isAdmin: true })
      .expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details.fields).toEqual({ isAdmin: ['is not an allowed field'] });
  });

  it('lists every offending field', async () => {
    const response = await request(t.http).post('/api/v1/users').set(auth()).send({ email: 'nope', role: 'king' }).expect(400);
    expect(Object.keys(response.body.details.fields).sort()).toEqual(['centreIds', 'email', 'name', 'password', 'role']);
  });

  it.each([
    ['an array', [1, 2]],
    ['a bare string', '"text"'],
    ['null', 'null'],
  ])('refuses %s as a body', async (_, body) => {
    const response = await request(t.http)
      .post('/api/v1/users')
      .set(auth())
      .set('Content-Type', 'application/json')
      .send(typeof body === 'string' ? body : JSON.stringify(body))
      .expect(400);
    expect(['VALIDATION_FAILED', 'MALFORMED_REQUEST']).toContain(response.body.code);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await request(t.http).post('/api/v1/users').set(auth()).set('Content-Type', 'text/plain').send('hello').expect(415);
    expect(response.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a body over the size limit with 413', async () => {
    const response = await request(t.http)
      .post('/api/v1/auth/token')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2_000_000) }))
      .expect(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const response = await request(t.http).get('/api/v1/no-such-thing').set(auth()).expect(404);
    expect(response.body).toEqual({ ...CONTRACT_BODY, statusCode: 404, code: 'NOT_FOUND' });
  });

  it('answers bad query parameters with 400, not 500', async () => {
    for (const query of ['limit=501', 'limit=0', 'limit=abc', 'offset=-1', 'limit=1e400']) {
      const response = await request(t.http).get(`/api/v1/users?${query}`).set(auth()).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    const repeated = await request(t.http).get('/api/v1/users?limit=5&limit=6').set(auth());
    expect(repeated.status).toBe(400);
  });

  it('paginates lists with limit and offset', async () => {
    const response = await request(t.http).get('/api/v1/users?limit=1&offset=0').set(auth()).expect(200);
    expect(response.body).toEqual({ items: [expect.objectContaining({ role: 'admin' })], total: expect.any(Number), limit: 1, offset: 0 });
    expect(response.body.items[0]).not.toHaveProperty('passwordHash');
  });

  it('answers an unknown page with an HTML error page, not JSON or a stack trace', async () => {
    const response = await request(t.http).get('/no-such-page').set('Accept-Language', 'en').expect(404);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toContain('This page does not exist.');
    expectNoLeak(response.text);
  });

  it('sends a request id back, and the one given when it is well formed', async () => {
    const given = await request(t.http).get('/health').set('X-Request-Id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await request(t.http).get('/health').set('X-Request-Id', 'bad id with spaces');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
