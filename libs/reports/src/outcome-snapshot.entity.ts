import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Centre } from '@escale/centres';

/**
 * A centre's departures and referral outcomes in a past month (by its calendar), as the nightly
 * job counted them once the month could no longer change (a referral step dated back into the
 * month removes the month's rows, and the job counts it again): by exit reason (`exit:<reason>`), length-of-stay bucket
 * (`los:<bucket>`), over the legal maximum (`over`), referral outcome (`referral:<outcome>`), the
 * lengths themselves (`lengths`, with how many stays lasted each length in tenths of a day in
 * `histogram`) and their sum in seconds (`seconds`).
 * `departures` is written for every month taken, even a month without any, and marks it done.
 */
@Entity('outcome_snapshots')
@Check('outcome_snapshots_value_check', `value >= 0`)
export class OutcomeSnapshot {
  @PrimaryColumn({ type: 'uuid' })
  centreId: string;

  @ManyToOne(() => Centre, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'centre_id', foreignKeyConstraintName: 'outcome_snapshots_centre_fk' })
  centre?: Relation<Centre>;

  /** The first day of the month. */
  @PrimaryColumn({ type: 'date' })
  month: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  measure: string;

  @Column({ type: 'bigint' })
  value: string;

  /** For `lengths`: stays per length of stay in tenths of a day, as `{"20": 6}`. */
  @Column({ type: 'jsonb', nullable: true })
  histogram: Record<string, number> | null;

  @Column({ type: 'timestamptz' })
  takenAt: Date;
}
