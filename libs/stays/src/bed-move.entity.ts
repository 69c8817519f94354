import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Bed, Unit } from '@escale/centres';
import { Stay } from './stay.entity.js';

/**
 * A stay moved from one bed to another within its centre: where the person slept until when.
 * The stay holds the bed it is on now (and since when, `bedSince`); these rows hold the earlier ones.
 */
@Entity('bed_moves')
@Index('bed_moves_stay_idx', ['stayId', 'movedAt'])
@Index('bed_moves_from_bed_idx', ['fromBedId', 'movedAt'])
@Check('bed_moves_order_check', `moved_at >= on_from_bed_since AND from_bed_id <> to_bed_id`)
export class BedMove {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  stayId: string;

  @ManyToOne(() => Stay, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'stay_id', foreignKeyConstraintName: 'bed_moves_stay_fk' })
  stay?: Relation<Stay>;

  @Column({ type: 'uuid' })
  fromBedId: string;

  @ManyToOne(() => Bed, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_bed_id', foreignKeyConstraintName: 'bed_moves_from_bed_fk' })
  fromBed?: Relation<Bed>;

  @Column({ type: 'uuid' })
  fromUnitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_unit_id', foreignKeyConstraintName: 'bed_moves_from_unit_fk' })
  fromUnit?: Relation<Unit>;

  @Column({ type: 'uuid' })
  toBedId: string;

  @ManyToOne(() => Bed, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_bed_id', foreignKeyConstraintName: 'bed_moves_to_bed_fk' })
  toBed?: Relation<Bed>;

  @Column({ type: 'uuid' })
  toUnitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_unit_id', foreignKeyConstraintName: 'bed_moves_to_unit_fk' })
  toUnit?: Relation<Unit>;

  /** Since when the person had slept on the bed they left. */
  @Column({ type: 'timestamptz' })
  onFromBedSince: Date;

  @Column({ type: 'timestamptz' })
  movedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  movedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
