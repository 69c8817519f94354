import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, auditEntry } from '@escale/audit';
import { type Actor, AppConfig, Clock, Forbidden, NotFound, type Page, RedisConnection } from '@escale/platform';
import { DataSource } from 'typeorm';
import { TooManyAttempts } from './auth.errors.js';

/** An account signing in from one address, or one address whatever the account. */
export type LockoutKind = 'account' | 'address';

export interface Lockout {
  /** Names the counter, to unlock it. */
  id: string;
  kind: LockoutKind;
  /** The email that was tried (account lockouts only); it may name no user. */
  email: string | null;
  userId: string | null;
  address: string;
  failures: number;
  lockedUntil: string;
}

/** A reserved attempt: released when it turns out well, kept as a failure otherwise. */
export interface SignInAttempt {
  readonly email: string;
  readonly address: string;
}

/**
 * Reserves an attempt atomically: refuses when either counter is at its limit, otherwise counts
 * the attempt on both before any password is checked, so that however many requests race, no more
 * than the limit are ever checked. A counter reaching its limit enters the index of lockouts.
 * KEYS: account counter, address counter, lockout index.
 * ARGV: account limit, address limit, window ms, now ms, account id, address id, email, address.
 */
const RESERVE = `
local accountLimit, addressLimit = tonumber(ARGV[1]), tonumber(ARGV[2])
local accountCount = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
if accountCount >= accountLimit then return {0, redis.call('PTTL', KEYS[1])} end
local addressCount = tonumber(redis.call('HGET', KEYS[2], 'n') or '0')
if addressCount >= addressLimit then return {0, redis.call('PTTL', KEYS[2])} end
accountCount = redis.call('HINCRBY', KEYS[1], 'n', 1)
if accountCount == 1 then
  redis.call('HSET', KEYS[1], 'kind', 'account', 'email', ARGV[7], 'address', ARGV[8])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
addressCount = redis.call('HINCRBY', KEYS[2], 'n', 1)
if addressCount == 1 then
  redis.call('HSET', KEYS[2], 'kind', 'address', 'address', ARGV[8])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
if accountCount >= accountLimit then redis.call('ZADD', KEYS[3], tonumber(ARGV[4]) + redis.call('PTTL', KEYS[1]), ARGV[5]) end
if addressCount >= addressLimit then redis.call('ZADD', KEYS[3], tonumber(ARGV[4]) + redis.call('PTTL', KEYS[2]), ARGV[6]) end
return {1, 0}
`;

/**
 * Gives back a reserved attempt that did not fail. With ARGV[5] = 'clear' the account counter is
 * removed altogether (a completed sign-in forgives that account's earlier failures from that address).
 * KEYS: account counter, address counter, lockout index. ARGV: account limit, address limit, account id, address id, mode.
 */
const RELEASE = `
local function giveBack(key, limit, id)
  if redis.call('EXISTS', key) == 0 then return end
  local count = redis.call('HINCRBY', key, 'n', -1)
  if count <= 0 then redis.call('DEL', key) end
  if count < limit then redis.call('ZREM', KEYS[3], id) end
end
if ARGV[5] == 'clear' then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[3], ARGV[3])
else
  giveBack(KEYS[1], tonumber(ARGV[1]), ARGV[3])
end
giveBack(KEYS[2], tonumber(ARGV[2]), ARGV[4])
return 1
`;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Expands an IPv6 address to its eight groups. */
function ipv6Groups(address: string): string[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}

/**
 * The address a sign-in is counted by: an IPv4 address as it is (also when written IPv6-mapped),
 * an IPv6 address by its /64 network, which one subscriber usually holds whole.
 */
export function throttleAddress(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1];
  if (isIPv6(ip)) return `${ipv6Groups(ip.split('%')[0]).slice(0, 4).join(':')}::/64`;
  return ip;
}

