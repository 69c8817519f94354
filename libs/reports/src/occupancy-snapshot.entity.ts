import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Centre } from '@escale/centres';

/**
 * A centre's night, as the nightly job measured it: beds in service, people present at the
 * midnight that ends the day (bed-nights), arrivals and departures on the day (centre's timezone).
 */
@Entity('occupancy_snapshots')
@Check('occupancy_snapshots_counts_check', `capacity >= 0 AND occupied_bed_nights >= 0 AND admissions >= 0 AND discharges >= 0`)
export class OccupancySnapshot {
  @PrimaryColumn({ type: 'uuid' })
  centreId: string;

  @ManyToOne(() => Centre, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'centre_id', foreignKeyConstraintName: 'occupancy_snapshots_centre_fk' })
  centre?: Relation<Centre>;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'int' })
  capacity: number;

  @Column({ type: 'int' })
  occupiedBedNights: number;

  @Column({ type: 'int' })
  admissions: number;

  @Column({ type: 'int' })
  discharges: number;

  @Column({ type: 'timestamptz' })
  takenAt: Date;
}
