import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { type AuditEntry, AuditService } from '@escale/audit';
import { codeForStatus, databaseUnavailable, DomainError, type ErrorCode, isMessageKey, statusOf, translate, DEFAULT_LOCALE } from '@escale/platform';
import { isApiPath, type EscaleRequest } from './request-context.js';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

const SAFE_MESSAGES: Partial<Record<number, string>> = {
  400: 'The request could not be understood.',
  401: 'Authentication is required.',
  403: 'You are not allowed to do this.',
  404: 'No such resource.',
  405: 'This method is not allowed here.',
  413: 'The request body is too large.',
  415: 'The request body must be JSON.',
  429: 'Too many requests.',
  503: 'The service is temporarily unavailable.',
};

// What ioredis rejects a command with while Redis cannot be reached.
const REDIS_UNAVAILABLE = /^(Reached the max retries per request limit|Connection is closed\.|Stream isn't writeable)/;

/** PostgreSQL or Redis cannot be reached: the request may succeed later, so 503 rather than 500. */
export function serviceUnavailable(exception: unknown): boolean {
  if (!(exception instanceof Error)) return false;
  return databaseUnavailable(exception) || exception.name === 'MaxRetriesPerRequestError' || REDIS_UNAVAILABLE.test(exception.message);
}

/** Turns anything thrown into the contract's error body; never a stack trace, SQL or entity name. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    return { statusCode: statusOf(exception.code), code: exception.code, message: exception.message, details: exception.details };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const code = codeForStatus(statusCode);
    const details: Record<string, unknown> = {};
    const response = exception.getResponse();
    // Readiness failures carry which part is down; nothing else from a framework exception is passed on.
    if (statusCode === 503 && typeof response === 'object' && response && 'error' in response) {
      details.checks = (response as { error: unknown }).error;
    }
    return { statusCode, code, message: SAFE_MESSAGES[statusCode] ?? 'The request could not be completed.', details };
  }
  if (serviceUnavailable(exception)) {
    return { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: SAFE_MESSAGES[503]!, details: {} };
  }
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'An unexpected error happened.', details: {} };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The audit entry of a refusal, if it is one: any 403 to a signed-in user, and a 404 on a route
 * that declares its record (`@OnRecord`: person, stay, case, referral, document; another centre's
 * record answers 404). It names the record from the route's metadata and its id from the path,
 * never anything else of the request.
 */
export function deniedAccess(request: EscaleRequest, code: ErrorCode): AuditEntry | null {
  const actor = request.actor;
  if (!actor || (code !== 'FORBIDDEN' && code !== 'NOT_FOUND')) return null;
  const entityType = request.auditedRecord;
  if (!entityType && code === 'NOT_FOUND') return null;
  const param: unknown = request.params?.id;
  const id = typeof param === 'string' ? param : undefined;
  return {
    actorId: actor.userId,
    action: 'access.denied',
    entityType: entityType ?? 'route',
    entityId: entityType && id && UUID.test(id) ? id.toLowerCase() : null,
    outcome: 'denied',
    origin: actor.origin,
    requestId: actor.requestId,
  };
}

/** The one place where errors become HTTP answers: JSON for the API, a page for the admin UI. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly audit: AuditService) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const context = host.switchToHttp();
    const request = context.getRequest<EscaleRequest>();
    const response = context.getResponse<Response>();
    const body = toErrorBody(exception);
    if (body.statusCode >= 500 && body.statusCode !== 503) this.logUnexpected(exception, request);
    await this.recordDenial(request, body.code);
    if (response.headersSent) return;
    response.setHeader('Cache-Control', 'no-store');
    if (body.code === 'TOO_MANY_ATTEMPTS' && typeof body.details.retryAfterSeconds === 'number') {
      response.setHeader('Retry-After', String(body.details.retryAfterSeconds));
    }
    if (isApiPath(request.path)) {
      response.status(body.statusCode).json(body);
      return;
    }
    if (body.statusCode === HttpStatus.UNAUTHORIZED && request.method === 'GET') {
      response.redirect(303, '/login');
      return;
    }
    const locale = request.locale ?? DEFAULT_LOCALE;
    const key = `error.${body.statusCode}`;
    const message = isMessageKey(key) ? translate(locale, key) : translate(locale, 'error.generic');
    const title = translate(locale, 'error.title');
    response.status(body.statusCode).render('error', { title, statusCode: body.statusCode, message, locale }, (error, html) => {
      if (error) {
        this.logUnexpected(error, request);
        response.type('html').send(`<!doctype html><html lang="${locale}"><title>${title}</title><h1>${title} (${body.statusCode})</h1><p>${message}</p></html>`);
        return;
      }
      response.send(html);
    });
  }

  /** Records a refusal before answering it, so the trail holds it when the client learns of it. */
  private async recordDenial(request: EscaleRequest, code: ErrorCode): Promise<void> {
    const denial = deniedAccess(request, code);
    if (!denial) return;
    try {
      await this.audit.recordAlone(denial);
    } catch (error) {
      this.logUnexpected(error, request);
    }
  }

  private logUnexpected(exception: unknown, request: EscaleRequest): void {
    // Log the error's kind and stack only: driver errors carry query parameters, which may be a person's data.
    const error = exception instanceof Error ? exception : new Error(String(exception));
    const driverCode = (error as { driverError?: { code?: string } }).driverError?.code;
    this.logger.error({ err: { type: error.name, message: driverCode ? `database error ${driverCode}` : error.message, stack: error.stack }, route: `${request.method} ${request.route?.path ?? request.path}` }, 'Unexpected error');
  }
}
