import { type ErrorCode } from './error-codes.js';

/**
 * The base of every error a context throws on purpose. It carries a code from the API
 * contract; the server maps codes to HTTP statuses in one place.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailed extends DomainError {
  constructor(fields: Record<string, string[]>) {
    super('VALIDATION_FAILED', 'The request is not valid.', { fields });
  }
}

export class NotFound extends DomainError {
  /** What was not found (a stay, a bed…): a page can tell which of the records it named is missing. */
  constructor(readonly what = 'record') {
    super('NOT_FOUND', `No such ${what}.`);
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'You are not allowed to do this.') {
    super('FORBIDDEN', message);
  }
}

export class Unauthenticated extends DomainError {
  constructor(message = 'Authentication is required.') {
    super('UNAUTHENTICATED', message);
  }
}
