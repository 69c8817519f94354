import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Admin UI sessions, in the layout the PostgreSQL session store expects. */
@Entity('sessions')
@Index('sessions_expire_idx', ['expire'])
export class SessionRecord {
  @PrimaryColumn({ type: 'varchar' })
  sid: string;

  @Column({ type: 'json' })
  sess: Record<string, unknown>;

  @Column({ type: 'timestamp', precision: 6 })
  expire: Date;
}
