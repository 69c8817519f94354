import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { Centre } from '@escale/centres';
import { FundingSource } from './funding-source.entity.js';

/** What a funding source gives a centre for a calendar year; setting it again replaces the amount. */
@Entity('budgets')
@Index('budgets_centre_year_source_key', ['centreId', 'year', 'fundingSource', 'currency'], { unique: true })
@Check('budgets_amount_check', `amount_cents >= 0`)
@Check('budgets_year_check', `year BETWEEN 2000 AND 2100`)
@Check('budgets_currency_check', `currency ~ '^[A-Z]{3}$'`)
export class Budget {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  centreId: string;

  @ManyToOne(() => Centre, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'centre_id', foreignKeyConstraintName: 'budgets_centre_fk' })
  centre?: Relation<Centre>;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'varchar', length: 32 })
  fundingSource: string;

  @ManyToOne(() => FundingSource, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'funding_source', referencedColumnName: 'code', foreignKeyConstraintName: 'budgets_funding_source_fk' })
  source?: Relation<FundingSource>;

  @Column({ type: 'bigint' })
  amountCents: string;

  @Column({ type: 'char', length: 3, default: 'EUR' })
  currency: string;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
