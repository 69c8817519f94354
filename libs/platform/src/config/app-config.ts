import { isIP } from 'node:net';
import { z } from 'zod';
import type { Role } from '../actor.js';
import { parseRetentionMonths, type RetentionMonths } from './retention-months.js';

export * from './retention-months.js';

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address or a CIDR range (10.0.0.0/8, fd00::/8), or one of Express's names for well-known ranges. */
function isTrustedProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function isTrustProxy(value: string): boolean {
  if (value === 'none') return true;
  return value.split(',').every((entry) => isTrustedProxyEntry(entry.trim()));
}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// URL')
    .default('postgres://postgres@127.0.0.1:5432/escale'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -')
    .default('escale'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_IDLE_MINUTES: positiveInt(30),
  SESSION_ABSOLUTE_HOURS: positiveInt(12),
  TOKEN_TTL_MINUTES: positiveInt(480),
  COOKIE_SECURE: booleanFlag.optional(),
  ESCALE_ADMIN_EMAIL: z.email('must be an email address').optional(),
  ESCALE_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OUTBOX_POLL_MS: positiveInt(500),
  LOGIN_MAX_FAILURES: positiveInt(5),
  LOGIN_LOCKOUT_MINUTES: positiveInt(15),
  LOGIN_ADDRESS_MAX_FAILURES: positiveInt(30),
  TRUST_PROXY: z
    .string()
    .refine(isTrustProxy, 'must be none, loopback, or a comma-separated list of addresses and CIDR ranges (such as 10.0.0.0/8,loopback)')
    .default('none'),
  MFA_REQUIRED_ROLES: z
    .string()
    .regex(/^(none|(admin|staff|caseworker|funder|auditor)(,(admin|staff|caseworker|funder|auditor))*)$/, 'must be none or a comma-separated list of roles')
    .default('admin'),
  // Holding rules (DOMAIN.md): configuration data, because the law changes.
  EXTENSION_SEQUENCE_DAYS: z
    .string()
    .regex(/^\d{1,3}(,\d{1,3})*$/, 'must be a comma-separated list of days, such as 26,30,15,15')
    .default('26,30,15,15'),
  REMOVAL_MAX_DAYS: positiveInt(90),
  ASYLUM_CLAIM_WINDOW_DAYS: positiveInt(5),
  MEDICAL_REPORT_REPLY_DAYS: positiveInt(2),
  // CESEDA L614-1 and following: an order to leave without a departure period is appealed within 48 hours; with one, within 30 days.
  REMOVAL_ORDER_APPEAL_HOURS: positiveInt(48),
  REMOVAL_ORDER_WITH_DEPARTURE_APPEAL_DAYS: positiveInt(30),
  AUTHORITY_EXPIRY_WARNING_HOURS: positiveInt(24),
  ALERT_SCAN_SECONDS: positiveInt(60),
  ALERT_ESCALATION_MINUTES: z.coerce.number().int().min(1, 'must be 1 to 240 (minutes)').max(240, 'must be 1 to 240 (minutes)').default(15),
  SMTP_URL: z.string().regex(/^smtps?:\/\/.+/, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).default('Escale <no-reply@escale.invalid>'),
  /** Where the notice templates are, one folder per language; the project's own when unset. */
  NOTICE_TEMPLATES_DIR: z.string().optional(),
  PUBLIC_URL: z.string().regex(/^https?:\/\/[^\s]+$/, 'must be an http(s):// URL').default('http://localhost:3000'),
  WORKER_STALLED_SECONDS: positiveInt(30),
  // Personal data is kept this many months after a person's last case closes, per category.
  RETENTION_MONTHS: z
    .string()
    .superRefine((value, context) => {
      const parsed = parseRetentionMonths(value);
      if ('problem' in parsed) context.addIssue({ code: 'custom', message: parsed.problem });
    })
    .default('documents=12,notices=12,health=24,identity=60'),
  RETENTION_BATCH_SIZE: z.coerce.number().int().min(1, 'must be 1 to 5000').max(5000, 'must be 1 to 5000').default(200),
  // The CNIL's guidance keeps access logs 6 to 12 months; 120 is a ceiling, not advice.
  AUDIT_RETENTION_MONTHS: z.coerce.number().int().min(6, 'must be 6 to 120 (months)').max(120, 'must be 6 to 120 (months)').default(12),
  // Signs the audit chain's anchors (HMAC-SHA256); the previous keys, comma-separated, still verify the anchors signed before a rotation.
  AUDIT_ANCHOR_KEY: z.string().min(32, 'must be at least 32 characters').regex(/^[^,\s]+$/, 'must not contain commas or spaces').optional(),
  AUDIT_ANCHOR_PREVIOUS_KEYS: z.string().regex(/^[^,\s]{32,}(,[^,\s]{32,})*$/, 'must be a comma-separated list of keys of at least 32 characters').optional(),
});

