import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Case } from './case.entity.js';

export const TASK_SOURCES = ['welfare_concern', 'vulnerability', 'deadline', 'manual', 'interpreter', 'age_assessment'] as const;
export type TaskSource = (typeof TASK_SOURCES)[number];

/** Something a caseworker must do on a case, by a date. */
@Entity('tasks')
@Index('tasks_case_idx', ['caseId', 'dueAt'])
@Index('tasks_assignee_open_idx', ['assignedTo', 'dueAt'], { where: 'done_at IS NULL' })
@Check('tasks_source_check', `source IN ('welfare_concern', 'vulnerability', 'deadline', 'manual', 'interpreter', 'age_assessment')`)
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

  /** What to do, in the words of whoever raised it; never a person's medical details. */
  @Column({ type: 'varchar', length: 300 })
  title: string;

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
