import { Check, Column, CreateDateColumn, Entity, Exclusion, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, VersionColumn } from 'typeorm';
import { Bed, Centre, Unit } from '@escale/centres';
import { Case } from '@escale/cases';
import { Household, Person } from '@escale/people';
import { Interception } from './interception.entity.js';

export const EXIT_REASONS = [
  'transferred',
  'removed',
  'dublin_transfer',
  'released_by_court',
  'released_at_legal_limit',
  'moved_to_asylum_accommodation',
  'absconded',
  'hospitalised',
  'deceased',
  'other',
] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

export const WELFARE_LEVELS = ['standard', 'heightened', 'constant'] as const;
export type WelfareLevel = (typeof WELFARE_LEVELS)[number];

/**
 * A person in a centre, on a bed, from check-in to check-out. The database guarantees that a
 * bed and a person each have at most one stay at any instant, open stays included.
 */
@Entity('stays')
@Index('stays_open_bed_key', ['bedId'], { unique: true, where: 'checked_out_at IS NULL' })
@Index('stays_open_person_key', ['personId'], { unique: true, where: 'checked_out_at IS NULL' })
@Index('stays_centre_open_idx', ['centreId', 'checkedInAt'], { where: 'checked_out_at IS NULL' })
@Index('stays_centre_checked_in_idx', ['centreId', 'checkedInAt'])
@Index('stays_person_idx', ['personId', 'checkedInAt'])
@Index('stays_household_open_idx', ['householdId', 'centreId'], { where: 'checked_out_at IS NULL' })
@Index('stays_case_idx', ['caseId'])
@Index('stays_rights_not_notified_idx', ['checkedInAt'], { where: 'checked_out_at IS NULL AND rights_notified_at IS NULL' })
// Reports read departures by centre and time with the arrival time and reason alongside (INCLUDE, written by hand in its migration).
@Index('stays_centre_checked_out_idx', { synchronize: false })
// Bed allocation asks of each free bed whether a check-out was recorded on it after the arrival being
// placed; without this the answer reads every stay the bed ever had, hundreds after a few years.
@Index('stays_bed_checked_out_idx', ['bedId', 'checkedOutAt'], { where: 'checked_out_at IS NOT NULL' })
// On its current bed from bed_since (a bed move) or from check-in; the beds it left are in bed_moves.
@Exclusion('stays_bed_no_overlap', `USING gist ("bed_id" WITH =, tstzrange(COALESCE("bed_since", "checked_in_at"), "checked_out_at", '[)') WITH &&)`)
@Exclusion('stays_person_no_overlap', `USING gist ("person_id" WITH =, tstzrange("checked_in_at", "checked_out_at", '[)') WITH &&)`)
@Check('stays_bed_since_check', `bed_since IS NULL OR (bed_since >= checked_in_at AND (checked_out_at IS NULL OR bed_since <= checked_out_at))`)
@Check('stays_times_check', `checked_out_at IS NULL OR checked_out_at >= checked_in_at`)
@Check('stays_exit_check', `(checked_out_at IS NULL) = (exit_reason IS NULL)`)
@Check(
  'stays_exit_reason_check',
  `exit_reason IS NULL OR exit_reason IN ('transferred', 'removed', 'dublin_transfer', 'released_by_court', 'released_at_legal_limit', 'moved_to_asylum_accommodation', 'absconded', 'hospitalised', 'deceased', 'other')`,
)
@Check('stays_welfare_level_check', `welfare_level IN ('standard', 'heightened', 'constant')`)
export class Stay {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'stays_person_fk' })
  person?: Relation<Person>;

  @Column({ type: 'uuid' })
  centreId: string;

  @ManyToOne(() => Centre, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'centre_id', foreignKeyConstraintName: 'stays_centre_fk' })
  centre?: Relation<Centre>;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'stays_unit_fk' })
  unit?: Relation<Unit>;

  @Column({ type: 'uuid' })
  bedId: string;

  @ManyToOne(() => Bed, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'bed_id', foreignKeyConstraintName: 'stays_bed_fk' })
  bed?: Relation<Bed>;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'stays_case_fk' })
  case?: Relation<Case>;

  @Column({ type: 'uuid', nullable: true })
  householdId: string | null;

  @ManyToOne(() => Household, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'household_id', foreignKeyConstraintName: 'stays_household_fk' })
  household?: Relation<Household>;

  @Column({ type: 'uuid', nullable: true })
  interceptionId: string | null;

  @ManyToOne(() => Interception, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'interception_id', foreignKeyConstraintName: 'stays_interception_fk' })
  interception?: Relation<Interception>;

  @Column({ type: 'timestamptz' })
  checkedInAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  checkedOutAt: Date | null;

  /** When the check-out was recorded (it may say it happened earlier): a mistaken check-out may be undone for a while after. */
  @Column({ type: 'timestamptz', nullable: true })
  checkOutRecordedAt: Date | null;

  /** Moved within the centre: on the current bed since then; null when on the check-in bed. */
  @Column({ type: 'timestamptz', nullable: true })
  bedSince: Date | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  exitReason: ExitReason | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  destination: string | null;

  /** The centre's legal maximum stay, from check-in. */
  @Column({ type: 'timestamptz' })
  legalLimitAt: Date;

  /** Removal centres: how long the current placement decision holds the person. */
  @Column({ type: 'timestamptz', nullable: true })
  authorisedUntil: Date | null;

  /**
   * Removal centres: the end of the window to claim asylum, which opens when the rights notice
   * is handed over (unknown until then).
   */
  @Column({ type: 'timestamptz', nullable: true })
  asylumClaimWindowEndsAt: Date | null;

  /** When the rights notice was handed over, as staff recorded it. */
  @Column({ type: 'timestamptz', nullable: true })
  rightsNotifiedAt: Date | null;

  /** The date of birth was estimated or the age is disputed: the age must be assessed. */
  @Column({ type: 'boolean', default: false })
  ageAssessmentRequired: boolean;

  @Column({ type: 'varchar', length: 16, default: 'standard' })
  welfareLevel: WelfareLevel;

  @Column({ type: 'timestamptz' })
  nextWelfareCheckDue: Date;

  @Column({ type: 'uuid', nullable: true })
  transferredFromId: string | null;

  @ManyToOne(() => Stay, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'transferred_from_id', foreignKeyConstraintName: 'stays_transferred_from_fk' })
  transferredFrom?: Relation<Stay>;

  @Column({ type: 'uuid', nullable: true })
  checkedInBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  checkedOutBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
