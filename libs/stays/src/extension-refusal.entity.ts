import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Stay } from './stay.entity.js';

/** A judge's decision not to extend a placement in a removal centre: the person is released. */
@Entity('extension_refusals')
@Index('extension_refusals_stay_idx', ['stayId'])
export class ExtensionRefusal {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  stayId: string;

  @ManyToOne(() => Stay, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'stay_id', foreignKeyConstraintName: 'extension_refusals_stay_fk' })
  stay?: Relation<Stay>;

  @Column({ type: 'timestamptz' })
  decidedAt: Date;

  /** The judge or court that decided. */
  @Column({ type: 'varchar', length: 200 })
  decidedBy: string;

  @Column({ type: 'timestamptz' })
  releasedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
