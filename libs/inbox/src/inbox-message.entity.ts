import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '@escale/auth';

/** A message for a user's in-app inbox; `dedupeKey` makes each delivery happen once. */
@Entity('inbox_messages')
@Index('inbox_messages_dedupe_key', ['dedupeKey'], { unique: true })
@Index('inbox_messages_user_idx', ['userId', 'createdAt'])
export class InboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'inbox_messages_user_fk' })
  user?: Relation<User>;

  /** A catalogue key prefix: the subject is `<kind>.subject`, the body `<kind>.body`. */
  @Column({ type: 'varchar', length: 64 })
  kind: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  params: Record<string, string>;

  @Column({ type: 'varchar', length: 128 })
  dedupeKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
