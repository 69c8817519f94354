import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const ALERT_KINDS = ['welfare_check_overdue', 'authority_expiring', 'authority_expired', 'medical_report_unanswered', 'minor_in_removal_centre', 'age_disputed', 'legal_limit_passed', 'rights_not_notified'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export type AlertSeverity = 'urgent' | 'warning';

/**
 * Something overdue or about to be, for a centre's staff. One per episode: `episodeKey` names
 * the episode (the stay and the due time it is about), so a scan that runs again adds nothing.
 */
@Entity('alerts')
@Index('alerts_episode_key', ['episodeKey'], { unique: true })
@Index('alerts_centre_open_idx', ['centreId', 'raisedAt'], { where: 'resolved_at IS NULL' })
@Index('alerts_stay_idx', ['stayId'])
@Check('alerts_kind_check', `kind IN ('welfare_check_overdue', 'authority_expiring', 'authority_expired', 'medical_report_unanswered', 'minor_in_removal_centre', 'age_disputed', 'legal_limit_passed', 'rights_not_notified')`)
@Check('alerts_severity_check', `severity IN ('urgent', 'warning')`)
export class Alert {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  centreId: string;

  @Column({ type: 'uuid', nullable: true })
  stayId: string | null;

  @Column({ type: 'varchar', length: 40 })
  kind: AlertKind;

  @Column({ type: 'varchar', length: 8 })
  severity: AlertSeverity;

  @Column({ type: 'varchar', length: 200 })
  episodeKey: string;

  /** The deadline the alert is about (the check that was due, the authority's end...). */
  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'timestamptz' })
  raisedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acknowledgedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;
}
