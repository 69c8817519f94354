import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Role } from '@escale/platform';

@Entity('users')
@Index('users_email_key', ['email'], { unique: true })
@Check('users_role_check', `role IN ('admin', 'staff', 'caseworker', 'funder', 'auditor')`)
@Check('users_email_lower_check', `email = lower(email)`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ type: 'text' })
  passwordHash: string;

  /** The centres the user works in; issue-level scoping reads it on every request. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  centreIds: string[];

  @Column({ type: 'varchar', length: 2, nullable: true })
  locale: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /** The last completed sign-in, on the pages or for an API token. */
  @Column({ type: 'timestamptz', nullable: true })
  lastSignInAt: Date | null;

  /** The TOTP secret, encrypted (AES-256-GCM); set once the user has confirmed a first code. */
  @Column({ type: 'text', nullable: true, select: false })
  totpSecret: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  totpEnabledAt: Date | null;

  /** The last time step a code was accepted for: a code is never accepted twice. */
  @Column({ type: 'bigint', nullable: true, select: false })
  totpLastStep: string | null;

  /** SHA-256 of the unused recovery codes. */
  @Column({ type: 'text', array: true, default: () => "'{}'", select: false })
  recoveryCodeHashes: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
