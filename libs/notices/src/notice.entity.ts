import type { LanguageChoice } from './notice-templates.js';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const NOTICE_STATUSES = ['pending', 'rendered', 'handed_over', 'sent', 'failed'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
export type NoticeAudience = 'person' | 'staff' | 'funder';
export const INTERPRETER_MODES = ['none', 'present', 'phone'] as const;
export type InterpreterMode = (typeof INTERPRETER_MODES)[number];

/**
 * A notice for a person (printed and handed over) or a member of staff (in-app and email).
 * `dedupeKey` names what it is about (the stay and the type, the alert and the recipient), so a
 * job run twice finds the notice it already made.
 */
@Entity('notices')
@Index('notices_dedupe_key', ['dedupeKey'], { unique: true })
@Index('notices_person_idx', ['personId', 'createdAt'])
@Index('notices_to_hand_over_idx', ['centreId', 'createdAt'], { where: `audience = 'person' AND status = 'rendered'` })
@Index('notices_user_idx', ['userId', 'createdAt'])
// The register reads each stay's rights notice.
@Index('notices_stay_type_idx', ['stayId', 'type'], { where: 'stay_id IS NOT NULL' })
@Index('notices_handed_over_idx', ['handedOverAt'], { where: `audience = 'person' AND handed_over_at IS NOT NULL` })
@Check('notices_status_check', `status IN ('pending', 'rendered', 'handed_over', 'sent', 'failed')`)
@Check('notices_audience_check', `audience IN ('person', 'staff', 'funder')`)
@Check('notices_language_choice_check', `language_choice IN ('reviewed', 'draft', 'fallback')`)
@Check('notices_interpreter_mode_check', `interpreter_mode IN ('none', 'present', 'phone')`)
@Check('notices_interpreter_check', `interpreter_mode IS NULL OR (interpreter_mode = 'none') = (interpreter_name IS NULL AND interpreter_language IS NULL)`)
export class Notice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ type: 'varchar', length: 8 })
  audience: NoticeAudience;

  @Column({ type: 'uuid', nullable: true })
  personId: string | null;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'uuid', nullable: true })
  centreId: string | null;

  @Column({ type: 'uuid', nullable: true })
  stayId: string | null;

  @Column({ type: 'varchar', length: 8 })
  language: string;

  @Column({ type: 'boolean', default: false })
  interpreterNeeded: boolean;

  /** Whether a qualified translator had reviewed the template it was made from. */
  @Column({ type: 'boolean', default: false })
  translationReviewed: boolean;

  /** How its language was chosen: a reviewed language of the person's, a draft of theirs, or a fallback. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  languageChoice: LanguageChoice | null;

  @Column({ type: 'varchar', length: 16 })
  status: NoticeStatus;

  @Column({ type: 'varchar', length: 300, nullable: true })
  subject: string | null;

  @Column({ type: 'text', nullable: true })
  html: string | null;

  @Column({ type: 'varchar', length: 200 })
  dedupeKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  renderedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  handedOverAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  handedOverBy: string | null;

  @Column({ type: 'boolean', nullable: true })
  interpreterUsed: boolean | null;

  /** The language it was actually given in, as staff recorded at the hand-over. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  handedOverLanguage: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  interpreterMode: InterpreterMode | null;

  /** The interpreter's name or agency. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  interpreterName: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  interpreterLanguage: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;
}
