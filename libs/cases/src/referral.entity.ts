import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Case } from './case.entity.js';
import type { DeadlineKind, DublinBasis, ReferralStatus, TransferAppealOutcome } from './referral-machine.js';

/** An asylum referral and where it stands in its procedure; one open referral per case. */
@Entity('referrals')
@Index('referrals_case_idx', ['caseId'])
@Index('referrals_one_open_per_case_key', ['caseId', 'kind'], { unique: true, where: `status NOT IN ('decided_granted', 'appeal_granted', 'appeal_refused', 'dublin_transferred', 'withdrawn')` })
@Index('referrals_deadline_idx', ['centreId', 'nextDeadlineAt'], { where: 'next_deadline_at IS NOT NULL' })
@Index('referrals_status_idx', ['centreId', 'status'])
@Check('referrals_kind_check', `kind IN ('asylum')`)
@Check(
  'referrals_status_check',
  `status IN ('draft', 'submitted', 'registered', 'lodged', 'interview_scheduled', 'decided_granted', 'decided_refused', 'appeal_lodged', 'appeal_granted', 'appeal_refused', 'dublin_requested', 'dublin_accepted', 'dublin_transferred', 'withdrawn')`,
)
@Check('referrals_dublin_basis_check', `dublin_basis IS NULL OR dublin_basis IN ('take_charge', 'eurodac_hit')`)
@Check('referrals_dublin_requested_basis_check', `status <> 'dublin_requested' OR dublin_basis IS NOT NULL`)
@Check('referrals_transfer_appeal_outcome_check', `transfer_appeal_outcome IS NULL OR transfer_appeal_outcome IN ('rejected', 'allowed')`)
@Check(
  'referrals_transfer_appeal_check',
  `(transfer_appeal_decided_at IS NULL) = (transfer_appeal_outcome IS NULL) AND (transfer_appeal_decided_at IS NULL OR (transfer_appeal_lodged_at IS NOT NULL AND transfer_appeal_decided_at >= transfer_appeal_lodged_at))`,
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

  /** On what the Dublin request rests (a Eurodac hit shortens the other state's reply deadline). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  dublinBasis: DublinBasis | null;

  /** The person absconded: the Dublin transfer deadline is 18 months rather than 6. */
  @Column({ type: 'timestamptz', nullable: true })
  abscondedAt: Date | null;

  /** An appeal against the transfer decision: while pending the transfer clock stops, then runs again from its decision. */
  @Column({ type: 'timestamptz', nullable: true })
  transferAppealLodgedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  transferAppealDecidedAt: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  transferAppealOutcome: TransferAppealOutcome | null;

  /** The appointment at the single desk (GUDA: prefecture and OFII). */
  @Column({ type: 'timestamptz', nullable: true })
  gudaAppointmentAt: Date | null;

  /** The interview at the asylum office (OFPRA). */
  @Column({ type: 'timestamptz', nullable: true })
  ofpraInterviewAt: Date | null;

  /** The hearing at the asylum court (CNDA). */
  @Column({ type: 'timestamptz', nullable: true })
  cndaHearingAt: Date | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
