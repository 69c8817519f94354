import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Person } from '@escale/people';

export const LEGAL_CONTACT_KINDS = ['lawyer', 'legal_aid', 'consular'] as const;
export type LegalContactKind = (typeof LEGAL_CONTACT_KINDS)[number];

/**
 * Someone the person relies on for legal access: their lawyer, a legal-aid association, their
 * consulate. Ended (withdrawn, replaced) rather than deleted, so the record shows who acted when.
 */
@Entity('legal_contacts')
@Index('legal_contacts_person_idx', ['personId', 'recordedAt'])
@Check('legal_contacts_kind_check', `kind IN ('lawyer', 'legal_aid', 'consular')`)
@Check('legal_contacts_ended_check', `(ended_at IS NULL OR ended_at >= recorded_at) AND (end_reason IS NULL OR ended_at IS NOT NULL)`)
export class LegalContact {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'legal_contacts_person_fk' })
  person?: Relation<Person>;

  @Column({ type: 'varchar', length: 16 })
  kind: LegalContactKind;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  organisation: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  notes: string | null;

  @Column({ type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  endedBy: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  endReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
