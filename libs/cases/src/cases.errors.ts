import { DomainError } from '@escale/platform';

export class IllegalTransition extends DomainError {
  constructor(from: string, to: string, allowed: readonly string[]) {
    super('ILLEGAL_TRANSITION', `Cannot move from ${from} to ${to}.`, { from, to, allowed });
  }
}

export class VersionConflict extends DomainError {
  constructor(current: number) {
    super('VERSION_CONFLICT', 'Someone else changed this record since you read it. Reload and try again.', { currentVersion: current });
  }
}

export class ReferralAlreadyOpen extends DomainError {
  constructor() {
    super('REFERRAL_ALREADY_OPEN', 'This case already has an open referral of this kind.');
  }
}
