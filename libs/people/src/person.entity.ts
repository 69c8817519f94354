import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, VersionColumn } from 'typeorm';

export const SEXES = ['male', 'female', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

@Entity('people')
@Check('people_sex_check', `sex IN ('male', 'female', 'other', 'unknown')`)
// Trigram indexes (gin_trgm_ops; gist_trgm_ops, which also gives the nearest names first) and the
// index of skeleton words are written in the migrations; TypeORM cannot describe them.
@Index('people_search_text_trgm', { synchronize: false })
@Index('people_search_skeleton_trgm', { synchronize: false })
@Index('people_search_text_gist', { synchronize: false })
@Index('people_skeleton_words_idx', { synchronize: false })
// Possible duplicates look at the people born the same day.
@Index('people_date_of_birth_idx', ['dateOfBirth'])
@Index('people_legal_hold_idx', ['legalHoldAt'], { where: 'legal_hold' })
@Check('people_assessed_age_check', `assessed_age IS NULL OR assessed_age IN ('adult', 'minor')`)
@Check('people_legal_hold_check', `legal_hold = (legal_hold_reason IS NOT NULL AND legal_hold_at IS NOT NULL)`)
@Check('people_merged_into_check', `merged_into <> id`)
export class Person {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  familyName: string;

  @Column({ type: 'varchar', length: 200 })
  givenNames: string;

  @Column({ type: 'varchar', length: 200, array: true, default: () => "'{}'" })
  aliases: string[];

  @Column({ type: 'date' })
  dateOfBirth: string;

  /** The date of birth is a guess: the person is flagged, never silently taken as adult. */
  @Column({ type: 'boolean', default: false })
  dobEstimated: boolean;

  @Column({ type: 'boolean', default: false })
  ageDisputed: boolean;

  /**
   * The outcome of the latest conclusive age assessment. A person whose age is disputed is
   * presumed a minor (Code civil art. 388) until it is `adult`; `minor` makes them a minor for
   * every later placement, whatever the recorded date of birth.
   */
  @Column({ type: 'varchar', length: 8, nullable: true })
  assessedAge: 'adult' | 'minor' | null;

  @Column({ type: 'varchar', length: 8 })
  sex: Sex;

  /** ISO 3166-1 alpha-3 codes. */
  @Column({ type: 'char', length: 3, array: true, default: () => "'{}'" })
  nationalities: string[];

  /** ISO 639 codes, in order of preference. */
  @Column({ type: 'varchar', length: 3, array: true, default: () => "'{}'" })
  languages: string[];

  @Column({ type: 'boolean', default: false })
  interpreterNeeded: boolean;

  @Column({ type: 'text' })
  searchText: string;

  @Column({ type: 'text' })
  searchSkeleton: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @VersionColumn({ default: 1 })
  version: number;

  /** A legal hold stops the retention job: nothing about the person is erased while it holds. */
  @Column({ type: 'boolean', default: false })
  legalHold: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  legalHoldReason: string | null;

  /** The administrator who placed the hold. */
  @Column({ type: 'uuid', nullable: true })
  legalHoldBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  legalHoldAt: Date | null;

  /** The person this record was found to duplicate and was merged into: everything about them is there now. */
  @Column({ type: 'uuid', nullable: true })
  mergedInto: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'merged_into', foreignKeyConstraintName: 'people_merged_into_fk' })
  mergedIntoPerson?: Relation<Person>;

  /** When the retention job removed the person's identity (names, aliases, exact date of birth). */
  @Column({ type: 'timestamptz', nullable: true })
  anonymisedAt: Date | null;
}
