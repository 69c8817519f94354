import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig, Clock, parseConfig, type Role } from '@escale/platform';
import { createServerApp } from '../../apps/server/src/bootstrap.js';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import { createTestDatabase, dropTestDatabase } from './databases.js';

export const ADMIN_EMAIL = 'admin@escale.test';
export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const DEFAULT_PASSWORD = 'a-long-enough-password';
/** Signs the audit chain's anchors in tests, as AUDIT_ANCHOR_KEY does in production. */
export const TEST_AUDIT_ANCHOR_KEY = 'audit-anchor-key-for-tests-only-0123456789';

export interface TestEnvironment {
  config: AppConfig;
  databaseName: string;
  close(): Promise<void>;
}

/** A configuration on a fresh database and its own queue prefix, so test files never share state. */
export async function testEnvironment(overrides: Record<string, string> = {}): Promise<TestEnvironment> {
  const database = await createTestDatabase();
  const queuePrefix = `t${randomBytes(5).toString('hex')}`;
  const config = parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: 'silent',
    ESCALE_ADMIN_EMAIL: ADMIN_EMAIL,
    ESCALE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    OUTBOX_POLL_MS: '100',
    // Pages are signed in to with a password alone in tests, except where a test asks for two-factor sign-in.
    MFA_REQUIRED_ROLES: 'none',
    AUDIT_ANCHOR_KEY: TEST_AUDIT_ANCHOR_KEY,
    ...overrides,
  });
  return {
    config,
    databaseName: database.name,
    close: async () => {
      const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await redis.connect();
        const keys = await redis.keys(`${queuePrefix}:*`);
        if (keys.length) await redis.del(...keys);
      } catch {
        // a test may have pointed REDIS_URL at nothing
      } finally {
        redis.disconnect();
      }
      await dropTestDatabase(database.name);
    },
  };
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  dataSource: DataSource;
  http: ReturnType<NestExpressApplication['getHttpServer']>;
  /** A Bearer token for the first admin (a test that enrols the admin in two-factor sign-in may replace it). */
  adminToken: string;
  /** Creates a user through the API and returns a token for it. */
  userWithToken(role: Role, centreIds?: string[]): Promise<{ id: string; email: string; token: string }>;
  close(): Promise<void>;
}

export async function tokenFor(http: TestApp['http'], email: string, password: string): Promise<string> {
  const response = await request(http).post('/api/v1/auth/token').send({ email, password }).expect(200);
  return response.body.accessToken as string;
}

/** The real server on a fresh database, in this process. */
export async function startTestApp(options: { clock?: Clock; env?: Record<string, string>; skipAdminToken?: boolean } = {}): Promise<TestApp> {
  const environment = await testEnvironment(options.env);
  const app = await createServerApp(environment.config, { clock: options.clock });
  await app.init();
  const http = app.getHttpServer();
  // Logging in counts failures in Redis: a test with Redis down does without a token.
  const adminToken = options.skipAdminToken ? '' : await tokenFor(http, ADMIN_EMAIL, ADMIN_PASSWORD);
  let counter = 0;
  const testApp: TestApp = {
    app,
    config: environment.config,
    dataSource: app.get(DataSource),
    http,
    adminToken,
    async userWithToken(role, centreIds = []) {
      counter += 1;
      const email = `${role}-${counter}-${randomBytes(3).toString('hex')}@escale.test`;
      const created = await request(http)
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${testApp.adminToken}`)
        .send({ email, name: `Test ${role} ${counter}`, role, password: DEFAULT_PASSWORD, centreIds })
        .expect(201);
      return { id: created.body.id as string, email, token: await tokenFor(http, email, DEFAULT_PASSWORD) };
    },
    async close() {
      await app.close();
      await environment.close();
    },
  };
  return testApp;
}

/** The real worker (processors and outbox relay) on the same database and queues. */
export async function startTestWorker(config: AppConfig, options: { clock?: Clock; relay?: boolean; schedules?: boolean } = {}): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, options), { logger: false });
  await worker.init();
  return worker;
}

/** Polls until `check` returns a truthy value or the time runs out. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
