import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import request from 'supertest';
import type { Response } from 'supertest';

/** The served OpenAPI document, as much of it as the checks below read. */
export interface OpenApiDocument {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, object>; securitySchemes: Record<string, Record<string, unknown>> };
}

export interface OpenApiOperation {
  operationId: string;
  summary?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { description: string; content?: Record<string, { schema: object }> }>;
}

/** The document the real server serves. */
export async function servedDocument(http: Parameters<typeof request>[0]): Promise<OpenApiDocument> {
  return (await request(http).get('/api/docs-json').expect(200)).body as OpenApiDocument;
}

// ajv-formats is a CommonJS module whose default export arrives wrapped when imported as an ES module.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** OpenAPI 3.0's `nullable` as JSON Schema: the schema, or null. */
function jsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(jsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Record<string, unknown>;
  const converted = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, key === 'example' ? value : jsonSchema(value)]));
  return nullable ? { anyOf: [converted, { type: 'null' }] } : converted;
}

/** The document's path template a request path falls under, literal segments preferred. */
function templateOf(document: OpenApiDocument, method: string, path: string): string {
  const candidates = Object.keys(document.paths).filter((template) => {
    if (!document.paths[template][method]) return false;
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return pattern.test(path);
  });
  if (candidates.length === 0) throw new Error(`the document describes no ${method.toUpperCase()} ${path}`);
  return candidates.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))[0];
}

/**
 * Checks responses against the operation's response schema in the document: a response that
 * drifts from what the document promises (a field renamed, a type changed, a status not
 * described) fails the test that made it.
 */
export class ResponseValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'escale-openapi', components: jsonSchema(this.document.components) } as object);
  }

  /** The response's status and body match the operation it answered (found from its method and path). */
  check(response: Response): void {
    const req = (response as unknown as { req: { method: string; path: string } }).req;
    const method = req.method.toLowerCase();
    const path = new URL(req.path, 'http://localhost').pathname;
    const template = templateOf(this.document, method, path);
    const operation = this.document.paths[template][method];
    const described = operation.responses[String(response.status)];
    if (!described) throw new Error(`${method.toUpperCase()} ${template} answered ${response.status}, which the document does not describe`);
    const type = (response.headers['content-type'] ?? '').split(';')[0].trim();
    if (!described.content) {
      if (response.text) throw new Error(`${method.toUpperCase()} ${template} ${response.status} has a body the document does not describe`);
      return;
    }
    const media = described.content[type];
    if (!media) throw new Error(`${method.toUpperCase()} ${template} ${response.status} answered ${type}; the document describes ${Object.keys(described.content).join(', ')}`);
    if (type !== 'application/json') return;
    const key = `${method} ${template} ${response.status}`;
    let validate = this.validators.get(key);
    if (!validate) {
      const schema = JSON.parse(JSON.stringify(jsonSchema(media.schema)).replaceAll('"#/components/', '"escale-openapi#/components/'));
      validate = this.ajv.compile(schema);
      this.validators.set(key, validate);
    }
    if (!validate(response.body)) {
      const problems = (validate.errors ?? []).map((error) => `${error.instancePath || '(body)'} ${error.message}`).join('; ');
      throw new Error(`${method.toUpperCase()} ${template} ${response.status} does not match its schema: ${problems}`);
    }
  }
}

/** A validator on the document the server serves. */
export async function responseValidator(http: Parameters<typeof request>[0]): Promise<ResponseValidator> {
  return new ResponseValidator(await servedDocument(http));
}
