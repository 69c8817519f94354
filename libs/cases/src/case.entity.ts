import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const CASE_STATUSES = ['open', 'asylum_in_progress', 'protection_granted', 'removal_pending', 'dublin_transfer_pending', 'released', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** One per stay episode: opened at check-in, carried across transfers. */
@Entity('cases')
@Index('cases_person_idx', ['personId'])
@Index('cases_centre_status_idx', ['centreId', 'status'])
@Check('cases_status_check', `status IN ('open', 'asylum_in_progress', 'protection_granted', 'removal_pending', 'dublin_transfer_pending', 'released', 'closed')`)
export class Case {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  personId: string;

  /** The centre holding the person now: it scopes who may act on the case. */
  @Column({ type: 'uuid' })
  centreId: string;

  @Column({ type: 'varchar', length: 32 })
  status: CaseStatus;

  @Column({ type: 'uuid', nullable: true })
  caseworkerId: string | null;

  @Column({ type: 'timestamptz' })
  openedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Optimistic concurrency: every write names the version it read and moves it on by one. */
  @Column({ type: 'int', default: 1 })
  version: number;
}
