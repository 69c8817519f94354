import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@escale/audit';
import { type Actor, AppConfig, Clock } from '@escale/platform';
import { DataSource, IsNull } from 'typeorm';
import { ApiToken } from './api-token.entity.js';
import { InvalidCredentials, MfaEnrolmentRequired, MfaRequired } from './auth.errors.js';
import { MfaService } from './mfa.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordService } from './password.service.js';
import { User } from './user.entity.js';
import { UsersService } from './users.service.js';

export interface IssuedToken {
  accessToken: string;
  expiresAt: string;
}

export interface RequestOrigin {
  origin?: string;
  requestId?: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function actorOf(user: Pick<User, 'id' | 'role' | 'centreIds'>, from: RequestOrigin = {}): Actor {
  return { userId: user.id, role: user.role, centreIds: user.centreIds, origin: from.origin, requestId: from.requestId };
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly throttle: LoginThrottleService,
    private readonly mfa: MfaService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Checks an email and password. An unknown email, a disabled account and a wrong password
   * all answer INVALID_CREDENTIALS after the same work; repeated failures answer 429 (per account
   * and address, and per address). When the account signs in with a one-time code as well, the
   * throttle keeps counting until the code is right: a right password alone forgives nothing.
   */
  async authenticate(emailInput: string, password: string, from: RequestOrigin): Promise<User> {
    const attempt = await this.throttle.reserve(emailInput, from.origin);
    const user = await this.users.findByEmail(attempt.email);
    const valid = user && !user.disabledAt
      ? await this.passwords.verify(user.passwordHash, password)
      : await this.passwords.verifyAgainstNothing(password);
    if (!user || !valid) {
      await this.audit.recordAlone({
        actorId: user?.id ?? null,
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        outcome: 'failure',
        origin: from.origin,
        requestId: from.requestId,
      });
      throw new InvalidCredentials();
    }
    if (this.needsSecondFactor(user)) await this.throttle.release(attempt);
    else await this.throttle.succeed(attempt);
    await this.audit.recordAlone({
      actorId: user.id,
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      origin: from.origin,
      requestId: from.requestId,
    });
    return user;
  }

  /** Whether a sign-in of this user goes on to a one-time code (theirs, or one they must set up). */
  needsSecondFactor(user: Pick<User, 'role' | 'totpEnabledAt'>): boolean {
    return Boolean(user.totpEnabledAt) || this.mfa.isRequiredFor(user.role);
  }

  /**
   * Checks the one-time code (or a recovery code) of a user whose password was right. A wrong
   * code counts as a failed sign-in, under the same limits as a wrong password.
   */
  async verifySecondFactor(user: Pick<User, 'id' | 'email'>, code: string, from: RequestOrigin): Promise<boolean> {
    const attempt = await this.throttle.reserve(user.email, from.origin);
    if (!(await this.mfa.verify(user.id, code))) {
      await this.audit.recordAlone({ actorId: user.id, action: 'auth.mfa_failed', entityType: 'user', entityId: user.id, outcome: 'failure', origin: from.origin, requestId: from.requestId });
      return false;
    }
    await this.throttle.succeed(attempt);
    return true;
  }

  /**
   * A Bearer token for an email and password, and the one-time code when the account has one.
   * A role that must sign in with a code gets no token before the user has set one up.
   */
  async issueToken(email: string, password: string, from: RequestOrigin, totp?: string): Promise<IssuedToken> {
    const user = await this.authenticate(email, password, from);
    let secondFactor = false;
    if (user.totpEnabledAt) {
      if (!totp) throw new MfaRequired();
      if (!(await this.verifySecondFactor(user, totp, from))) throw new MfaRequired('The one-time code is not correct, or was already used.');
      secondFactor = true;
    } else if (this.mfa.isRequiredFor(user.role)) {
      throw new MfaEnrolmentRequired();
    }
    const accessToken = `esk_${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(this.clock.now().getTime() + this.config.tokenTtlMs);
    await this.dataSource.manager.insert(ApiToken, { userId: user.id, tokenHash: hashToken(accessToken), expiresAt, secondFactor });
    await this.users.recordSignIn(user.id);
    return { accessToken, expiresAt: expiresAt.toISOString() };
  }

  /** The actor behind a Bearer token, or null when it is unknown, expired, revoked or its user disabled. */
  async actorForToken(accessToken: string, from: RequestOrigin): Promise<Actor | null> {
    if (!accessToken.startsWith('esk_') || accessToken.length > 100) return null;
    const row = await this.dataSource.manager
      .createQueryBuilder(ApiToken, 't')
      .innerJoin(User, 'u', 'u.id = t.user_id')
      .select(['u.id AS id', 'u.role AS role', 'u.centre_ids AS centre_ids', 't.second_factor AS second_factor'])
      .where('t.token_hash = :hash', { hash: hashToken(accessToken) })
      .andWhere('t.revoked_at IS NULL')
      .andWhere('t.expires_at > :now', { now: this.clock.now() })
      .andWhere('u.disabled_at IS NULL')
      .getRawOne<{ id: string; role: Actor['role']; centre_ids: string[]; second_factor: boolean }>();
    return row ? { ...actorOf({ id: row.id, role: row.role, centreIds: row.centre_ids }, from), secondFactor: row.second_factor } : null;
  }

  async revokeToken(accessToken: string): Promise<void> {
    await this.dataSource.manager.update(
      ApiToken,
      { tokenHash: hashToken(accessToken), revokedAt: IsNull() },
      { revokedAt: this.clock.now() },
    );
  }

  /** The actor behind a UI session's user id, or null when the user is gone or disabled. */
  async actorForSession(userId: string, from: RequestOrigin, secondFactor = false): Promise<{ actor: Actor; user: User } | null> {
    const user = await this.users.findActiveById(userId);
    return user ? { actor: { ...actorOf(user, from), secondFactor }, user } : null;
  }
}
