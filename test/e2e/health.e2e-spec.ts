import request from 'supertest';
import { withAdminClient } from '../support/databases.js';
import { responseValidator, type ResponseValidator } from '../support/openapi.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('health', () => {
  describe('with PostgreSQL and Redis up', () => {
    let t: TestApp;
    let validator: ResponseValidator;
    beforeAll(async () => {
      t = await startTestApp();
      validator = await responseValidator(t.http);
    });
    afterAll(() => t.close());

    it('answers liveness without authentication', async () => {
      const response = await request(t.http).get('/health').expect(200);
      expect(response.body).toEqual({ status: 'ok' });
      validator.check(response);
    });

    it('answers readiness with both parts up', async () => {
      const response = await request(t.http).get('/health/ready').expect(200);
      expect(response.body.details).toEqual({ database: { status: 'up' }, redis: { status: 'up' } });
      validator.check(response);
    });

    it('answers 503 naming PostgreSQL when the database stops answering', async () => {
      // Terminate the server's connections and forbid new ones for this database.
      const name = t.config.databaseUrl.split('/').pop();
      await withAdminClient(async (client) => {
        await client.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
        await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name]);
      });
      try {
        const response = await request(t.http).get('/health/ready').expect(503);
        expect(response.body.code).toBe('SERVICE_UNAVAILABLE');
        expect(response.body.details.checks).toEqual({ database: { status: 'down', message: 'database is not answering' } });
        validator.check(response);
        await request(t.http).get('/health').expect(200);
      } finally {
        await withAdminClient((client) => client.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`));
      }
    });
  });

  describe('with Redis unreachable', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' }, skipAdminToken: true });
    });
    afterAll(() => t.close());

    it('answers 503 naming Redis, and still answers liveness', async () => {
      await request(t.http).get('/health').expect(200);
      const response = await request(t.http).get('/health/ready').expect(503);
      expect(response.body.code).toBe('SERVICE_UNAVAILABLE');
      expect(response.body.details.checks).toEqual({ redis: { status: 'down', message: 'redis is not answering' } });
    });
  });
});
