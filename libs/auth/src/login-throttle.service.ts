import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, RedisConnection } from '@escale/platform';
import { TooManyAttempts } from './auth.errors.js';

/**
 * Counts failed logins per account in Redis, so the limit holds across server processes.
 * Keys carry a hash of the email, never the email itself.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly redis: RedisConnection,
    private readonly config: AppConfig,
  ) {}

  private key(email: string): string {
    return this.redis.key('auth', 'failures', createHash('sha256').update(email).digest('hex'));
  }

  async assertAllowed(email: string): Promise<void> {
    const key = this.key(email);
    const [count, ttl] = await Promise.all([this.redis.client.get(key), this.redis.client.pttl(key)]);
    if (Number(count ?? 0) >= this.config.loginMaxFailures) {
      throw new TooManyAttempts(Math.max(1, Math.ceil(ttl / 1000)));
    }
  }

  async recordFailure(email: string): Promise<void> {
    const key = this.key(email);
    const count = await this.redis.client.incr(key);
    if (count === 1) await this.redis.client.pexpire(key, this.config.loginLockoutMs);
  }

  async clear(email: string): Promise<void> {
    await this.redis.client.del(this.key(email));
  }
}
