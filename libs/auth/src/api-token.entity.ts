import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from './user.entity.js';

/** A Bearer token for the JSON API; only its SHA-256 is stored. */
@Entity('api_tokens')
@Index('api_tokens_hash_key', ['tokenHash'], { unique: true })
@Index('api_tokens_user_idx', ['userId'])
export class ApiToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'api_tokens_user_fk' })
  user?: Relation<User>;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** Issued after a one-time code as well as the password. */
  @Column({ type: 'boolean', default: false })
  secondFactor: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
