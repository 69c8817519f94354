import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Stay } from '@escale/stays';

export const MEDICAL_REPORT_KINDS = ['harm_from_detention', 'possible_torture', 'other_concern'] as const;
export type MedicalReportKind = (typeof MEDICAL_REPORT_KINDS)[number];

/**
 * A doctor's report that detention harms a person or that they may have been tortured (UK rule
 * 35 style): sent to the decision-maker, who must reply by a date. Escale keeps the dates, not
 * the medical content.
 */
@Entity('medical_reports')
@Index('medical_reports_stay_idx', ['stayId'])
@Index('medical_reports_unanswered_idx', ['replyDueAt'], { where: 'replied_at IS NULL' })
export class MedicalReport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  stayId: string;

  @ManyToOne(() => Stay, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'stay_id', foreignKeyConstraintName: 'medical_reports_stay_fk' })
  stay?: Relation<Stay>;

  @Column({ type: 'varchar', length: 32 })
  kind: MedicalReportKind;

  @Column({ type: 'varchar', length: 200 })
  sentTo: string;

  @Column({ type: 'timestamptz' })
  sentAt: Date;

  @Column({ type: 'timestamptz' })
  replyDueAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  repliedAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  replySummary: string | null;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
