import { Injectable } from '@nestjs/common';
import core from '@zxcvbn-ts/core';
import common from '@zxcvbn-ts/language-common';
import { ValidationFailed } from '@escale/platform';

/** At least 12 characters (the DTO checks), and not guessable: zxcvbn score 3 of 4 or better. */
const MIN_SCORE = 3;

/** Name parts this long or longer are looked for in the password: shorter ones occur in ordinary words. */
const MIN_NAME_PART = 4;

/**
 * Whether a password contains the user's email address, its local part, or a part of their name
 * (or of the local part) of four letters or more, whatever the case.
 */
export function containsOwnDetails(password: string, user: { email: string; name?: string }): boolean {
  const lowered = password.toLocaleLowerCase();
  const email = user.email.toLocaleLowerCase();
  const local = email.split('@')[0];
  const parts = [...(user.name ?? '').split(/[^\p{L}\p{M}]+/u), ...local.split(/[^\p{L}\p{M}]+/u)]
    .map((part) => part.toLocaleLowerCase())
    .filter((part) => [...part].length >= MIN_NAME_PART);
  return [email, ...(local.length >= 3 ? [local] : []), ...parts].some((part) => lowered.includes(part));
}

/**
 * Refuses common, breached-list and guessable passwords (the zxcvbn dictionaries of common
 * passwords, names and keyboard patterns) and ones built from the user's own email or name.
 */
@Injectable()
export class PasswordPolicy {
  private readonly estimator = new core.ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });

  assertAcceptable(password: string, user: { email: string; name?: string }): void {
    if (containsOwnDetails(password, user)) throw new ValidationFailed({ password: ['must not contain your email address or name'] });
    const inputs = [user.email, ...user.email.split(/[@.+_-]/), ...(user.name?.split(/\s+/) ?? [])].filter((part) => part.length >= 3);
    const result = this.estimator.check(password.slice(0, 256), inputs);
    if (result.score < MIN_SCORE) throw new ValidationFailed({ password: ['is too common or too easy to guess; use a longer phrase of unrelated words'] });
  }
}