type RawConfig = z.infer<typeof schema>;

/** The one typed configuration object; nothing else reads the environment. */
export class AppConfig {
  readonly env: RawConfig['NODE_ENV'];
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly port: number;
  readonly sessionSecret: string;
  readonly sessionIdleMs: number;
  readonly sessionAbsoluteMs: number;
  readonly tokenTtlMs: number;
  readonly cookieSecure: boolean;
  readonly firstAdmin?: { email: string; password: string };
  readonly logLevel: RawConfig['LOG_LEVEL'];
  readonly outboxPollMs: number;
  readonly loginMaxFailures: number;
  readonly loginLockoutMs: number;
  /** Failed sign-ins from one address, whatever the accounts, before that address is refused for a while. */
  readonly loginAddressMaxFailures: number;
  /** Express's `trust proxy`: false (the peer address is the client's) or the proxies whose X-Forwarded-For is believed. */
  readonly trustProxy: false | string[];
  /** Roles that must sign in to the pages with a one-time code (TOTP) as well as their password. */
  readonly mfaRequiredRoles: readonly Role[];
  /** CESEDA L742-3 and L742-4: a judge extends by 26, then 30, then exceptionally 15 and 15 days. */
  readonly extensionSequenceDays: readonly number[];
  readonly removalMaxDays: number;
  /** CESEDA L754-1: asylum must be requested within 5 days of the notification of rights. */
  readonly asylumClaimWindowDays: number;
  readonly medicalReportReplyDays: number;
  /** The time to appeal an order to leave France without a voluntary departure period (48 hours by default). */
  readonly removalOrderAppealMs: number;
  /** The time to appeal an order to leave France with a voluntary departure period (30 days by default). */
  readonly removalOrderWithDepartureAppealMs: number;
  readonly authorityExpiryWarningMs: number;
  readonly alertScanMs: number;
  /** An urgent alert nobody acknowledged goes to the centre's duty contacts after this long, and again each period. */
  readonly alertEscalationMinutes: number;
  /** Staff notices are also emailed when set. */
  readonly smtpUrl?: string;
  readonly mailFrom: string;
  /** Where links in notices and emails point. */
  readonly publicUrl: string;
  readonly noticeTemplatesDir: string | undefined;
  /** How soon a job held by a worker that died is given to another. */
  readonly workerStalledMs: number;
  /** Months each category of a person's data is kept after their last case closes. */
  readonly retentionMonths: RetentionMonths;
  /** People the retention job handles per transaction. */
  readonly retentionBatchSize: number;
  /** Audit events older than this many months are removed, oldest first, by the maintenance job. */
  readonly auditRetentionMonths: number;
  /** The key that signs the audit chain's anchors; without it (development only) the chain is not anchored. */
  readonly auditAnchorKey?: string;
  /** Keys that signed anchors before the last rotation: they verify, never sign. */
  readonly auditAnchorPreviousKeys: readonly string[];

