import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Case } from './case.entity.js';
import type { DeadlineKind, ReferralStatus } from './referral-machine.js';

/** An asylum referral and where it stands in its procedure; one open referral per case. */
@Entity('referrals')
@Index('referrals_case_idx', ['caseId'])
@Index('referrals_one_open_per_case_key', ['caseId', 'kind'], { unique: true, where: `status NOT IN ('decided_granted', 'appeal_granted', 'appeal_refused', 'dublin_transfer', 'withdrawn')` })
@Index('referrals_deadline_idx', ['centreId', 'nextDeadlineAt'], { where: 'next_deadline_at IS NOT NULL' })
@Index('referrals_status_idx', ['centreId', 'status'])
@Check('referrals_kind_check', `kind IN ('asylum')`)
@Check(
  'referrals_status_check',
  `status IN ('draft', 'submitted', 'registered', 'lodged', 'interview_scheduled', 'decided_granted', 'decided_refused', 'appeal_lodged', 'appeal_granted', 'appeal_refused', 'dublin_transfer', 'withdrawn')`,
)
@Check('referrals_version_check', `version >= 1`)
export class Referral {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'referrals_case_fk' })
  case?: Relation<Case>;

  /** Denormalised from the case when it moves, so listing by centre and deadline reads one table. */
  @Column({ type: 'uuid' })
  centreId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: 'asylum';

  @Column({ type: 'varchar', length: 32 })
  status: ReferralStatus;

  /** The procedure went from lodging straight to a decision, or the person is held: shorter appeal clocks. */
  @Column({ type: 'boolean', default: false })
  accelerated: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  nextDeadlineAt: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  nextDeadlineKind: DeadlineKind | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
