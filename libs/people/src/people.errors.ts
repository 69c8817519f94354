import { DomainError } from '@escale/platform';

export class PersonVersionConflict extends DomainError {
  constructor(current: number, mergedInto?: string) {
    super('VERSION_CONFLICT', 'Someone else changed this person since you read them. Reload and try again.', { currentVersion: current, ...(mergedInto ? { mergedInto } : {}) });
  }
}

/** Why two records cannot be one person: `overlapping_stays`, `same_person`, `already_merged`, `anonymised`. */
export class MergeNotAllowed extends DomainError {
  constructor(reason: 'overlapping_stays' | 'same_person' | 'already_merged' | 'anonymised') {
    const messages = {
      overlapping_stays: 'These two people were held at the same time: they cannot be one person.',
      same_person: 'A person cannot be merged with themselves.',
      already_merged: 'One of these records was already merged into another person.',
      anonymised: 'An anonymised record cannot be merged.',
    };
    super('MERGE_NOT_ALLOWED', messages[reason], { reason });
  }
}

/** The document number is recorded for someone already; the other person is named when the caller may read them. */
export class IdentifierTaken extends DomainError {
  constructor(personId?: string) {
    super('IDENTIFIER_TAKEN', 'This identifier is already recorded for a person.', personId ? { personId } : {});
  }
}
