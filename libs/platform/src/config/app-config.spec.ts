import { parseConfig } from './app-config.js';

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const config = parseConfig({});
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/escale');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.queuePrefix).toBe('escale');
    expect(config.port).toBe(3000);
    expect(config.firstAdmin).toBeUndefined();
  });

  it.each([
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT /],
    [{ PORT: '70000' }, /^Invalid configuration: PORT /],
    [{ DATABASE_URL: 'mysql://x' }, /^Invalid configuration: DATABASE_URL must be a postgres:\/\/ URL$/],
    [{ REDIS_URL: 'localhost' }, /^Invalid configuration: REDIS_URL /],
    [{ QUEUE_PREFIX: 'a b' }, /^Invalid configuration: QUEUE_PREFIX /],
    [{ SESSION_SECRET: 'short' }, /^Invalid configuration: SESSION_SECRET /],
    [{ ESCALE_ADMIN_EMAIL: 'not-an-email', ESCALE_ADMIN_PASSWORD: 'long-enough-password' }, /ESCALE_ADMIN_EMAIL/],
    [{ ESCALE_ADMIN_EMAIL: 'a@b.fr' }, /ESCALE_ADMIN_PASSWORD is required/],
    [{ NODE_ENV: 'production' }, /SESSION_SECRET is required in production/],
    [{ TRUST_PROXY: 'true' }, /^Invalid configuration: TRUST_PROXY /],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /^Invalid configuration: TRUST_PROXY /],
    [{ TRUST_PROXY: '10.0.0.1,example.org' }, /^Invalid configuration: TRUST_PROXY /],
    [{ LOGIN_ADDRESS_MAX_FAILURES: '0' }, /^Invalid configuration: LOGIN_ADDRESS_MAX_FAILURES /],
    [{ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) }, /^Invalid configuration: AUDIT_ANCHOR_KEY is required in production$/],
    [{ AUDIT_ANCHOR_KEY: 'too-short' }, /^Invalid configuration: AUDIT_ANCHOR_KEY must be at least 32 characters$/],
    [{ AUDIT_ANCHOR_KEY: `${'k'.repeat(32)},${'l'.repeat(32)}` }, /^Invalid configuration: AUDIT_ANCHOR_KEY must not contain commas or spaces$/],
    [{ AUDIT_ANCHOR_PREVIOUS_KEYS: `${'k'.repeat(32)},short` }, /^Invalid configuration: AUDIT_ANCHOR_PREVIOUS_KEYS /],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => parseConfig(env)).toThrow(message);
  });

  it('gives 48 hours to appeal an order to leave without a departure period and 30 days with one, unless configured', () => {
    expect(parseConfig({}).removalOrderAppealMs).toBe(48 * 3_600_000);
    expect(parseConfig({}).removalOrderWithDepartureAppealMs).toBe(30 * 86_400_000);
    expect(parseConfig({ REMOVAL_ORDER_APPEAL_HOURS: '72', REMOVAL_ORDER_WITH_DEPARTURE_APPEAL_DAYS: '15' })).toMatchObject({ removalOrderAppealMs: 72 * 3_600_000, removalOrderWithDepartureAppealMs: 15 * 86_400_000 });
    expect(() => parseConfig({ REMOVAL_ORDER_APPEAL_HOURS: '0' })).toThrow(/^Invalid configuration: REMOVAL_ORDER_APPEAL_HOURS /);
  });

  it('normalises the first admin email', () => {
    const config = parseConfig({ ESCALE_ADMIN_EMAIL: 'Admin@Example.ORG', ESCALE_ADMIN_PASSWORD: 'correct horse battery' });
    expect(config.firstAdmin).toEqual({ email: 'admin@example.org', password: 'correct horse battery' });
  });

  it('secures cookies in production unless told otherwise', () => {
    expect(parseConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), AUDIT_ANCHOR_KEY: 'k'.repeat(40) }).cookieSecure).toBe(true);
    expect(parseConfig({}).cookieSecure).toBe(false);
    expect(parseConfig({ COOKIE_SECURE: 'true' }).cookieSecure).toBe(true);
  });

  it('trusts no proxy unless told which', () => {
    expect(parseConfig({}).trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: 'none' }).trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
    expect(parseConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,fd00::/8' }).trustProxy).toEqual(['10.0.0.0/8', '192.168.1.7', 'fd00::/8']);
  });

  it('reads the audit anchor key and the keys it replaced', () => {
    const config = parseConfig({ AUDIT_ANCHOR_KEY: 'k'.repeat(32), AUDIT_ANCHOR_PREVIOUS_KEYS: `${'a'.repeat(32)},${'b'.repeat(40)}` });
    expect(config.auditAnchorKey).toBe('k'.repeat(32));
    expect(config.auditAnchorPreviousKeys).toEqual(['a'.repeat(32), 'b'.repeat(40)]);
    expect(parseConfig({}).auditAnchorKey).toBeUndefined();
    expect(parseConfig({}).auditAnchorPreviousKeys).toEqual([]);
  });
});
