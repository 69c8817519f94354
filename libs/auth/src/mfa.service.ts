import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { AuditService, auditEntry } from '@escale/audit';
import { type Actor, AppConfig, Clock, DomainError, Forbidden, NotFound, type Role } from '@escale/platform';
import { DataSource } from 'typeorm';
import { User } from './user.entity.js';

const PERIOD_SECONDS = 30;
const RECOVERY_CODES = 10;

export interface MfaEnrolment {
  /** Base32, for typing into an authenticator app. */
  secret: string;
  uri: string;
  /** The URI as an SVG QR code, for scanning. */
  qrSvg: string;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const normalise = (code: string) => code.replace(/[\s-]/g, '').toLowerCase();

/**
 * Time-based one-time codes (RFC 6238, 6 digits, 30 s) as a second factor. Secrets are stored
 * encrypted with a key derived from the session secret; a code is accepted once at most (its time
 * step is remembered); ten single-use recovery codes stand in for a lost device.
 */
@Injectable()
export class MfaService {
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', config.sessionSecret, 'escale', 'totp-secret-encryption', 32));
  }

  isRequiredFor(role: Role): boolean {
    return this.config.mfaRequiredRoles.includes(role);
  }

  /** A new secret to show the user; nothing is stored until they confirm a code from it. */
  async newEnrolment(user: Pick<User, 'email'>): Promise<MfaEnrolment> {
    const secret = new Secret({ size: 20 }).base32;
    const uri = this.totp(secret, user.email).toString();
    return { secret, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) };
  }

  /** Turns the second factor on with a secret the user proved they hold; returns the recovery codes, shown once. */
  async confirmEnrolment(userId: string, secret: string, code: string, from: { origin?: string; requestId?: string } = {}): Promise<string[]> {
    if (!/^[A-Z2-7]{32}$/.test(secret)) throw new DomainError('VALIDATION_FAILED', 'The request is not valid.', { fields: { secret: ['is not a secret this server made'] } });
    const step = this.matchingStep(secret, code);
    if (step === null) throw new DomainError('VALIDATION_FAILED', 'The request is not valid.', { fields: { code: ['does not match; check the time on your device'] } });
    const codes = Array.from({ length: RECOVERY_CODES }, () => randomBytes(5).toString('hex').replace(/(.{5})/, '$1-'));
    await this.dataSource.transaction(async (manager) => {
      const updated = await manager
        .createQueryBuilder()
        .update(User)
        .set({ totpSecret: this.encrypt(secret), totpEnabledAt: this.clock.now(), totpLastStep: String(step), recoveryCodeHashes: codes.map((c) => sha256(normalise(c))) })
        .where('id = :id AND totp_enabled_at IS NULL AND disabled_at IS NULL', { id: userId })
        .execute();
      if (!updated.affected) throw new DomainError('VERSION_CONFLICT', 'Two-factor sign-in is already on for this account.');
      await this.audit.record(manager, { actorId: userId, action: 'auth.mfa_enabled', entityType: 'user', entityId: userId, origin: from.origin, requestId: from.requestId });
    });
    return codes;
  }

  /**
   * Checks a code (or a recovery code) for a user whose second factor is on, and uses it up.
   * Answers false for a wrong, replayed or used code.
   */
  async verify(userId: string, code: string): Promise<boolean> {
    const clean = normalise(code);
    if (clean.length > 20) return false;
    return this.dataSource.transaction(async (manager) => {
      const row = await manager
        .createQueryBuilder(User, 'u')
        .select(['u.id', 'u.totpSecret', 'u.totpLastStep', 'u.recoveryCodeHashes', 'u.totpEnabledAt'])
        .where('u.id = :id AND u.totp_enabled_at IS NOT NULL', { id: userId })
        .setLock('pessimistic_write')
        .getOne();
      if (!row?.totpSecret) return false;
      if (/^\d{6}$/.test(clean)) {
        const step = this.matchingStep(this.decrypt(row.totpSecret), clean);
        if (step === null || step <= Number(row.totpLastStep ?? -1)) return false;
        await manager.update(User, { id: userId }, { totpLastStep: String(step) });
        return true;
      }
      const hash = sha256(clean);
      if (!row.recoveryCodeHashes.includes(hash)) return false;
      await manager.update(User, { id: userId }, { recoveryCodeHashes: row.recoveryCodeHashes.filter((h) => h !== hash) });
      await this.audit.record(manager, { actorId: userId, action: 'auth.recovery_code_used', entityType: 'user', entityId: userId });
      return true;
    });
  }

  async isEnabled(userId: string): Promise<boolean> {
    const [row] = await this.dataSource.query<{ on: boolean }[]>(`SELECT totp_enabled_at IS NOT NULL AS on FROM users WHERE id = $1`, [userId]);
    return row?.on ?? false;
  }

  /**
   * An admin turns a user's second factor off (a lost device); the user enrols again at next sign-in.
   * Only with a token or session signed in with the admin's own one-time code: a password alone
   * must never be enough to take someone's second factor away.
   */
  async reset(actor: Actor, userId: string): Promise<void> {
    if (actor.role !== 'admin') throw new Forbidden();
    if (!actor.secondFactor) {
      if (!(await this.isEnabled(actor.userId))) throw new Forbidden('Set up two-factor sign-in for your own account, then sign in with your one-time code, to reset it for anyone.');
      throw new Forbidden('Sign in again with your one-time code to reset two-factor sign-in.');
    }
    await this.dataSource.transaction(async (manager) => {
      const updated = await manager.update(User, { id: userId }, { totpSecret: null, totpEnabledAt: null, totpLastStep: null, recoveryCodeHashes: [] });
      if (!updated.affected) throw new NotFound('user');
      await this.audit.record(manager, auditEntry(actor, 'auth.mfa_reset', 'user', userId));
    });
  }

  /** The code of a secret at a time; for tests and for nothing else. */
  codeAt(secret: string, at: Date): string {
    return this.totp(secret, 'x').generate({ timestamp: at.getTime() });
  }

  private matchingStep(secret: string, code: string): number | null {
    const clean = normalise(code);
    if (!/^\d{6}$/.test(clean)) return null;
    const now = this.clock.now().getTime();
    const delta = this.totp(secret, 'x').validate({ token: clean, timestamp: now, window: 1 });
    return delta === null ? null : Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
  }

  private totp(secret: string, label: string): TOTP {
    return new TOTP({ issuer: 'Escale', label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
  }

  private encrypt(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join('.');
  }

  private decrypt(stored: string): string {
    const [, iv, tag, data] = stored.split('.');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  }
}
