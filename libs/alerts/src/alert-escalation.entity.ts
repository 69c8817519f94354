import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Alert } from './alert.entity.js';

/**
 * One round of escalation of an urgent alert nobody acknowledged: the centre's duty contacts were
 * told. Round n is due n escalation periods after the alert was raised; the unique key makes a
 * round happen once, however many workers run the escalation at the same minute.
 */
@Entity('alert_escalations')
@Index('alert_escalations_round_key', ['alertId', 'round'], { unique: true })
export class AlertEscalation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  alertId: string;

  @ManyToOne(() => Alert, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'alert_escalations_alert_fk' })
  alert?: Relation<Alert>;

  @Column({ type: 'int' })
  round: number;

  @Column({ type: 'timestamptz' })
  escalatedAt: Date;

  /** How many duty contacts were told (0 when the centre has none: the escalation still shows on the alert). */
  @Column({ type: 'int' })
  recipients: number;
}
