import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Centre } from './centre.entity.js';

/** A user an urgent alert of the centre escalates to when nobody acknowledges it (set by an administrator). */
@Entity('centre_duty_contacts')
export class CentreDutyContact {
  @PrimaryColumn({ type: 'uuid' })
  centreId: string;

  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => Centre, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'centre_id', foreignKeyConstraintName: 'centre_duty_contacts_centre_fk' })
  centre?: Relation<Centre>;

  @Column({ type: 'uuid', nullable: true })
  setBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
