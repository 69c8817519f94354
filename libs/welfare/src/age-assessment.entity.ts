import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Person } from '@escale/people';

export const ASSESSMENT_STATUSES = ['requested', 'in_progress', 'completed'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];
export const ASSESSMENT_OUTCOMES = ['adult', 'minor', 'inconclusive'] as const;
export type AssessmentOutcome = (typeof ASSESSMENT_OUTCOMES)[number];

/** An age dispute: its assessment's status and outcome. Inconclusive is not adult. */
@Entity('age_assessments')
@Index('age_assessments_person_idx', ['personId', 'updatedAt'])
@Check('age_assessments_status_check', `status IN ('requested', 'in_progress', 'completed')`)
@Check('age_assessments_outcome_check', `(status = 'completed') = (outcome IS NOT NULL) AND (outcome IS NULL OR outcome IN ('adult', 'minor', 'inconclusive'))`)
export class AgeAssessment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'age_assessments_person_fk' })
  person?: Relation<Person>;

  @Column({ type: 'varchar', length: 16 })
  status: AssessmentStatus;

  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome: AssessmentOutcome | null;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
