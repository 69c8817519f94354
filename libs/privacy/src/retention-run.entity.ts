import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { RetentionCategory, RetentionMonths } from '@escale/platform';

export const RETENTION_RUN_STATUSES = ['running', 'completed', 'failed'] as const;
export type RetentionRunStatus = (typeof RETENTION_RUN_STATUSES)[number];

/** What one category's erasure touched in a run: how many people, and how many records. */
export interface CategoryCount {
  people: number;
  records: number;
}
export type RetentionCounts = Record<RetentionCategory, CategoryCount>;

/**
 * The evidence of one run of the retention job: when, under which periods, and how many people
 * and records each category erased. It is kept for good, so it holds counts only and never a
 * person's id: which people were handled is in the audit trail, one event per person and
 * category, tied to the run by its request id.
 */
@Entity('retention_runs')
@Index('retention_runs_started_idx', ['startedAt'])
@Check('retention_runs_status_check', `status IN ('running', 'completed', 'failed')`)
export class RetentionRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'varchar', length: 16 })
  status: RetentionRunStatus;

  /** The months in force for each category when the run started. */
  @Column({ type: 'jsonb' })
  periods: RetentionMonths;

  /** By category, written in the transaction of each batch, so it always matches what was committed. */
  @Column({ type: 'jsonb' })
  counts: RetentionCounts;

  /** Records by kind (`notices.html`, `people.identity`...), the detail behind `counts`. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, number>;

  /** Distinct people the run erased anything of. */
  @Column({ type: 'int', default: 0 })
  people: number;
}
