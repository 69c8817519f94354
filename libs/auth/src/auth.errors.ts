import { DomainError } from '@escale/platform';

export class InvalidCredentials extends DomainError {
  constructor() {
    super('INVALID_CREDENTIALS', 'The email address or password is not correct.');
  }
}

export class TooManyAttempts extends DomainError {
  constructor(retryAfterSeconds: number) {
    super('TOO_MANY_ATTEMPTS', 'Too many failed attempts. Try again later.', { retryAfterSeconds });
  }
}

export class EmailTaken extends DomainError {
  constructor() {
    super('EMAIL_TAKEN', 'A user with this email address already exists.');
  }
}
