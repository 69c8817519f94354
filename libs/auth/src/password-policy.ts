import { Injectable } from '@nestjs/common';
import core from '@zxcvbn-ts/core';
import common from '@zxcvbn-ts/language-common';
import { ValidationFailed } from '@escale/platform';

/** At least 12 characters (the DTO checks), and not guessable: zxcvbn score 3 of 4 or better. */
const MIN_SCORE = 3;

/**
 * Refuses common, breached-list and guessable passwords (the zxcvbn dictionaries of common
 * passwords, names and keyboard patterns) and ones built from the user's own email or name.
 */
@Injectable()
export class PasswordPolicy {
  private readonly estimator = new core.ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });

  assertAcceptable(password: string, user: { email: string; name?: string }): void {
    const inputs = [user.email, ...user.email.split(/[@.+_-]/), ...(user.name?.split(/\s+/) ?? [])].filter((part) => part.length >= 3);
    const result = this.estimator.check(password.slice(0, 256), inputs);
    if (result.score < MIN_SCORE) throw new ValidationFailed({ password: ['is too common or too easy to guess; use a longer phrase of unrelated words'] });
  }
}
