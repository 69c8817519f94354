import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Centre } from './centre.entity.js';

export const HOUSINGS = ['men', 'women', 'families', 'mixed'] as const;
export type Housing = (typeof HOUSINGS)[number];

/** A wing or room of a centre, and who it may house. */
@Entity('units')
@Index('units_centre_name_key', ['centreId', 'name'], { unique: true })
@Check('units_housing_check', `housing IN ('men', 'women', 'families', 'mixed')`)
export class Unit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  centreId: string;

  @ManyToOne(() => Centre, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'centre_id', foreignKeyConstraintName: 'units_centre_fk' })
  centre?: Relation<Centre>;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  housing: Housing;
}
