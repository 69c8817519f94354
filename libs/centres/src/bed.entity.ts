import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Centre } from './centre.entity.js';
import { Unit } from './unit.entity.js';

/** Why a bed is out of service. */
export const OUT_OF_SERVICE_REASONS = ['repair', 'cleaning', 'safety', 'health', 'other'] as const;
export type OutOfServiceReason = (typeof OUT_OF_SERVICE_REASONS)[number];

/**
 * A bed. `occupied` is kept by check-in and check-out in the transaction that opens or closes
 * the stay, under the bed's row lock; the stays table's exclusion constraint is the final word.
 */
@Entity('beds')
@Index('beds_unit_label_key', ['unitId', 'label'], { unique: true })
@Index('beds_free_idx', ['centreId', 'unitId', 'position'], { where: 'in_service AND NOT occupied' })
@Check('beds_occupied_in_service_check', `in_service OR NOT occupied`)
@Check('beds_out_of_service_reason_check', `out_of_service_reason IN ('repair', 'cleaning', 'safety', 'health', 'other')`)
@Check(
  'beds_out_of_service_check',
  `in_service = (out_of_service_reason IS NULL) AND (out_of_service_reason IS NOT NULL OR (out_of_service_note IS NULL AND expected_back_on IS NULL))`,
)
export class Bed {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'beds_unit_fk' })
  unit?: Relation<Unit>;

  /** Denormalised from the unit, so allocation and scoping read one table. */
  @Column({ type: 'uuid' })
  centreId: string;

  @ManyToOne(() => Centre, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'centre_id', foreignKeyConstraintName: 'beds_centre_fk' })
  centre?: Relation<Centre>;

  @Column({ type: 'varchar', length: 32 })
  label: string;

  /** Order within the unit: neighbouring positions are neighbouring beds. */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'boolean', default: true })
  inService: boolean;

  @Column({ type: 'boolean', default: false })
  occupied: boolean;

  /** Out of service only: why, in a few words if given, and the day it is expected back. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  outOfServiceReason: OutOfServiceReason | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  outOfServiceNote: string | null;

  @Column({ type: 'date', nullable: true })
  expectedBackOn: string | null;
}
