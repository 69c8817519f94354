import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Stay } from '@escale/stays';

export const CHECK_OUTCOMES = ['seen_well', 'concern_raised', 'refused', 'not_present'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

@Entity('welfare_checks')
@Index('welfare_checks_stay_idx', ['stayId', 'performedAt'])
@Check('welfare_checks_outcome_check', `outcome IN ('seen_well', 'concern_raised', 'refused', 'not_present')`)
export class WelfareCheck {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  stayId: string;

  @ManyToOne(() => Stay, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'stay_id', foreignKeyConstraintName: 'welfare_checks_stay_fk' })
  stay?: Relation<Stay>;

  @Column({ type: 'varchar', length: 20 })
  outcome: CheckOutcome;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  notes: string | null;

  @Column({ type: 'timestamptz' })
  performedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
