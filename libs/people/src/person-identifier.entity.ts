import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Person } from './person.entity.js';

export const IDENTIFIER_KINDS = ['passport', 'national_id', 'eurodac', 'agdref', 'police_ref', 'other'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/**
 * A document or file number that names one person. The same number of the same kind from the same
 * country is one person's only: `normalised` (upper case, letters and digits only) is unique per
 * kind and issuing country (none counts as one country).
 */
@Entity('person_identifiers')
@Index('person_identifiers_person_idx', ['personId'])
// Possible duplicates at check-in are looked up by the number alone, whatever the issuing country.
@Index('person_identifiers_normalised_idx', ['normalised'])
// The unique index on (kind, coalesce(issuing_country, ''), normalised) is written in the migration.
@Index('person_identifiers_value_key', { synchronize: false })
@Check('person_identifiers_kind_check', `kind IN ('passport', 'national_id', 'eurodac', 'agdref', 'police_ref', 'other')`)
@Check('person_identifiers_normalised_check', `normalised ~ '^[A-Z0-9]+$'`)
@Check('person_identifiers_country_check', `issuing_country IS NULL OR issuing_country ~ '^[A-Z]{3}$'`)
export class PersonIdentifier {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'person_identifiers_person_fk' })
  person?: Relation<Person>;

  @Column({ type: 'varchar', length: 16 })
  kind: IdentifierKind;

  /** As written on the document. */
  @Column({ type: 'varchar', length: 64 })
  value: string;

  @Column({ type: 'varchar', length: 64 })
  normalised: string;

  /** ISO 3166-1 alpha-3. */
  @Column({ type: 'char', length: 3, nullable: true })
  issuingCountry: string | null;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
