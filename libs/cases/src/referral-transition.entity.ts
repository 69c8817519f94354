import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Referral } from './referral.entity.js';
import type { DecisionKind, ReferralStatus } from './referral-machine.js';

/** Each move of a referral: from, to, when it happened, who recorded it, why. */
@Entity('referral_transitions')
@Index('referral_transitions_referral_idx', ['referralId', 'recordedAt'])
// The reports count outcomes by when they happened.
@Index('referral_transitions_outcome_idx', ['toStatus', 'at'])
@Check(
  'referral_transitions_decision_check',
  `decision IS NULL OR (to_status IN ('decided_granted', 'appeal_granted') AND decision IN ('refugee_status', 'subsidiary_protection')) OR (to_status IN ('decided_refused', 'appeal_refused') AND decision IN ('refusal', 'inadmissible'))`,
)
// Only the worker records an implicit step (the other state's silence, a lapsed deadline).
@Check('referral_transitions_implicit_check', `NOT implicit OR by_user_id IS NULL`)
export class ReferralTransition {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  referralId: string;

  @ManyToOne(() => Referral, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'referral_transitions_referral_fk' })
  referral?: Relation<Referral>;

  @Column({ type: 'varchar', length: 32, nullable: true })
  fromStatus: ReferralStatus | null;

  @Column({ type: 'varchar', length: 32 })
  toStatus: ReferralStatus;

  /** When the step happened (may be earlier than it was recorded, never later than now). */
  @Column({ type: 'timestamptz' })
  at: Date;

  /** When it was written (the database's time), which also orders steps that share an `at`. */
  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  byUserId: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note: string | null;

  /** What a decision was: refugee status or subsidiary protection when granted, refusal or inadmissibility when refused. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  decision: DecisionKind | null;

  /** The step followed from a deadline passing rather than from a recorded act (an implicit acceptance, a lapsed transfer). */
  @Column({ type: 'boolean', default: false })
  implicit: boolean;
}
