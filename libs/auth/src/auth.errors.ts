import { DomainError } from '@escale/platform';

export class InvalidCredentials extends DomainError {
  constructor() {
    super('INVALID_CREDENTIALS', 'The email address or password is not correct.');
  }
}

/** The password was right, and the account also needs a one-time code. */
export class MfaRequired extends DomainError {
  constructor(message = 'This account signs in with a one-time code as well: send it as totp.') {
    super('MFA_REQUIRED', message);
  }
}

/** The account's role signs in with a one-time code, and the user has not set one up yet (on the pages). */
export class MfaEnrolmentRequired extends DomainError {
  constructor(message = 'This account must set up two-factor sign-in first: sign in to the pages once to do so.') {
    super('MFA_ENROLMENT_REQUIRED', message);
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

/** The change would leave no active administrator. */
export class LastAdmin extends DomainError {
  constructor() {
    super('LAST_ADMIN', 'This is the last active administrator: make another user an administrator first.');
  }
}
