import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { toErrorBody } from './exception.filter.js';
import { DomainError } from '@escale/platform';
import { isApiPath } from './request-context.js';

const JSON_LIMIT = '1mb';
const ROSTER_PATH = /^\/interceptions\/[^/]+\/roster$/;

function answerParseError(error: { type?: string; status?: number }, req: Request, res: Response, next: NextFunction): void {
  const domainError =
    error.type === 'entity.too.large'
      ? new DomainError('PAYLOAD_TOO_LARGE', `The request body is larger than ${JSON_LIMIT}.`)
      : error.type === 'encoding.unsupported' || error.type === 'charset.unsupported'
        ? new DomainError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be UTF-8.')
        : new DomainError('MALFORMED_REQUEST', 'The request body is not valid JSON.');
  if (!isApiPath(req.path)) return next(domainError);
  const body = toErrorBody(domainError);
  res.status(body.statusCode).setHeader('Cache-Control', 'no-store').json(body);
}

/** Body parsers whose failures answer the contract's error body instead of Express's default page. */
export function bodyParsers(): RequestHandler[] {
  const wrap = (parser: RequestHandler): RequestHandler => (req, res, next) =>
    parser(req, res, (error?: unknown) => (error ? answerParseError(error as { type?: string }, req, res, next) : next()));
  // The arrival roster posts ten fields for each of its 20 rows.
  const rosterForm = wrap(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 300 }));
  return [
    wrap(express.json({ limit: JSON_LIMIT, strict: true })),
    (req, res, next) => (ROSTER_PATH.test(req.path) ? rosterForm(req, res, next) : next()),
    wrap(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 100 })),
  ];
}

/** On the API, a write must send JSON (or a file upload): anything else is refused before it reaches a controller. */
export function requireJsonOnApiWrites(req: Request, res: Response, next: NextFunction): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (isApiPath(req.path) && hasBody && !req.is('application/json') && !req.is('multipart/form-data')) {
    const body = toErrorBody(new DomainError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be JSON (application/json).'));
    res.status(body.statusCode).setHeader('Cache-Control', 'no-store').json(body);
    return;
  }
  next();
}
