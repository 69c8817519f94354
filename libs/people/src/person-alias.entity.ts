import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Person } from './person.entity.js';

export const ALIAS_SOURCES = ['self_declared', 'document', 'police', 'eurodac', 'other'] as const;
export type AliasSource = (typeof ALIAS_SOURCES)[number];

/**
 * Another name a person is known by, and where it comes from: a name the person gave is not a name
 * on a document or in a police file. `people.aliases` holds the same names for search.
 */
@Entity('person_aliases')
@Index('person_aliases_person_name_key', ['personId', 'name'], { unique: true })
@Check('person_aliases_source_check', `source IN ('self_declared', 'document', 'police', 'eurodac', 'other')`)
export class PersonAlias {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'person_aliases_person_fk' })
  person?: Relation<Person>;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  source: AliasSource;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
