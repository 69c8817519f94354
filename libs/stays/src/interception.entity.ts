import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A prevented crossing: recorded once, and every person checked in from it links to it. */
@Entity('interceptions')
@Check('interceptions_group_size_check', `group_size BETWEEN 1 AND 500`)
export class Interception {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  /** The commune or beach. */
  @Column({ type: 'varchar', length: 200 })
  location: string;

  @Column({ type: 'varchar', length: 200 })
  agency: string;

  @Column({ type: 'int' })
  groupSize: number;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
