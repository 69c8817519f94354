import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Case } from './case.entity.js';
import type { CaseStatus } from './case.entity.js';

/** Every change of a case's status: who, when, from, to, why. */
@Entity('case_status_changes')
@Index('case_status_changes_case_idx', ['caseId', 'at'])
export class CaseStatusChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'case_status_changes_case_fk' })
  case?: Relation<Case>;

  @Column({ type: 'varchar', length: 32, nullable: true })
  fromStatus: CaseStatus | null;

  @Column({ type: 'varchar', length: 32 })
  toStatus: CaseStatus;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'uuid', nullable: true })
  byUserId: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** When it was written, to order changes that share an `at`. */
  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
