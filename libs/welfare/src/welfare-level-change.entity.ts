import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Stay } from '@escale/stays';
import type { Level } from './welfare-rules.js';

@Entity('welfare_level_changes')
@Index('welfare_level_changes_stay_idx', ['stayId', 'at'])
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

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'uuid', nullable: true })
  byUserId: string | null;
}
