import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Centre } from '@escale/centres';
import { Person } from '@escale/people';
import { Interception } from './interception.entity.js';

export const WAITING_CLOSE_REASONS = ['checked_in', 'transferred_elsewhere', 'left', 'other'] as const;
export type WaitingCloseReason = (typeof WAITING_CLOSE_REASONS)[number];

/**
 * Someone who arrived at a centre with no suitable bed free: recorded, and on the centre's waiting
 * list until a check-in gives them a bed or a recorded reason closes the entry. Nobody leaves the
 * list silently, and a person is on at most one list at a time.
 */
@Entity('waiting_list')
@Index('waiting_list_open_person_key', ['personId'], { unique: true, where: 'closed_at IS NULL' })
@Index('waiting_list_centre_arrived_idx', ['centreId', 'arrivedAt'])
@Index('waiting_list_interception_idx', ['interceptionId'])
@Check('waiting_list_close_reason_check', `close_reason IN ('checked_in', 'transferred_elsewhere', 'left', 'other')`)
@Check('waiting_list_closed_check', `(closed_at IS NULL) = (close_reason IS NULL)`)
export class WaitingEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  centreId: string;

  @ManyToOne(() => Centre)
  @JoinColumn({ name: 'centre_id', foreignKeyConstraintName: 'waiting_list_centre_fk' })
  centre?: Relation<Centre>;

  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person)
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'waiting_list_person_fk' })
  person?: Relation<Person>;

  @Column({ type: 'uuid', nullable: true })
  interceptionId: string | null;

  @ManyToOne(() => Interception)
  @JoinColumn({ name: 'interception_id', foreignKeyConstraintName: 'waiting_list_interception_fk' })
  interception?: Relation<Interception>;

  @Column({ type: 'uuid', nullable: true })
  householdId: string | null;

  @Column({ type: 'timestamptz' })
  arrivedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  closeReason: WaitingCloseReason | null;

  /** Where they went, for `transferred_elsewhere`. */
  @Column({ type: 'uuid', nullable: true })
  toCentreId: string | null;

  /** The stay that gave them a bed, for `checked_in`. */
  @Column({ type: 'uuid', nullable: true })
  stayId: string | null;

  @Column({ type: 'uuid', nullable: true })
  closedBy: string | null;
}

/**
 * What a bulk arrival recorded for each of its refs (people and households), so that sending the
 * same request again records nobody twice and answers as the first time did.
 */
@Entity('arrival_refs')
@Check('arrival_refs_kind_check', `kind IN ('person', 'household')`)
export class ArrivalRef {
  @PrimaryColumn({ type: 'uuid' })
  interceptionId: string;

  @ManyToOne(() => Interception)
  @JoinColumn({ name: 'interception_id', foreignKeyConstraintName: 'arrival_refs_interception_fk' })
  interception?: Relation<Interception>;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  kind: 'person' | 'household';

  @PrimaryColumn({ type: 'varchar', length: 60 })
  ref: string;

  /** The person or the household. */
  @Column({ type: 'uuid' })
  entityId: string;

  @Column({ type: 'uuid' })
  centreId: string;

  /** For a person: `checked_in` or `awaiting_bed`, as first answered. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  status: 'checked_in' | 'awaiting_bed' | null;

  @Column({ type: 'uuid', nullable: true })
  stayId: string | null;

  @Column({ type: 'uuid', nullable: true })
  waitingId: string | null;

  @Column({ type: 'timestamptz' })
  recordedAt: Date;
}
