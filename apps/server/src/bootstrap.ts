import 'reflect-metadata';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import passport from 'passport';
import { UsersService } from '@escale/auth';
import { AppConfig, Clock, projectRoot } from '@escale/platform';
import { AppModule } from './app.module.js';
import { bodyParsers, requireJsonOnApiWrites } from './http/body-parsers.js';
import { noStore, securityHeaders } from './http/security-headers.js';
import { UiCloser } from './http/ui-closer.js';
import { onPagesOnly, uiMiddleware } from './http/ui-middleware.js';
import { configureViews } from './admin/views.js';
import { buildApiDocument } from './api/openapi/api-document.js';

/** Builds the HTTP application; main.ts and the tests both start it this way. */
export async function createServerApp(config: AppConfig, options: { clock?: Clock } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options.clock), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // Off unless configured: otherwise anyone could pick the address the login throttle counts by sending X-Forwarded-For.
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');

  app.use(securityHeaders(), noStore);
  app.useStaticAssets(join(projectRoot(), 'apps/server/public'), { prefix: '/assets/', maxAge: '1h', index: false });
  app.use(requireJsonOnApiWrites, ...bodyParsers());
  const ui = uiMiddleware(config);
  app.use(...ui.handlers, onPagesOnly(passport.initialize()));
  app.get(UiCloser).register(ui.close);

  await configureViews(app);

  const document = buildApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  await app.get(UsersService).ensureFirstAdmin(config);
  return app;
}
