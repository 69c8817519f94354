import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const CENTRE_KINDS = ['reception', 'removal'] as const;
export type CentreKind = (typeof CENTRE_KINDS)[number];

@Entity('centres')
@Index('centres_code_key', ['code'], { unique: true })
@Check('centres_kind_check', `kind IN ('reception', 'removal')`)
@Check('centres_max_stay_check', `max_stay_days BETWEEN 1 AND 365`)
@Check('centres_initial_authorisation_check', `initial_authorisation_days BETWEEN 1 AND 90`)
@Check(
  'centres_welfare_intervals_check',
  `welfare_constant_minutes BETWEEN 1 AND welfare_heightened_minutes AND welfare_heightened_minutes <= welfare_standard_minutes AND welfare_standard_minutes <= 10080 AND first_welfare_check_minutes BETWEEN 1 AND 1440`,
)
export class Centre {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  kind: CentreKind;

  /** The legal maximum stay: 90 days in a removal centre, 7 by default in a reception centre. */
  @Column({ type: 'int' })
  maxStayDays: number;

  /** CESEDA L741-1: the prefect's placement authorises 4 days before a judge must extend it. */
  @Column({ type: 'int', default: 4 })
  initialAuthorisationDays: number;

  @Column({ type: 'varchar', length: 64, default: 'Europe/Paris' })
  timezone: string;

  /** Welfare check intervals by level (DOMAIN: 24 h, 4 h, 15 min) and the first check after arrival (1 h). */
  @Column({ type: 'int', default: 1440 })
  welfareStandardMinutes: number;

  @Column({ type: 'int', default: 240 })
  welfareHeightenedMinutes: number;

  @Column({ type: 'int', default: 15 })
  welfareConstantMinutes: number;

  @Column({ type: 'int', default: 60 })
  firstWelfareCheckMinutes: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
