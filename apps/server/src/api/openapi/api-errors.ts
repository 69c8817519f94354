import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ERROR_STATUS, type ErrorCode } from '@escale/platform';

/** The contract's error body (API.md, Conventions): every 4xx and 5xx answers this. */
export class ErrorResponse {
  @ApiProperty({ type: 'integer', example: 409, description: 'the HTTP status, repeated' }) statusCode: number;
  @ApiProperty({ enum: Object.keys(ERROR_STATUS), example: 'BED_OCCUPIED' }) code: ErrorCode;
  @ApiProperty({ description: 'in English, for people; integrations read `code`' }) message: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'VALIDATION_FAILED names the offending fields here, each with its messages' })
  details: Record<string, unknown>;
}

const DESCRIPTIONS: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'a field is missing, malformed or unknown; `details` names each',
  MALFORMED_REQUEST: 'the body is not valid JSON',
  PAYLOAD_TOO_LARGE: 'the body is larger than the route takes (1 MB of JSON; 10 MB for a document, 5 MB for a spend file)',
  UNSUPPORTED_MEDIA_TYPE: 'the body is not JSON (or, for an upload, not a file of a type it takes)',
  UNAUTHENTICATED: 'no bearer token, or one that is unknown, expired or revoked',
  FORBIDDEN: 'the caller’s role may not do this',
  NOT_FOUND: 'no such record, or one outside the caller’s centres',
  VERSION_CONFLICT: 'the version sent is not the current one',
  TOO_MANY_ATTEMPTS: 'too many failed sign-ins from this address',
};

/** The response for these codes, grouped by their status; the body's `code` is one of them. */
export function errorResponses(codes: readonly ErrorCode[]): { status: number; description: string; schema: object }[] {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  return [...byStatus].map(([status, group]) => ({
    status,
    description: group.map((code) => (DESCRIPTIONS[code] ? `${code}: ${DESCRIPTIONS[code]}` : code)).join('; '),
    schema: errorSchema(group),
  }));
}

/** The error body, its `code` one of these (any code when none is named). */
export function errorSchema(codes: readonly ErrorCode[]): object {
  if (codes.length === 0) return { $ref: getSchemaPath(ErrorResponse) };
  return { allOf: [{ $ref: getSchemaPath(ErrorResponse) }, { type: 'object', properties: { code: { type: 'string', enum: codes } } }] };
}

/** The error codes an operation may answer besides those of its access rule, input and path (added to every operation). */
export const ApiErrors = (...codes: ErrorCode[]) =>
  applyDecorators(ApiExtraModels(ErrorResponse), ...errorResponses(codes).map(({ status, description, schema }) => ApiResponse({ status, description, schema })));