  constructor(raw: RawConfig) {
    this.env = raw.NODE_ENV;
    this.databaseUrl = raw.DATABASE_URL;
    this.redisUrl = raw.REDIS_URL;
    this.queuePrefix = raw.QUEUE_PREFIX;
    this.port = raw.PORT;
    this.sessionSecret = raw.SESSION_SECRET ?? 'escale-development-session-secret-change-me';
    this.sessionIdleMs = raw.SESSION_IDLE_MINUTES * 60_000;
    this.sessionAbsoluteMs = raw.SESSION_ABSOLUTE_HOURS * 3_600_000;
    this.tokenTtlMs = raw.TOKEN_TTL_MINUTES * 60_000;
    this.cookieSecure = raw.COOKIE_SECURE ?? raw.NODE_ENV === 'production';
    if (raw.ESCALE_ADMIN_EMAIL && raw.ESCALE_ADMIN_PASSWORD) {
      this.firstAdmin = { email: raw.ESCALE_ADMIN_EMAIL.toLowerCase(), password: raw.ESCALE_ADMIN_PASSWORD };
    }
    this.logLevel = raw.LOG_LEVEL;
    this.outboxPollMs = raw.OUTBOX_POLL_MS;
    this.loginMaxFailures = raw.LOGIN_MAX_FAILURES;
    this.loginLockoutMs = raw.LOGIN_LOCKOUT_MINUTES * 60_000;
    this.loginAddressMaxFailures = raw.LOGIN_ADDRESS_MAX_FAILURES;
    this.trustProxy = raw.TRUST_PROXY === 'none' ? false : raw.TRUST_PROXY.split(',').map((entry) => entry.trim());
    this.mfaRequiredRoles = raw.MFA_REQUIRED_ROLES === 'none' ? [] : (raw.MFA_REQUIRED_ROLES.split(',') as Role[]);
    this.extensionSequenceDays = raw.EXTENSION_SEQUENCE_DAYS.split(',').map(Number);
    this.removalMaxDays = raw.REMOVAL_MAX_DAYS;
    this.asylumClaimWindowDays = raw.ASYLUM_CLAIM_WINDOW_DAYS;
    this.medicalReportReplyDays = raw.MEDICAL_REPORT_REPLY_DAYS;
    this.removalOrderAppealMs = raw.REMOVAL_ORDER_APPEAL_HOURS * 3_600_000;
    this.removalOrderWithDepartureAppealMs = raw.REMOVAL_ORDER_WITH_DEPARTURE_APPEAL_DAYS * 86_400_000;
    this.authorityExpiryWarningMs = raw.AUTHORITY_EXPIRY_WARNING_HOURS * 3_600_000;
    this.alertScanMs = raw.ALERT_SCAN_SECONDS * 1000;
    this.alertEscalationMinutes = raw.ALERT_ESCALATION_MINUTES;
    this.smtpUrl = raw.SMTP_URL;
    this.mailFrom = raw.MAIL_FROM;
    this.publicUrl = raw.PUBLIC_URL.replace(/\/$/, '');
    this.noticeTemplatesDir = raw.NOTICE_TEMPLATES_DIR || undefined;
    this.workerStalledMs = raw.WORKER_STALLED_SECONDS * 1000;
    const retention = parseRetentionMonths(raw.RETENTION_MONTHS);
    if ('problem' in retention) throw new ConfigError(`Invalid configuration: RETENTION_MONTHS ${retention.problem}`);
    this.retentionMonths = retention.months;
    this.retentionBatchSize = raw.RETENTION_BATCH_SIZE;
    this.auditRetentionMonths = raw.AUDIT_RETENTION_MONTHS;
    this.auditAnchorKey = raw.AUDIT_ANCHOR_KEY;
    this.auditAnchorPreviousKeys = raw.AUDIT_ANCHOR_PREVIOUS_KEYS?.split(',') ?? [];
  }
}

export class ConfigError extends Error {}

/** Parses the environment; the first problem is reported in one line naming the variable. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(`Invalid configuration: ${String(issue.path[0])} ${issue.message}`);
  }
  const raw = result.data;
  if (raw.NODE_ENV === 'production' && !raw.SESSION_SECRET) {
    throw new ConfigError('Invalid configuration: SESSION_SECRET is required in production');
  }
  if (raw.NODE_ENV === 'production' && !raw.AUDIT_ANCHOR_KEY) {
    throw new ConfigError('Invalid configuration: AUDIT_ANCHOR_KEY is required in production');
  }
  if (Boolean(raw.ESCALE_ADMIN_EMAIL) !== Boolean(raw.ESCALE_ADMIN_PASSWORD)) {
    const missing = raw.ESCALE_ADMIN_EMAIL ? 'ESCALE_ADMIN_PASSWORD' : 'ESCALE_ADMIN_EMAIL';
    throw new ConfigError(`Invalid configuration: ${missing} is required when the other is set`);
  }
  return new AppConfig(raw);
}

/** Reads process.env; on a bad value prints one line and stops the process. */
export function loadConfigOrExit(): AppConfig {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
