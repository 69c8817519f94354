import type { AuditedRecord } from './access.decorator.js';
import type { Request } from 'express';
import type { Actor, Locale } from '@escale/platform';
import type { RequestOrigin, User } from '@escale/auth';

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    startedAt?: number;
    /** Signed in with a one-time code as well as the password. */
    secondFactor?: boolean;
    /** Between the password and the one-time code: who is signing in, since when, and a secret being enrolled. */
    mfaUserId?: string;
    mfaStartedAt?: number;
    mfaSecret?: string;
    locale?: Locale;
  }
}

/** What the server attaches to a request as it passes through. */
export interface EscaleRequest extends Request {
  actor?: Actor;
  /** The record the route reads or writes (its `:id`), from the route's metadata: what a refusal is audited against. */
  auditedRecord?: AuditedRecord;
  currentUser?: User;
  locale?: Locale;
  loginError?: unknown;
  /** Checks the request's CSRF token against the session's (pages only): a file upload checks it once its body is parsed. */
  csrfValid?: () => boolean;
  /** Why a page's file upload could not be read (too large, malformed), for the form to say. */
  uploadError?: unknown;
}

export const isApiPath = (path: string) => path.startsWith('/api/') || path === '/api' || path.startsWith('/health');

export function originOf(req: EscaleRequest): RequestOrigin {
  return { origin: req.ip ?? undefined, requestId: req.id === undefined ? undefined : String(req.id as unknown) };
}
