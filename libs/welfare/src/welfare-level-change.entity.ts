import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Stay } from '@escale/stays';
import type { Level, VulnerabilityType } from './welfare-rules.js';

@Entity('welfare_level_changes')
@Index('welfare_level_changes_stay_idx', ['stayId', 'at'])
@Check('welfare_level_changes_reason_check', `reason IS NOT NULL OR vulnerability_type IS NOT NULL`)
export class WelfareLevelChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  stayId: string;

  @ManyToOne(() => Stay, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'stay_id', foreignKeyConstraintName: 'welfare_level_changes_stay_fk' })
  stay?: Relation<Stay>;

  @Column({ type: 'varchar', length: 16 })
  fromLevel: Level;

  @Column({ type: 'varchar', length: 16 })
  toLevel: Level;

  /** Why, as the staff member typed it. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  /** The vulnerability recorded that raised the level, when that is why: pages word it in the reader's language. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  vulnerabilityType: VulnerabilityType | null;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'uuid', nullable: true })
  byUserId: string | null;
}
