import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Case } from './case.entity.js';
import type { DeadlineKind } from './referral-machine.js';

export const TASK_SOURCES = ['welfare_concern', 'vulnerability', 'deadline', 'manual', 'interpreter', 'age_assessment'] as const;
export type TaskSource = (typeof TASK_SOURCES)[number];

/** What a task asks, as a code: pages word it in the reader's language from the kind and its params. */
export const TASK_KINDS = ['manual', 'interpreter_notice', 'deadline', 'age_assessment', 'welfare_concern', 'vulnerability_review'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** The codes a task's words are made from: never a sentence, never a person's details. */
export interface TaskParams {
  noticeId?: string;
  noticeType?: string;
  language?: string;
  deadlineKind?: string;
  vulnerabilityType?: string;
}

/** A task the system raises, with the params its kind is worded from. */
export type RaisedTask =
  | { kind: 'interpreter_notice'; params: { noticeId: string; noticeType: string; language: string } }
  | { kind: 'deadline'; params: { deadlineKind: DeadlineKind } }
  | { kind: 'vulnerability_review'; params: { vulnerabilityType: string } }
  | { kind: 'age_assessment' | 'welfare_concern'; params?: undefined };

/** Something a caseworker must do on a case, by a date. */
@Entity('tasks')
@Index('tasks_case_idx', ['caseId', 'dueAt'])
@Index('tasks_assignee_open_idx', ['assignedTo', 'dueAt'], { where: 'done_at IS NULL' })
@Check('tasks_source_check', `source IN ('welfare_concern', 'vulnerability', 'deadline', 'manual', 'interpreter', 'age_assessment')`)
@Check('tasks_kind_check', `kind IN ('manual', 'interpreter_notice', 'deadline', 'age_assessment', 'welfare_concern', 'vulnerability_review')`)
@Check('tasks_title_check', `(kind = 'manual') = (title IS NOT NULL)`)
export class Task {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'tasks_case_fk' })
  case?: Relation<Case>;

  @Column({ type: 'varchar', length: 32 })
  source: TaskSource;

  @Column({ type: 'varchar', length: 40 })
  kind: TaskKind;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  params: TaskParams;

  /** What to do, as a caseworker typed it (manual tasks only); never a person's medical details. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  title: string | null;

  @Column({ type: 'timestamptz' })
  dueAt: Date;

  /** The case's caseworker when the task was raised; none yet means the centre's caseworkers. */
  @Column({ type: 'uuid', nullable: true })
  assignedTo: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  doneAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
