import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Case } from './case.entity.js';
import type { CaseStatus } from './case.entity.js';

/** Notes the system writes on a status change, as codes: pages word them in the reader's language. */
export const CASE_NOTE_KINDS = ['check_out_undone'] as const;
export type CaseNoteKind = (typeof CASE_NOTE_KINDS)[number];

/** Every change of a case's status: who, when, from, to, why. */
@Entity('case_status_changes')
@Index('case_status_changes_case_idx', ['caseId', 'at'])
@Check('case_status_changes_note_kind_check', `note_kind IS NULL OR (note_kind IN ('check_out_undone') AND note IS NULL)`)
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

  /** As the caseworker typed it. */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  noteKind: CaseNoteKind | null;

  /** When it was written, to order changes that share an `at`. */
  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
