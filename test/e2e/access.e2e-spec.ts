import { Controller, Get, Module } from '@nestjs/common';
import request from 'supertest';
import { routeTable } from '../support/route-table.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('access control', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('has an access declaration on every route the server mounts', () => {
    const table = routeTable(t);
    expect(table.length).toBeGreaterThanOrEqual(10);
    expect(table.filter((entry) => !entry.rule).map((entry) => entry.route)).toEqual([]);
  });

  it('names the record of every route on a person, stay, case, referral or document, for the audit of refusals', () => {
    const kinds: Record<string, string> = { people: 'person', stays: 'stay', cases: 'case', referrals: 'referral', documents: 'document' };
    const table = routeTable(t);
    const wrong = table
      .map((entry) => ({ route: entry.route, record: entry.record, expected: kinds[entry.path.replace(/^\/api\/v1/, '').split('/')[1]] }))
      .filter((entry) => entry.record !== entry.expected);
    expect(wrong).toEqual([]);
    expect(table.filter((entry) => entry.record).length).toBeGreaterThanOrEqual(40);
  });

  it('leaves only the login, language, health and token routes public, and the calendar feed (which answers only to its secret token)', () => {
    const publicRoutes = routeTable(t)
      .filter((entry) => entry.rule?.kind === 'public')
      .map((entry) => entry.route)
      .sort();
    expect(publicRoutes).toEqual([
      'GET /api/v1/agenda/calendar.ics',
      'GET /health',
      'GET /health/ready',
      'GET /login',
      'GET /login/code',
      'GET /login/enrol',
      'GET /logout',
      'POST /api/v1/auth/token',
      'POST /language',
      'POST /login',
      'POST /login/code',
      'POST /login/enrol',
      'POST /logout',
    ]);
  });

  it('refuses every API route that is not public when no token is given', async () => {
    for (const entry of routeTable(t)) {
      if (entry.rule?.kind === 'public' || !entry.route.includes('/api/')) continue;
      const [method, path] = entry.route.split(' ');
      const url = path.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
      const response = await request(t.http)[method.toLowerCase() as 'get'](url);
      expect({ route: entry.route, status: response.status }).toEqual({ route: entry.route, status: 401 });
    }
  });

  it('refuses a route that declares no access rule (deny by default)', async () => {
    @Controller('api/v1/undeclared')
    class UndeclaredController {
      @Get()
      secret() {
        return { secret: true };
      }
    }
    @Module({ controllers: [UndeclaredController] })
    class UndeclaredModule {}
    // Mount the module into a server built the same way as production.
    const { createServerApp } = await import('../../apps/server/src/bootstrap.js');
    const { AppModule } = await import('../../apps/server/src/app.module.js');
    const original = AppModule.forRoot;
    AppModule.forRoot = (config, clock) => {
      const module = original.call(AppModule, config, clock);
      return { ...module, imports: [...(module.imports ?? []), UndeclaredModule] };
    };
    try {
      const app = await createServerApp(t.config);
      await app.init();
      try {
        const response = await request(app.getHttpServer()).get('/api/v1/undeclared').set('Authorization', `Bearer ${t.adminToken}`);
        expect(response.status).toBe(403);
        expect(response.body.code).toBe('FORBIDDEN');
      } finally {
        await app.close();
      }
    } finally {
      AppModule.forRoot = original;
    }
  });

  it.each([
    ['staff', 'GET', '/api/v1/users', 403],
    ['caseworker', 'GET', '/api/v1/users', 403],
    ['funder', 'GET', '/api/v1/users', 403],
    ['auditor', 'GET', '/api/v1/users', 403],
    ['staff', 'GET', '/api/v1/audit', 403],
    ['funder', 'GET', '/api/v1/audit', 403],
    ['auditor', 'GET', '/api/v1/audit', 200],
    ['funder', 'GET', '/api/v1/me', 200],
  ] as const)('lets a %s %s %s: %i', async (role, method, path, status) => {
    const user = await t.userWithToken(role);
    const response = await request(t.http)[method.toLowerCase() as 'get'](path).set('Authorization', `Bearer ${user.token}`);
    expect(response.status).toBe(status);
  });

  it('audits a denied request', async () => {
    const user = await t.userWithToken('funder');
    await request(t.http).get('/api/v1/users').set('Authorization', `Bearer ${user.token}`).expect(403);
    const rows = await t.dataSource.query(`SELECT outcome FROM audit_events WHERE actor_id = $1 AND action = 'access.denied'`, [user.id]);
    expect(rows).toEqual([{ outcome: 'denied' }]);
  });
});
