import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Person } from './person.entity.js';

/** One field's value before and after a correction. */
export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

/**
 * The values a correction of a person changed, before and after, beside its audit event (which
 * names who and when, never a value): personal data, erased with the person.
 */
@Entity('person_changes')
@Index('person_changes_person_idx', ['personId', 'at'])
export class PersonChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'person_changes_person_fk' })
  person?: Relation<Person>;

  /** `person.update` or `person.merge`, as in the audit trail. */
  @Column({ type: 'varchar', length: 64 })
  action: string;

  /** The audit event of the change. */
  @Column({ type: 'uuid', nullable: true })
  auditEventId: string | null;

  @Column({ type: 'jsonb' })
  changes: FieldChanges;

  @Column({ type: 'uuid', nullable: true })
  changedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}
