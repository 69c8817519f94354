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

  /** A supertest response matches the operation it answered (found from its method and path). */
  check(response: Response): void {
    const req = (response as unknown as { req: { method: string; path: string } }).req;
    this.checkAnswer({ method: req.method, url: req.path, status: response.status, contentType: response.headers['content-type'], body: response.body, text: response.text });
  }

  /** The response, once checked: for `validator.checked(await request…expect(200)).body`. */
  checked<R extends Response>(response: R): R {
    this.check(response);
    return response;
  }

  /** An answer (from supertest or fetch) matches the operation it answered: its status is described, and its body matches. */
  checkAnswer(answer: { method: string; url: string; status: number; contentType: string | null | undefined; body: unknown; text?: string }): void {
    const method = answer.method.toLowerCase();
    const template = templateOf(this.document, method, new URL(answer.url, 'http://localhost').pathname);
    const where = `${method.toUpperCase()} ${template} ${answer.status}`;
    const described = this.document.paths[template][method].responses[String(answer.status)];
    if (!described) throw new Error(`${where}: the document does not describe this status`);
    const type = (answer.contentType ?? '').split(';')[0].trim();
    if (!described.content) {
      if (answer.text) throw new Error(`${where} has a body the document does not describe`);
      return;
    }
    const media = described.content[type];
    if (!media) throw new Error(`${where} answered ${type}; the document describes ${Object.keys(described.content).join(', ')}`);
    if (type !== 'application/json') return;
    let validate = this.validators.get(where);
    if (!validate) {
      const schema = JSON.parse(JSON.stringify(jsonSchema(media.schema)).replaceAll('"#/components/', '"escale-openapi#/components/'));
      validate = this.ajv.compile(schema);
      this.validators.set(where, validate);
    }
    if (!validate(answer.body)) {
      const problems = (validate.errors ?? []).map((error) => `${error.instancePath || '(body)'} ${error.message}`).join('; ');
      throw new Error(`${where} does not match its schema: ${problems}`);
    }
  }
}

/** A validator on the document the server serves. */
export async function responseValidator(http: Parameters<typeof request>[0]): Promise<ResponseValidator> {
  return new ResponseValidator(await servedDocument(http));
}
