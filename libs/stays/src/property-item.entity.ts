import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { PropertyReturn } from './property-return.entity.js';
import { Stay } from './stay.entity.js';

export const PROPERTY_KINDS = ['item', 'cash'] as const;
export type PropertyKind = (typeof PROPERTY_KINDS)[number];

/**
 * Property and cash deposited against a receipt, held by the person's current stay (a transfer
 * moves it on, see PropertyTransfer) until it is returned, at check-out or against a signed receipt.
 */
@Entity('property_items')
@Index('property_items_stay_idx', ['stayId'])
@Index('property_items_held_idx', ['stayId'], { where: 'returned_at IS NULL' })
@Index('property_items_return_idx', ['returnId'], { where: 'return_id IS NOT NULL' })
@Index('property_items_receipt_idx', ['receiptNumber'])
@Check('property_items_kind_check', `kind IN ('item', 'cash')`)
@Check('property_items_cash_check', `(kind = 'cash') = (amount_cents IS NOT NULL AND currency IS NOT NULL)`)
@Check('property_items_amount_check', `amount_cents IS NULL OR amount_cents > 0`)
@Check('property_items_quantity_check', `quantity >= 1`)
@Check('property_items_returned_check', `(returned_at IS NULL) = (returned_by IS NULL)`)
@Check('property_items_return_check', `return_id IS NULL OR returned_at IS NOT NULL`)
export class PropertyItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  stayId: string;

  @ManyToOne(() => Stay, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'stay_id', foreignKeyConstraintName: 'property_items_stay_fk' })
  stay?: Relation<Stay>;

  @Column({ type: 'varchar', length: 8 })
  kind: PropertyKind;

  @Column({ type: 'varchar', length: 300 })
  description: string;

  @Column({ type: 'int', default: 1 })
  quantity: number;

  @Column({ type: 'bigint', nullable: true })
  amountCents: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  currency: string | null;

  @Column({ type: 'varchar', length: 40 })
  receiptNumber: string;

  @Column({ type: 'timestamptz' })
  depositedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  depositedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  returnedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  returnedBy: string | null;

  /** The signed receipt it was returned against; null when returned at check-out. */
  @Column({ type: 'uuid', nullable: true })
  returnId: string | null;

  @ManyToOne(() => PropertyReturn, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'return_id', foreignKeyConstraintName: 'property_items_return_fk' })
  propertyReturn?: Relation<PropertyReturn>;
}
