import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A language that has notice templates, as the notices module last read its folder; the hash
 * names the text, so a review recorded for one text does not carry over to a changed one.
 */
@Entity('notice_languages')
@Check('notice_languages_dir_check', `dir IN ('ltr', 'rtl')`)
export class NoticeLanguageRow {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 3 })
  dir: 'ltr' | 'rtl';

  @Column({ type: 'varchar', length: 8 })
  script: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  types: string[];

  @Column({ type: 'varchar', length: 64 })
  templatesHash: string;

  /** The languages the notices are written in first; they need no translator's review. */
  @Column({ type: 'boolean', default: false })
  source: boolean;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  syncedAt: Date;
}

/** A qualified translator's review of a language's templates, as an administrator recorded it. */
@Entity('notice_language_reviews')
@Index('notice_language_reviews_language_idx', ['language', 'recordedAt'])
export class NoticeLanguageReview {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16 })
  language: string;

  @ManyToOne(() => NoticeLanguageRow, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'language', foreignKeyConstraintName: 'notice_language_reviews_language_fk' })
  languageRow?: NoticeLanguageRow;

  @Column({ type: 'varchar', length: 200 })
  reviewerName: string;

  @Column({ type: 'varchar', length: 200 })
  organisation: string;

  @Column({ type: 'date' })
  reviewedOn: string;

  @Column({ type: 'varchar', length: 64 })
  templatesHash: string;

  @Column({ type: 'uuid' })
  recordedBy: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
