import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type OpenApiDocument, ResponseValidator, servedDocument } from '../support/openapi.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const run = promisify(execFile);
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const ERROR_REF = '#/components/schemas/ErrorResponse';

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

/** Redocly CLI's recommended rules on the document, as an integrator's CI would run them. */
async function lint(document: OpenApiDocument): Promise<{ totals: { errors: number; warnings: number }; problems: LintProblem[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'escale-openapi-'));
  try {
    await writeFile(join(dir, 'openapi.json'), JSON.stringify(document));
    await writeFile(join(dir, 'redocly.yaml'), 'extends:\n  - recommended\n');
    const cli = join(process.cwd(), 'node_modules/@redocly/cli/bin/cli.js');
    const args = [cli, 'lint', 'openapi.json', '--config', 'redocly.yaml', '--format', 'json', '--max-problems', '10000'];
    // The CLI exits 1 when it finds errors; its report is on stdout either way.
    const { stdout } = await run(process.execPath, args, { cwd: dir, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
    );
    return JSON.parse(stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const operations = (document: OpenApiDocument) =>
  Object.entries(document.paths).flatMap(([path, item]) => METHODS.filter((method) => item[method]).map((method) => ({ path, method, operation: item[method] })));

describe('the OpenAPI document', () => {
  let t: TestApp;
  let document: OpenApiDocument;

  beforeAll(async () => {
    t = await startTestApp();
    document = await servedDocument(t.http);
  });
  afterAll(() => t?.close());

  it('passes Redocly’s recommended rules with no error, and no warning but the health checks having no 4xx', async () => {
    const report = await lint(document);
    const describe = (problem: LintProblem) => `${problem.ruleId} ${problem.location[0]?.pointer}`;
    expect(report.problems.filter((problem) => problem.severity === 'error').map(describe)).toEqual([]);
    expect(report.totals.errors).toBe(0);
    // The license has no address to give; liveness and readiness answer 200 or 503, never a 4xx.
    expect(report.problems.map(describe).sort()).toEqual(['info-license-strict #/info/license/url', 'operation-4xx-response #/paths/~1health/get/responses', 'operation-4xx-response #/paths/~1health~1ready/get/responses']);
  });

  it('gives every operation a summary and a unique operationId', () => {
    const all = operations(document);
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter(({ operation }) => !operation.summary?.trim()).map(({ method, path }) => `${method} ${path}`)).toEqual([]);
    const ids = all.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares opaque bearer tokens, a server, and the security of each operation: none on the public ones', () => {
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.securitySchemes.bearer).not.toHaveProperty('bearerFormat');
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    const all = operations(document);
    const open = all.filter(({ operation }) => Array.isArray(operation.security) && operation.security.length === 0);
    expect(open.map(({ method, path }) => `${method} ${path}`).sort()).toEqual(['get /api/v1/agenda/calendar.ics', 'get /health', 'get /health/ready', 'post /api/v1/auth/token']);
    for (const { operation } of all.filter((entry) => !open.includes(entry))) {
      expect(operation.security).toEqual([{ bearer: [] }]);
      expect(operation.responses['401']).toBeDefined();
      expect(operation.responses['403']).toBeDefined();
    }
  });

  it('gives every error response the contract’s error body, naming the codes it may carry', () => {
    const errors = operations(document).flatMap(({ path, method, operation }) =>
      Object.entries(operation.responses)
        .filter(([status]) => Number(status) >= 400)
        .map(([status, response]) => ({ where: `${method} ${path} ${status}`, schema: response.content?.['application/json']?.schema })),
    );
    expect(errors.length).toBeGreaterThan(300);
    expect(errors.filter(({ schema }) => !JSON.stringify(schema ?? {}).includes(ERROR_REF)).map(({ where }) => where)).toEqual([]);
    expect(document.components.schemas.ErrorResponse).toMatchObject({ required: expect.arrayContaining(['statusCode', 'code', 'message', 'details']) });
    const checkIn = document.paths['/api/v1/centres/{id}/check-ins'].post.responses;
    expect(JSON.stringify(checkIn['409'].content)).toContain('"enum":["NO_BED_AVAILABLE","BED_OCCUPIED","BED_OUT_OF_SERVICE","PERSON_ALREADY_IN_CENTRE","MINOR_NOT_ALLOWED","AGE_DISPUTED","HOUSING_MISMATCH"]');
    expect(JSON.stringify(checkIn['400'].content)).toContain('VALIDATION_FAILED');
    expect(JSON.stringify(checkIn['404'].content)).toContain('NOT_FOUND');
    expect(JSON.stringify(document.paths['/api/v1/auth/token'].post.responses['429'].content)).toContain('TOO_MANY_ATTEMPTS');
  });

  it('describes the main answers’ bodies, and the reports as JSON or CSV', () => {
    const ref = (path: string, method: string, status: string) => JSON.stringify(document.paths[path][method].responses[status]?.content?.['application/json']?.schema ?? null);
    expect(ref('/api/v1/centres/{id}/check-ins', 'post', '201')).toContain('CheckInResponse');
    expect(ref('/api/v1/stays/{id}', 'get', '200')).toContain('StayResponse');
    expect(ref('/api/v1/referrals/{id}/transitions', 'post', '200')).toContain('ReferralResponse');
    expect(ref('/api/v1/notices/{id}', 'get', '200')).toContain('NoticeResponse');
    expect(ref('/api/v1/people/{id}', 'get', '200')).toContain('PersonDetailResponse');
    for (const path of ['/api/v1/reports/occupancy', '/api/v1/reports/spend', '/api/v1/reports/outcomes', '/api/v1/centres/{id}/register']) {
      const content = document.paths[path].get.responses['200'].content!;
      expect(Object.keys(content).sort()).toEqual(['application/json', 'text/csv']);
      expect(content['text/csv'].schema).toMatchObject({ type: 'string' });
    }
  });

  it('describes the body of every answer that has one', () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ where: `${method.toUpperCase()} ${path}`, operation })));
    const bodiless = operations.flatMap(({ where, operation }) =>
      Object.entries(operation.responses)
        .filter(([status, response]) => /^2/.test(status) && status !== '204' && !Object.values(response.content ?? {}).some((media) => media.schema))
        .map(([status]) => `${where} ${status}`),
    );
    expect(bodiless).toEqual([]);
    expect(operations.length).toBeGreaterThanOrEqual(121);
  });

  it('lets the response checks of the end-to-end tests catch an answer that drifts from its schema', () => {
    const validator = new ResponseValidator(document);
    const stay = { id: 'c0a80121-7ac0-4e1c-9d6f-000000000001', personId: 'c0a80121-7ac0-4e1c-9d6f-000000000002', centreId: 'c0a80121-7ac0-4e1c-9d6f-000000000003', unitId: 'c0a80121-7ac0-4e1c-9d6f-000000000004', bedId: 'c0a80121-7ac0-4e1c-9d6f-000000000005', caseId: 'c0a80121-7ac0-4e1c-9d6f-000000000006', householdId: null, interceptionId: null, checkedInAt: '2026-11-20T21:40:00.000Z', checkedOutAt: null, checkOutRecordedAt: null, bedSince: null, exitReason: null, destination: null, legalLimitAt: '2027-02-18T21:40:00.000Z', authorisedUntil: null, asylumClaimWindowEndsAt: null, rightsNotifiedAt: null, ageAssessmentRequired: false, welfareLevel: 'standard', nextWelfareCheckDue: '2026-11-20T22:40:00.000Z', transferredFromId: null, version: 1 };
    const answer = (status: number, body: unknown) => ({ method: 'GET', url: `/api/v1/stays/${stay.id}`, status, contentType: 'application/json; charset=utf-8', body });
    expect(() => validator.checkAnswer(answer(200, stay))).not.toThrow();
    const { welfareLevel: _dropped, ...withoutLevel } = stay;
    expect(() => validator.checkAnswer(answer(200, withoutLevel))).toThrow(/must have required property 'welfareLevel'/);
    expect(() => validator.checkAnswer(answer(200, { ...stay, version: '1' }))).toThrow(/\/version must be integer/);
    expect(() => validator.checkAnswer(answer(200, { ...stay, welfareLevel: 'relaxed' }))).toThrow(/\/welfareLevel must be equal to one of the allowed values/);
    expect(() => validator.checkAnswer(answer(404, { statusCode: 404, code: 'NOT_FOUND', message: 'No such resource.', details: {} }))).not.toThrow();
    expect(() => validator.checkAnswer(answer(404, { statusCode: 404, code: 'BED_OCCUPIED', message: 'x', details: {} }))).toThrow(/\/code must be equal to one of the allowed values/);
    expect(() => validator.checkAnswer(answer(409, { statusCode: 409, code: 'STAY_CLOSED', message: 'x', details: {} }))).toThrow(/does not describe this status/);
  });
});
