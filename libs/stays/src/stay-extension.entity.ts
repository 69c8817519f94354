import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Stay } from './stay.entity.js';

/** A judge's decision extending a placement in a removal centre. */
@Entity('stay_extensions')
@Index('stay_extensions_sequence_key', ['stayId', 'sequenceIndex'], { unique: true })
export class StayExtension {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  stayId: string;

  @ManyToOne(() => Stay, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'stay_id', foreignKeyConstraintName: 'stay_extensions_stay_fk' })
  stay?: Relation<Stay>;

  /** 0 for the first extension, 1 for the second... (the placement's order, across transfers). */
  @Column({ type: 'int' })
  sequenceIndex: number;

  @Column({ type: 'timestamptz' })
  decidedAt: Date;

  @Column({ type: 'int' })
  days: number;

  /** The judge or court that decided. */
  @Column({ type: 'varchar', length: 200 })
  decidedBy: string;

  @Column({ type: 'timestamptz' })
  previousAuthorisedUntil: Date;

  @Column({ type: 'timestamptz' })
  authorisedUntil: Date;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
