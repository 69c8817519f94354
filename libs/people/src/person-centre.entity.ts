import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Person } from './person.entity.js';

/** The centres a person has been held in: what scopes who may find and read them. */
@Entity('person_centres')
@Index('person_centres_centre_idx', ['centreId', 'personId'])
export class PersonCentre {
  @PrimaryColumn({ type: 'uuid' })
  personId: string;

  @PrimaryColumn({ type: 'uuid' })
  centreId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'person_centres_person_fk' })
  person?: Relation<Person>;

  @CreateDateColumn({ type: 'timestamptz' })
  firstSeenAt: Date;
}
