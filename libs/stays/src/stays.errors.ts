import { DomainError, ValidationFailed } from '@escale/platform';

export class NoBedAvailable extends DomainError {
  constructor(reason?: string) {
    super('NO_BED_AVAILABLE', 'No suitable bed is free in this centre.', reason ? { reason } : {});
  }
}

export class PersonAlreadyInCentre extends DomainError {
  constructor() {
    super('PERSON_ALREADY_IN_CENTRE', 'This person already has an open stay.');
  }
}

export class MinorNotAllowed extends DomainError {
  constructor() {
    super('MINOR_NOT_ALLOWED', 'A person under 18 cannot be placed in a removal centre.');
  }
}

export class AgeDisputed extends DomainError {
  constructor() {
    super('AGE_DISPUTED', 'This person’s age is disputed and has not been assessed as an adult: they are presumed a minor and cannot be placed in a removal centre.');
  }
}

export class AuthorityExpired extends DomainError {
  constructor(authorisedUntil: Date) {
    super('AUTHORITY_EXPIRED', 'The holding authority had already run out when this extension was decided: the person must be released, not extended.', { authorisedUntil: authorisedUntil.toISOString() });
  }
}

export class StayClosed extends DomainError {
  constructor() {
    super('STAY_CLOSED', 'This stay is already closed.');
  }
}

export class HousingMismatch extends DomainError {
  constructor(reason: string) {
    super('HOUSING_MISMATCH', 'This bed is in a unit that may not house this person.', { reason });
  }
}

export const invalidField = (field: string, problem: string) => new ValidationFailed({ [field]: [problem] });

export class WaitingClosed extends DomainError {
  constructor() {
    super('WAITING_CLOSED', 'This person is no longer on the waiting list.');
  }
}

export class ReopenNotAllowed extends DomainError {
  constructor(reason: string) {
    super('REOPEN_NOT_ALLOWED', `This check-out cannot be undone: ${reason}.`, { reason });
  }
}

export class StayVersionConflict extends DomainError {
  constructor(current: number) {
    super('VERSION_CONFLICT', 'This stay was changed since it was read; read it again.', { version: current });
  }
}
