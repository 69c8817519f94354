import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Centre } from '@escale/centres';
import { FundingSource } from './funding-source.entity.js';

export const SPEND_CATEGORIES = [
  'accommodation',
  'catering',
  'healthcare',
  'interpreting',
  'legal_aid',
  'transport',
  'security',
  'staff',
  'equipment',
  'other',
] as const;
export type SpendCategory = (typeof SPEND_CATEGORIES)[number];

/** One line of money spent by a centre, in minor units of its currency. */
@Entity('spend_entries')
@Index('spend_entries_centre_day_idx', ['centreId', 'spentOn'])
@Index('spend_entries_day_idx', ['spentOn'])
@Index('spend_entries_import_idx', ['importId'], { where: 'import_id IS NOT NULL' })
@Check('spend_entries_amount_check', `amount_cents > 0`)
@Check('spend_entries_currency_check', `currency ~ '^[A-Z]{3}$'`)
@Check(
  'spend_entries_category_check',
  `category IN ('accommodation', 'catering', 'healthcare', 'interpreting', 'legal_aid', 'transport', 'security', 'staff', 'equipment', 'other')`,
)
export class SpendEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  centreId: string;

  @ManyToOne(() => Centre, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'centre_id', foreignKeyConstraintName: 'spend_entries_centre_fk' })
  centre?: Relation<Centre>;

  @Column({ type: 'date' })
  spentOn: string;

  @Column({ type: 'varchar', length: 32 })
  category: SpendCategory;

  @Column({ type: 'varchar', length: 32 })
  fundingSource: string;

  @ManyToOne(() => FundingSource, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'funding_source', referencedColumnName: 'code', foreignKeyConstraintName: 'spend_entries_funding_source_fk' })
  source?: Relation<FundingSource>;

  /** Minor units (cents); bigint, read back as a string by the driver. */
  @Column({ type: 'bigint' })
  amountCents: string;

  @Column({ type: 'char', length: 3, default: 'EUR' })
  currency: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  /** The CSV import the line came from, if any. */
  @Column({ type: 'uuid', nullable: true })
  importId: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