/**
 * Throttles sign-ins in Redis, so the limits hold across server processes: per account and
 * source address (an attacker guessing from one address slows only that address for that account,
 * while the owner signing in from another still gets in), and per address whatever the account (one
 * address trying many accounts). Every check of a password or one-time code reserves an attempt
 * first, atomically. Counters and the lockout index expire on their own.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly redis: RedisConnection,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  private counterKey(id: string): string {
    return this.redis.key('auth', 'throttle', id);
  }

  private get indexKey(): string {
    return this.redis.key('auth', 'lockouts');
  }

  private ids(attempt: SignInAttempt): { account: string; address: string } {
    return { account: sha256(`account|${attempt.email}|${attempt.address}`), address: sha256(`address|${attempt.address}`) };
  }

  /** Reserves one attempt for an email from an address, or answers TOO_MANY_ATTEMPTS. */
  async reserve(emailInput: string, origin: string | undefined): Promise<SignInAttempt> {
    const attempt = { email: emailInput.trim().toLowerCase(), address: throttleAddress(origin) };
    const ids = this.ids(attempt);
    const [allowed, ttl] = (await this.redis.client.eval(
      RESERVE,
      3,
      this.counterKey(ids.account),
      this.counterKey(ids.address),
      this.indexKey,
      this.config.loginMaxFailures,
      this.config.loginAddressMaxFailures,
      this.config.loginLockoutMs,
      this.clock.now().getTime(),
      ids.account,
      ids.address,
      attempt.email,
      attempt.address,
    )) as [number, number];
    if (allowed !== 1) throw new TooManyAttempts(Math.max(1, Math.ceil(Number(ttl) / 1000)));
    return attempt;
  }

  /** The attempt did not fail, and the sign-in is not complete yet (a code comes next): it stops counting. */
  release(attempt: SignInAttempt): Promise<void> {
    return this.giveBack(attempt, 'release');
  }

  /** The sign-in is complete: this account's failures from this address are forgiven. */
  succeed(attempt: SignInAttempt): Promise<void> {
    return this.giveBack(attempt, 'clear');
  }

  private async giveBack(attempt: SignInAttempt, mode: 'release' | 'clear'): Promise<void> {
    const ids = this.ids(attempt);
    await this.redis.client.eval(
      RELEASE,
      3,
      this.counterKey(ids.account),
      this.counterKey(ids.address),
      this.indexKey,
      this.config.loginMaxFailures,
      this.config.loginAddressMaxFailures,
      ids.account,
      ids.address,
      mode,
    );
  }

  /** Accounts and addresses refused at the moment, the longest-locked last. */
  async listLockouts(actor: Actor, limit: number, offset: number): Promise<Page<Lockout>> {
    if (actor.role !== 'admin') throw new Forbidden();
    const now = this.clock.now().getTime();
    await this.redis.client.zremrangebyscore(this.indexKey, '-inf', now);
    const [ids, total] = await Promise.all([
      this.redis.client.zrangebyscore(this.indexKey, now, '+inf', 'WITHSCORES', 'LIMIT', offset, limit),
      this.redis.client.zcount(this.indexKey, now, '+inf'),
    ]);
    const entries: { id: string; until: number }[] = [];
    for (let i = 0; i < ids.length; i += 2) entries.push({ id: ids[i], until: Number(ids[i + 1]) });
    const pipeline = this.redis.client.pipeline();
    for (const entry of entries) pipeline.hgetall(this.counterKey(entry.id));
    const counters = ((await pipeline.exec()) ?? []).map(([, value]) => value as Record<string, string>);
    const emails = counters.filter((c) => c.kind === 'account' && c.email).map((c) => c.email);
    const users = emails.length ? await this.dataSource.query<{ id: string; email: string }[]>(`SELECT id, email FROM users WHERE email = ANY($1::text[])`, [emails]) : [];
    const items = entries.flatMap((entry, index): Lockout[] => {
      const counter = counters[index];
      if (!counter?.n) return [];
      const email = counter.kind === 'account' ? (counter.email ?? null) : null;
      return [{
        id: entry.id,
        kind: counter.kind === 'account' ? 'account' : 'address',
        email,
        userId: email ? (users.find((user) => user.email === email)?.id ?? null) : null,
        address: counter.address,
        failures: Number(counter.n),
        lockedUntil: new Date(entry.until).toISOString(),
      }];
    });
    return { items, total, limit, offset };
  }

  /** Lifts a lockout at once (an administrator, after checking with the user). */
  async unlock(actor: Actor, id: string): Promise<void> {
    if (actor.role !== 'admin') throw new Forbidden();
    if (!/^[0-9a-f]{64}$/.test(id)) throw new NotFound('lockout');
    const key = this.counterKey(id);
    const counter = await this.redis.client.hgetall(key);
    const removed = await this.redis.client.multi().del(key).zrem(this.indexKey, id).exec();
    if (!counter.n || !removed?.[0]?.[1]) throw new NotFound('lockout');
    const [user] = counter.kind === 'account' && counter.email
      ? await this.dataSource.query<{ id: string }[]>(`SELECT id FROM users WHERE email = $1`, [counter.email])
      : [];
    await this.audit.recordAlone(auditEntry(actor, counter.kind === 'account' ? 'auth.unlock_account' : 'auth.unlock_address', user ? 'user' : 'sign_in_address', user?.id ?? null));
  }
}
