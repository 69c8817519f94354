import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Centre } from './centre.entity.js';
import { Unit } from './unit.entity.js';

/**
 * A bed. `occupied` is kept by check-in and check-out in the transaction that opens or closes
 * the stay, under the bed's row lock; the stays table's exclusion constraint is the final word.
 */
@Entity('beds')
@Index('beds_unit_label_key', ['unitId', 'label'], { unique: true })
@Index('beds_free_idx', ['centreId', 'unitId', 'position'], { where: 'in_service AND NOT occupied' })
@Check('beds_occupied_in_service_check', `in_service OR NOT occupied`)
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
}
