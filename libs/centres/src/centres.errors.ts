import { DomainError } from '@escale/platform';

export class CodeTaken extends DomainError {
  constructor() {
    super('CODE_TAKEN', 'A centre with this code already exists.');
  }
}

export class BedOccupied extends DomainError {
  constructor(details: Record<string, unknown> = {}) {
    super('BED_OCCUPIED', 'The bed is occupied.', details);
  }
}

export class BedOutOfService extends DomainError {
  constructor() {
    super('BED_OUT_OF_SERVICE', 'The bed is out of service.');
  }
}

export class LabelTaken extends DomainError {
  constructor(label: string) {
    super('VALIDATION_FAILED', 'A bed with this label already exists in the unit.', { fields: { labels: [`${label} is already used in this unit`] } });
  }
}

export class UnitNameTaken extends DomainError {
  constructor() {
    super('VALIDATION_FAILED', 'A unit with this name already exists in the centre.', { fields: { name: ['is already used in this centre'] } });
  }
}
