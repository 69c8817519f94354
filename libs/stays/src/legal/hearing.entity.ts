import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ExtensionRefusal } from '../extension-refusal.entity.js';
import { StayExtension } from '../stay-extension.entity.js';
import { Stay } from '../stay.entity.js';

export const HEARING_PURPOSES = ['extension', 'release_request', 'other'] as const;
export type HearingPurpose = (typeof HEARING_PURPOSES)[number];

export const HEARING_OUTCOMES = ['extension_granted', 'refused', 'adjourned'] as const;
export type HearingOutcome = (typeof HEARING_OUTCOMES)[number];

/**
 * A judge's hearing (JLD) of a placement in a removal centre: when and where it is held, and
 * once held its outcome. An extension granted is the stay's extension; a refusal releases the
 * person; an adjournment schedules the next hearing, which names this one.
 */
@Entity('hearings')
@Index('hearings_stay_idx', ['stayId', 'scheduledAt'])
@Index('hearings_pending_idx', ['scheduledAt'], { where: 'outcome IS NULL' })
@Index('hearings_extension_key', ['extensionId'], { unique: true, where: 'extension_id IS NOT NULL' })
@Index('hearings_refusal_key', ['extensionRefusalId'], { unique: true, where: 'extension_refusal_id IS NOT NULL' })
@Index('hearings_adjourned_from_key', ['adjournedFromId'], { unique: true, where: 'adjourned_from_id IS NOT NULL' })
@Check('hearings_purpose_check', `purpose IN ('extension', 'release_request', 'other')`)
@Check('hearings_outcome_check', `outcome IS NULL OR outcome IN ('extension_granted', 'refused', 'adjourned')`)
@Check('hearings_decided_check', `(outcome IS NULL) = (decided_at IS NULL)`)
@Check('hearings_extension_check', `(extension_id IS NOT NULL) = (outcome IS NOT DISTINCT FROM 'extension_granted')`)
@Check('hearings_refusal_check', `(extension_refusal_id IS NOT NULL) = (outcome IS NOT DISTINCT FROM 'refused')`)
export class Hearing {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  stayId: string;

  @ManyToOne(() => Stay, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'stay_id', foreignKeyConstraintName: 'hearings_stay_fk' })
  stay?: Relation<Stay>;

  @Column({ type: 'timestamptz' })
  scheduledAt: Date;

  /** The court (the judge of liberties and detention of a tribunal). */
  @Column({ type: 'varchar', length: 200 })
  court: string;

  @Column({ type: 'varchar', length: 20 })
  purpose: HearingPurpose;

  @Column({ type: 'varchar', length: 20, nullable: true })
  outcome: HearingOutcome | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** The extension the judge granted at this hearing. */
  @Column({ type: 'uuid', nullable: true })
  extensionId: string | null;

  @ManyToOne(() => StayExtension, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'extension_id', foreignKeyConstraintName: 'hearings_extension_fk' })
  extension?: Relation<StayExtension>;

  /** The refusal (and release) the judge decided at this hearing. */
  @Column({ type: 'uuid', nullable: true })
  extensionRefusalId: string | null;

  @ManyToOne(() => ExtensionRefusal, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'extension_refusal_id', foreignKeyConstraintName: 'hearings_refusal_fk' })
  extensionRefusal?: Relation<ExtensionRefusal>;

  /** The hearing adjourned to this one. */
  @Column({ type: 'uuid', nullable: true })
  adjournedFromId: string | null;

  @ManyToOne(() => Hearing, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'adjourned_from_id', foreignKeyConstraintName: 'hearings_adjourned_from_fk' })
  adjournedFrom?: Relation<Hearing>;

  @Column({ type: 'uuid', nullable: true })
  scheduledBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  outcomeRecordedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  outcomeRecordedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
