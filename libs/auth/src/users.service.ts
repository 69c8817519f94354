import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, auditEntry } from '@escale/audit';
import { type Actor, AppConfig, Clock, Forbidden, JobName, NotFound, OutboxService, type Page, SYSTEM_ORIGIN, uniqueViolation, ValidationFailed } from '@escale/platform';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { EmailTaken, LastAdmin } from './auth.errors.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import type { UpdateUserDto } from './dto/update-user.dto.js';
import { PasswordPolicy } from './password-policy.js';
import { PasswordService } from './password.service.js';
import { User } from './user.entity.js';

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item) => b.includes(item));

type NewUser = Omit<CreateUserDto, 'email'> & { email: string };

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly policy: PasswordPolicy,
    private readonly clock: Clock,
  ) {}

  async createUser(actor: Actor, input: CreateUserDto): Promise<User> {
    if (actor.role !== 'admin') throw new Forbidden();
    await this.assertCentresExist(input.centreIds);
    this.policy.assertAcceptable(input.password, input);
    const passwordHash = await this.passwords.hash(input.password);
    try {
      return await this.dataSource.transaction((manager) =>
        this.insertUser(manager, { ...input, email: input.email.toLowerCase() }, passwordHash, actor.userId, actor),
      );
    } catch (error) {
      if (uniqueViolation(error) === 'users_email_key') throw new EmailTaken();
      throw error;
    }
  }

  /**
   * Disables an account or enables it again. Disabling ends everything it holds at once: its API
   * tokens are revoked and its page sessions destroyed on the server.
   */
  setDisabled(actor: Actor, userId: string, disabled: boolean): Promise<User> {
    return this.updateUser(actor, userId, { disabled });
  }

  /**
   * Changes an account's role, centres, or whether it is disabled. An administrator cannot disable
   * their own account, and no change may leave no active administrator (409 LAST_ADMIN): the
   * changes that could are made one at a time, under one lock.
   */
  async updateUser(actor: Actor, userId: string, input: UpdateUserDto): Promise<User> {
    if (actor.role !== 'admin') throw new Forbidden();
    if (input.disabled === undefined && input.role === undefined && input.centreIds === undefined) {
      throw new ValidationFailed({ body: ['send at least one of disabled, role, centreIds'] });
    }
    if (input.disabled && userId === actor.userId) throw new ValidationFailed({ disabled: ['you cannot disable your own account'] });
    if (input.centreIds) await this.assertCentresExist(input.centreIds);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('escale.admins'))`);
      const user = await manager.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFound('user');
      const wasActiveAdmin = user.role === 'admin' && !user.disabledAt;
      const staysActiveAdmin = (input.role ?? user.role) === 'admin' && !(input.disabled ?? Boolean(user.disabledAt));
      if (wasActiveAdmin && !staysActiveAdmin) {
        const others = await manager.count(User, { where: { role: 'admin', disabledAt: IsNull(), id: Not(user.id) } });
        if (others === 0) throw new LastAdmin();
      }
      const centreIds = input.centreIds ? [...new Set(input.centreIds.map((id) => id.toLowerCase()))] : user.centreIds;
      const updated = (input.role !== undefined && input.role !== user.role) || !sameSet(centreIds, user.centreIds);
      const now = this.clock.now();
      const disabledBefore = Boolean(user.disabledAt);
      user.role = input.role ?? user.role;
      user.centreIds = centreIds;
      if (input.disabled !== undefined) user.disabledAt = input.disabled ? (user.disabledAt ?? now) : null;
      await manager.save(user);
      if (input.disabled) {
        await manager.query(`UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [userId, now]);
        await manager.query(`DELETE FROM sessions WHERE sess->>'userId' = $1 OR sess->>'mfaUserId' = $1`, [userId]);
      }
      if (updated) await this.audit.record(manager, auditEntry(actor, 'user.update', 'user', userId));
      if (input.disabled !== undefined && (input.disabled || disabledBefore)) {
        await this.audit.record(manager, auditEntry(actor, input.disabled ? 'user.disable' : 'user.enable', 'user', userId));
      }
      return user;
    });
  }

  /** Notes a completed sign-in (pages or API token). */
  async recordSignIn(userId: string): Promise<void> {
    // Not a change of the account: its version and updated_at stay as they are.
    await this.dataSource.query(`UPDATE users SET last_sign_in_at = $2 WHERE id = $1`, [userId, this.clock.now()]);
  }

  /** One user, for the administrators' pages. */
  async getUser(actor: Actor, userId: string): Promise<User> {
    if (actor.role !== 'admin') throw new Forbidden();
    const user = await this.dataSource.manager.findOneBy(User, { id: userId });
    if (!user) throw new NotFound('user');
    return user;
  }

  private async assertCentresExist(centreIds: string[]): Promise<void> {
    const wanted = [...new Set(centreIds.map((id) => id.toLowerCase()))];
    if (wanted.length === 0) return;
    const found = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM centres WHERE id = ANY($1::uuid[])`, [wanted]);
    const unknown = wanted.filter((id) => !found.some((row) => row.id === id));
    if (unknown.length) throw new ValidationFailed({ centreIds: [`no such centre: ${unknown.join(', ')}`] });
  }

  async listUsers(actor: Actor, limit: number, offset: number): Promise<Page<User>> {
    if (actor.role !== 'admin') throw new Forbidden();
    const [items, total] = await this.dataSource.manager.findAndCount(User, {
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items, total, limit, offset };
  }

  /** Users' names by id, to say who did what on a record. */
  async namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return new Map();
    const users = await this.dataSource.manager.find(User, { where: { id: In(wanted) }, select: { id: true, name: true } });
    return new Map(users.map((user) => [user.id, user.name]));
  }

  findActiveById(id: string): Promise<User | null> {
    return this.dataSource.manager.findOneBy(User, { id, disabledAt: IsNull() });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.dataSource.manager.findOneBy(User, { email: email.toLowerCase() });
  }

  async setLocale(userId: string, locale: string): Promise<void> {
    await this.dataSource.manager.update(User, { id: userId }, { locale });
  }

  /** Creates the first admin from the configuration when the users table is empty. */
  async ensureFirstAdmin(config: AppConfig): Promise<User | null> {
    const admin = config.firstAdmin;
    if (!admin) return null;
    const passwordHash = await this.passwords.hash(admin.password);
    return this.dataSource.transaction(async (manager) => {
      // Several processes may start at once: only one of them creates the admin.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('escale.first_admin'))`);
      if (await manager.exists(User)) return null;
      const user = await this.insertUser(
        manager,
        { email: admin.email, name: 'Administrator', role: 'admin', password: admin.password, centreIds: [] },
        passwordHash,
        null,
      );
      this.logger.log(`Created the first administrator (user ${user.id})`);
      return user;
    });
  }

  private async insertUser(
    manager: EntityManager,
    input: NewUser,
    passwordHash: string,
    actorId: string | null,
    actor?: Actor,
  ): Promise<User> {
    const user = manager.create(User, {
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash,
      centreIds: [...new Set(input.centreIds)],
    });
    await manager.save(user);
    await this.audit.record(manager, {
      actorId,
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      origin: actor?.origin ?? SYSTEM_ORIGIN,
      requestId: actor?.requestId,
    });
    await this.outbox.schedule(manager, JobName.SendWelcomeMessage, { userId: user.id });
    return user;
  }
}
