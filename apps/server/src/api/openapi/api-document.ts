import type { INestApplication } from '@nestjs/common';
import type { NestContainer } from '@nestjs/core';
import { DocumentBuilder, getSchemaPath, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { codeForStatus, ERROR_STATUS, type ErrorCode } from '@escale/platform';
import { ACCESS_KEY, type AccessRule } from '../../http/access.decorator.js';
import { ErrorResponse, errorResponses, errorSchema } from './api-errors.js';

const BEARER = 'bearer';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

type Operation = {
  operationId?: string;
  parameters?: { in: string }[];
  requestBody?: unknown;
  responses: Record<string, { description: string; content?: Record<string, { schema: object }> }>;
  security?: Record<string, string[]>[];
};

/** The access rule of every mounted handler, by the operation id Nest gives it (`Controller_method`). */
function accessRules(app: INestApplication): Map<string, AccessRule | undefined> {
  const container = (app as unknown as { container: NestContainer }).container;
  const rules = new Map<string, AccessRule | undefined>();
  for (const module of container.getModules().values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!type) continue;
      const classRule = Reflect.getMetadata(ACCESS_KEY, type) as AccessRule | undefined;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        if (name === 'constructor') continue;
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        rules.set(`${type.name}_${name}`, (Reflect.getMetadata(ACCESS_KEY, handler) as AccessRule | undefined) ?? classRule);
      }
    }
  }
  return rules;
}

/**
 * What every operation answers besides its own codes, from the route itself: its security and
 * 401/403 from its access rule, 400 when it takes input, 413 and 415 when it takes a body, 404
 * when its path names a record.
 */
function completeOperation(path: string, operation: Operation, rule: AccessRule | undefined): void {
  const codes: ErrorCode[] = [];
  if (operation.requestBody || operation.parameters?.some((p) => p.in === 'query' || p.in === 'path')) codes.push('VALIDATION_FAILED');
  // The body parsers answer these before a controller sees the request (apps/server/src/http/body-parsers.ts).
  if (operation.requestBody) codes.push('MALFORMED_REQUEST', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE');
  if (rule?.kind === 'public') {
    operation.security = [];
  } else {
    operation.security = [{ [BEARER]: [] }];
    codes.push('UNAUTHENTICATED', 'FORBIDDEN');
  }
  if (path.includes('{')) codes.push('NOT_FOUND');
  for (const { status, description, schema } of errorResponses(codes)) {
    operation.responses[status] ??= { description, content: { 'application/json': { schema } } };
  }
  // An error response described in words only (`@ApiConflictResponse({description})`), or with a body of
  // a library's (the readiness check's), gets the error body the exception filter answers, its codes read from the words.
  for (const [status, response] of Object.entries(operation.responses)) {
    if (Number(status) < 400 || JSON.stringify(response.content ?? {}).includes(getSchemaPath(ErrorResponse))) continue;
    const named = ((response.description.match(/\b[A-Z][A-Z_]+[A-Z]\b/g) ?? []) as ErrorCode[]).filter((word) => ERROR_STATUS[word] === Number(status));
    response.content = { 'application/json': { schema: errorSchema(named.length ? [...new Set(named)] : [codeForStatus(Number(status))]) } };
  }
}

/** The OpenAPI document served at /api/docs-json, built from the controllers' decorators. */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Escale API')
      .setDescription(
        'Case management for reception and removal centres. Every error answers `{statusCode, code, message, details}` (the ErrorResponse schema); ' +
          'validation failures are 400 VALIDATION_FAILED with the offending fields in `details`. A record outside the caller’s centres answers 404.',
      )
      .setVersion('1')
      .addServer('/', 'this server')
      .addSecurity(BEARER, { type: 'http', scheme: 'bearer', description: 'An opaque access token from POST /api/v1/auth/token (not a JWT), sent as `Authorization: Bearer <accessToken>`.' })
      .build(),
    { extraModels: [ErrorResponse] },
  );
  document.info.license = { name: 'Proprietary' };
  const rules = accessRules(app);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (operation) completeOperation(path, operation, rules.get(operation.operationId ?? ''));
    }
  }
  return document;
}
