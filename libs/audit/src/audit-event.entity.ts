import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * Who did or read what, when, from where. Never the field values. The database refuses
 * UPDATE, DELETE and TRUNCATE on this table (see the migrations' triggers), and chains every
 * event as it commits: its link in `audit_chain` holds its position and hash (AddAuditChain).
 */
@Entity('audit_events')
@Index('audit_events_entity_idx', ['entityId', 'at'])
@Index('audit_events_actor_idx', ['actorId', 'at'])
@Index('audit_events_at_idx', ['at'])
@Index('audit_events_subjects_idx', { synchronize: false })
@Check('audit_events_outcome_check', `outcome IN ('success', 'denied', 'failure')`)
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 64 })
  entityType: string;

  @Column({ type: 'uuid', nullable: true })
  entityId: string | null;

  @Column({ type: 'uuid', nullable: true })
  centreId: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome: AuditOutcome;

  @Column({ type: 'varchar', length: 128, nullable: true })
  origin: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  /** Every record a list view showed, in its order (GIN-indexed); empty for an event about one record, named in `entityId`. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  subjectIds: string[];
}
