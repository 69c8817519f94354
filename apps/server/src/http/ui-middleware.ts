import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import { csrfSync } from 'csrf-sync';
import pg from 'pg';
import { AppConfig, DomainError, isLocale, negotiateLocale } from '@escale/platform';
import { isPageUpload } from './page-upload.js';
import { isApiPath, type EscaleRequest } from './request-context.js';

export const SESSION_COOKIE = 'escale.sid';
export const LOCALE_COOKIE = 'escale.lang';

/** Runs a middleware on admin UI routes only; the API never carries a session. */
export const onPagesOnly = (middleware: RequestHandler): RequestHandler => (req, res, next) =>
  isApiPath(req.path) || req.path.startsWith('/assets/') ? next() : middleware(req, res, next);

/** A session's stored expiry is pushed forward at most once a minute per process: a page view need not write. */
const TOUCH_EVERY_MS = 60_000;
const TOUCHES_KEPT = 10_000;

/**
 * The PostgreSQL session store, writing a session's idle expiry when it was last written more than
 * a minute ago (by this process) rather than on every request. A session therefore expires up to a
 * minute before its idle limit, never after it.
 */
function throttledStore(base: ReturnType<typeof connectPgSimple>, options: ConstructorParameters<ReturnType<typeof connectPgSimple>>[0]) {
  return new (class extends base {
    private readonly touchedAt = new Map<string, number>();

    override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
      const now = Date.now();
      const last = this.touchedAt.get(sid);
      if (last !== undefined && now - last < TOUCH_EVERY_MS) {
        callback?.();
        return;
      }
      if (this.touchedAt.size >= TOUCHES_KEPT) this.touchedAt.clear();
      this.touchedAt.set(sid, now);
      super.touch(sid, sess, callback);
    }

    override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
      this.touchedAt.set(sid, Date.now());
      super.set(sid, sess, callback);
    }

    override destroy(sid: string, callback?: (err?: unknown) => void): void {
      this.touchedAt.delete(sid);
      super.destroy(sid, callback);
    }
  })(options);
}

export interface UiMiddleware {
  handlers: RequestHandler[];
  close(): Promise<void>;
}

/** Sessions in PostgreSQL, CSRF tokens, and the page language. */
export function uiMiddleware(config: AppConfig): UiMiddleware {
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 4, application_name: 'escale-sessions' });
  // A connection lost while idle (PostgreSQL restarted) is dropped by the pool; readiness reports the database.
  pool.on('error', () => undefined);
  const store = throttledStore(connectPgSimple(session), { pool, tableName: 'sessions', createTableIfMissing: false, pruneSessionInterval: 15 * 60 });

  const sessions = session({
    name: SESSION_COOKIE,
    store,
    secret: config.sessionSecret,
    resave: false,
    saveUninitialized: false,
    rolling: true, // idle expiry: each request pushes the end of the session forward
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, maxAge: config.sessionIdleMs, path: '/' },
  });

  const csrf = csrfSync({
    size: 32,
    getTokenFromRequest: (req) => (req.body?._csrf as string | undefined) ?? (req.headers['x-csrf-token'] as string | undefined),
  });

  const checkCsrf: RequestHandler = (req, res, next) => {
    (req as EscaleRequest).csrfValid = () => csrf.isRequestValid(req);
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
    // A file upload's token is inside its multipart body: the route's PageUpload checks it once parsed.
    if (isPageUpload(req)) return next();
    if (!csrf.isRequestValid(req)) return next(new DomainError('CSRF_INVALID', 'The form has expired. Please try again.'));
    next();
  };

  const pageLocals = (req: Request, res: Response, next: NextFunction) => {
    const request = req as EscaleRequest;
    const fromSession = req.session?.locale;
    const fromCookie = (req.headers.cookie ?? '').match(new RegExp(`(?:^|; )${LOCALE_COOKIE.replace('.', '\\.')}=(\\w+)`))?.[1];
    request.locale = isLocale(fromSession) ? fromSession : isLocale(fromCookie) ? fromCookie : negotiateLocale(req.headers['accept-language']);
    res.locals.locale = request.locale;
    res.locals.currentPath = req.originalUrl.split('?')[0];
    res.locals.returnTo = req.originalUrl.length <= 500 ? req.originalUrl : res.locals.currentPath;
    res.locals.csrfToken = csrf.generateToken(req);
    next();
  };

  return {
    handlers: [onPagesOnly(sessions), onPagesOnly(pageLocals), onPagesOnly(checkCsrf)],
    close: async () => {
      store.close();
      await pool.end();
    },
  };
}
