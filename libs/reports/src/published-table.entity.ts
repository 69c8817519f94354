import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What funders read of a month, published once the month could no longer change (check-ins and
 * check-outs may be recorded up to 30 days late): every count per centre and for all centres
 * (`measure|centre|YYYY-MM` to the count), the cells disclosure control hides (to `primary` or
 * `secondary`), and the lengths of stay behind the statistics. The database refuses to update or
 * delete a row: a month a funder has read never changes afterwards.
 */
@Entity('published_tables')
@Check('published_tables_month_check', `extract(day FROM "month") = 1`)
export class PublishedTableRecord {
  /** The first day of the month. */
  @PrimaryColumn({ type: 'date' })
  month: string;

  /** The centres the table covers, as they were when it was published. */
  @Column({ type: 'uuid', array: true })
  centreIds: string[];

  @Column({ type: 'jsonb' })
  cells: Record<string, number>;

  @Column({ type: 'jsonb' })
  hidden: Record<string, 'primary' | 'secondary'>;

  @Column({ type: 'jsonb' })
  lengths: Record<string, { tenths: Record<string, number>; seconds: number }>;

  @Column({ type: 'timestamptz' })
  publishedAt: Date;
}
