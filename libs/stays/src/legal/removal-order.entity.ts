import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Stay } from '../stay.entity.js';

export const REMOVAL_ORDER_KINDS = ['without_departure_period', 'with_departure_period'] as const;
export type RemovalOrderKind = (typeof REMOVAL_ORDER_KINDS)[number];

export const APPEAL_OUTCOMES = ['annulled', 'upheld'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

/**
 * An order to leave France (OQTF) notified to the person during a stay, the deadline to appeal
 * it (fixed when it is recorded, from the configuration then in force), the appeal lodged and
 * the court's decision.
 */
@Entity('removal_orders')
@Index('removal_orders_stay_idx', ['stayId', 'notifiedAt'])
@Index('removal_orders_unappealed_idx', ['appealDeadlineAt'], { where: 'appeal_lodged_at IS NULL' })
@Check('removal_orders_kind_check', `kind IN ('without_departure_period', 'with_departure_period')`)
@Check('removal_orders_deadline_check', `appeal_deadline_at > notified_at`)
@Check('removal_orders_appeal_check', `(appeal_lodged_at IS NULL) = (appeal_court IS NULL) AND (appeal_lodged_at IS NULL OR appeal_lodged_at >= notified_at)`)
@Check('removal_orders_decision_check', `(decided_at IS NULL) = (decision IS NULL) AND (decision IS NULL OR decision IN ('annulled', 'upheld'))`)
@Check('removal_orders_decided_after_appeal_check', `decided_at IS NULL OR (appeal_lodged_at IS NOT NULL AND decided_at >= appeal_lodged_at)`)
export class RemovalOrder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  stayId: string;

  @ManyToOne(() => Stay, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'stay_id', foreignKeyConstraintName: 'removal_orders_stay_fk' })
  stay?: Relation<Stay>;

  @Column({ type: 'varchar', length: 30 })
  kind: RemovalOrderKind;

  /** The prefecture that issued it. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  issuedBy: string | null;

  @Column({ type: 'timestamptz' })
  notifiedAt: Date;

  @Column({ type: 'timestamptz' })
  appealDeadlineAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  appealLodgedAt: Date | null;

  /** The administrative court the appeal went to. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  appealCourt: string | null;

  @Column({ type: 'uuid', nullable: true })
  appealRecordedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  decision: AppealOutcome | null;

  @Column({ type: 'uuid', nullable: true })
  decisionRecordedBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
