import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Stay } from './stay.entity.js';

export const PROPERTY_SIGNERS = ['person', 'representative'] as const;
export type PropertySigner = (typeof PROPERTY_SIGNERS)[number];

/** Property handed back against a receipt signed by the person or by a named representative, during the stay or after it. */
@Entity('property_returns')
@Index('property_returns_receipt_key', ['receiptNumber'], { unique: true })
@Index('property_returns_stay_idx', ['stayId'])
@Check('property_returns_signed_by_check', `signed_by IN ('person', 'representative')`)
@Check('property_returns_representative_check', `(signed_by = 'representative') = (representative_name IS NOT NULL)`)
export class PropertyReturn {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  stayId: string;

  @ManyToOne(() => Stay, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'stay_id', foreignKeyConstraintName: 'property_returns_stay_fk' })
  stay?: Relation<Stay>;

  @Column({ type: 'varchar', length: 40 })
  receiptNumber: string;

  @Column({ type: 'timestamptz' })
  returnedAt: Date;

  /** The member of staff who handed the property back. */
  @Column({ type: 'uuid' })
  returnedBy: string;

  @Column({ type: 'varchar', length: 16 })
  signedBy: PropertySigner;

  @Column({ type: 'varchar', length: 200, nullable: true })
  representativeName: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
