import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '@escale/auth';

/**
 * A user's personal calendar feed: one per user, reached with a secret token of which only the
 * SHA-256 is kept. Issuing a new one replaces the old (its address stops working); revoking
 * removes the row.
 */
@Entity('calendar_feeds')
@Index('calendar_feeds_token_hash_key', ['tokenHash'], { unique: true })
@Index('calendar_feeds_user_key', ['userId'], { unique: true })
export class CalendarFeed {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'calendar_feeds_user_fk' })
  user?: Relation<User>;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  issuedAt: Date;
}
