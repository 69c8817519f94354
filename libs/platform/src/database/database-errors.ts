import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

export interface DatabaseViolation {
  /** 23505 unique, 23P01 exclusion, 23503 foreign key, 23514 check. */
  code: string;
  constraint: string;
}

/** The constraint a violation hit, or undefined for any other error. */
export function constraintViolation(error: unknown): DatabaseViolation | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as { code?: string; constraint?: string };
  if (!driverError.code?.startsWith('23')) return undefined;
  return { code: driverError.code, constraint: driverError.constraint ?? '' };
}

// SQLSTATE class 08 is "connection exception"; 57P01-57P03 a server shutting down or starting; 53300 no free connection slot.
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNREACHABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// What the pg driver says when a connection dies under a query or cannot be opened in time.
const UNAVAILABLE_MESSAGE = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed and is not queryable)/;

/**
 * Whether an error means PostgreSQL is down, restarting or out of connections, rather than a
 * fault of the query: the request may succeed later, so it answers 503, not 500.
 */
export function databaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) return false;
  // TypeORM releases a query runner whose connection failed: the next query of its transaction throws one of these.
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError) return true;
  const cause = error instanceof QueryFailedError ? (error.driverError as Error) : error;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_STATES.has(code) || UNREACHABLE_SOCKET.has(code))) return true;
  if (UNAVAILABLE_MESSAGE.test(cause.message)) return true;
  if (cause instanceof AggregateError) return cause.errors.some((inner) => databaseUnavailable(inner, depth + 1));
  return cause.cause !== undefined && databaseUnavailable(cause.cause, depth + 1);
}
