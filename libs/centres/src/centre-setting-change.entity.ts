import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Centre } from './centre.entity.js';

/** One setting's value before and after a change. */
export type SettingChanges = Record<string, { before: number; after: number }>;

/** The values a change of a centre's settings changed, before and after, beside its audit event (which names who and when). */
@Entity('centre_setting_changes')
@Index('centre_setting_changes_centre_idx', ['centreId', 'at'])
export class CentreSettingChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  centreId: string;

  @ManyToOne(() => Centre, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'centre_id', foreignKeyConstraintName: 'centre_setting_changes_centre_fk' })
  centre?: Relation<Centre>;

  /** The `centre.settings_changed` audit event. */
  @Column({ type: 'uuid', nullable: true })
  auditEventId: string | null;

  @Column({ type: 'jsonb' })
  changes: SettingChanges;

  @Column({ type: 'uuid', nullable: true })
  changedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}
