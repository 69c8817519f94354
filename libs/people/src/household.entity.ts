import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** People who travel together: a family is housed together, and a minor only with their own. */
@Entity('households')
export class Household {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  label: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
