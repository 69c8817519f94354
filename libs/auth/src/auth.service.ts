import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@escale/audit';
import { type Actor, AppConfig, Clock } from '@escale/platform';
import { DataSource, IsNull } from 'typeorm';
import { ApiToken } from './api-token.entity.js';
import { InvalidCredentials, MfaRequired } from './auth.errors.js';
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
   * all answer INVALID_CREDENTIALS after the same work; repeated failures answer 429.
   */
  async authenticate(emailInput: string, password: string, from: RequestOrigin): Promise<User> {
    const email = emailInput.trim().toLowerCase();
    await this.throttle.assertAllowed(email);
    const user = await this.users.findByEmail(email);
    const valid = user && !user.disabledAt
      ? await this.passwords.verify(user.passwordHash, password)
      : await this.passwords.verifyAgainstNothing(password);
    if (!user || !valid) {
      await this.throttle.recordFailure(email);
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
    await this.throttle.clear(email);
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

  /** A Bearer token for an email and password — and the one-time code, once the account has two-factor sign-in. */
  async issueToken(email: string, password: string, from: RequestOrigin, totp?: string): Promise<IssuedToken> {
    const user = await this.authenticate(email, password, from);
    if (user.totpEnabledAt) {
      if (!totp) throw new MfaRequired();
      if (!(await this.mfa.verify(user.id, totp))) {
        await this.throttle.recordFailure(user.email);
        await this.audit.recordAlone({ actorId: user.id, action: 'auth.mfa_failed', entityType: 'user', entityId: user.id, outcome: 'failure', origin: from.origin, requestId: from.requestId });
        throw new InvalidCredentials();
      }
    }
    const accessToken = `esk_${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(this.clock.now().getTime() + this.config.tokenTtlMs);
    await this.dataSource.manager.insert(ApiToken, { userId: user.id, tokenHash: hashToken(accessToken), expiresAt });
    return { accessToken, expiresAt: expiresAt.toISOString() };
  }

  /** The actor behind a Bearer token, or null when it is unknown, expired, revoked or its user disabled. */
  async actorForToken(accessToken: string, from: RequestOrigin): Promise<Actor | null> {
    if (!accessToken.startsWith('esk_') || accessToken.length > 100) return null;
    const row = await this.dataSource.manager
      .createQueryBuilder(ApiToken, 't')
      .innerJoin(User, 'u', 'u.id = t.user_id')
      .select(['u.id AS id', 'u.role AS role', 'u.centre_ids AS centre_ids'])
      .where('t.token_hash = :hash', { hash: hashToken(accessToken) })
      .andWhere('t.revoked_at IS NULL')
      .andWhere('t.expires_at > :now', { now: this.clock.now() })
      .andWhere('u.disabled_at IS NULL')
      .getRawOne<{ id: string; role: Actor['role']; centre_ids: string[] }>();
    return row ? actorOf({ id: row.id, role: row.role, centreIds: row.centre_ids }, from) : null;
  }

  async revokeToken(accessToken: string): Promise<void> {
    await this.dataSource.manager.update(
      ApiToken,
      { tokenHash: hashToken(accessToken), revokedAt: IsNull() },
      { revokedAt: this.clock.now() },
    );
  }

  /** The actor behind a UI session's user id, or null when the user is gone or disabled. */
  async actorForSession(userId: string, from: RequestOrigin): Promise<{ actor: Actor; user: User } | null> {
    const user = await this.users.findActiveById(userId);
    return user ? { actor: actorOf(user, from), user } : null;
  }
}
