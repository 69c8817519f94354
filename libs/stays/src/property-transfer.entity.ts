import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { PropertyItem } from './property-item.entity.js';
import { Stay } from './stay.entity.js';

/** The unreturned property of a stay handed over to the person's next stay at a transfer, against a receipt. */
@Entity('property_transfers')
@Index('property_transfers_receipt_key', ['receiptNumber'], { unique: true })
@Index('property_transfers_from_idx', ['fromStayId'])
@Index('property_transfers_to_idx', ['toStayId'])
@Check('property_transfers_stays_check', `from_stay_id <> to_stay_id`)
export class PropertyTransfer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  fromStayId: string;

  @ManyToOne(() => Stay, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_stay_id', foreignKeyConstraintName: 'property_transfers_from_stay_fk' })
  fromStay?: Relation<Stay>;

  @Column({ type: 'uuid' })
  toStayId: string;

  @ManyToOne(() => Stay, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_stay_id', foreignKeyConstraintName: 'property_transfers_to_stay_fk' })
  toStay?: Relation<Stay>;

  @Column({ type: 'varchar', length: 40 })
  receiptNumber: string;

  @Column({ type: 'timestamptz' })
  handedOverAt: Date;

  @Column({ type: 'uuid' })
  handedOverBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** An item a transfer handed over. */
@Entity('property_transfer_items')
@Index('property_transfer_items_item_idx', ['itemId'])
export class PropertyTransferItem {
  @PrimaryColumn({ type: 'uuid' })
  transferId: string;

  @ManyToOne(() => PropertyTransfer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'transfer_id', foreignKeyConstraintName: 'property_transfer_items_transfer_fk' })
  transfer?: Relation<PropertyTransfer>;

  @PrimaryColumn({ type: 'uuid' })
  itemId: string;

  @ManyToOne(() => PropertyItem, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'property_transfer_items_item_fk' })
  item?: Relation<PropertyItem>;
}
