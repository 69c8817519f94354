import { DomainError } from '@escale/platform';

export class AlreadyRecorded extends DomainError {
  constructor(what: 'hearing_outcome' | 'appeal' | 'appeal_decision' | 'contact_ended') {
    super('ALREADY_RECORDED', 'This was already recorded; a decision of the record is not recorded twice.', { what });
  }
}

export class RemovalCentreOnly extends DomainError {
  constructor() {
    super('REMOVAL_CENTRE_ONLY', 'Only a placement in a removal centre is heard by a judge.');
  }
}

export class AppealNotLodged extends DomainError {
  constructor() {
    super('ILLEGAL_TRANSITION', 'No appeal against this order is recorded: record the appeal before its decision.', { reason: 'no_appeal' });
  }
}
