import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Who pays: configurable codes such as `UK`, `FR` or `EU-AMIF`. */
@Entity('funding_sources')
@Check('funding_sources_code_check', `code ~ '^[A-Z0-9][A-Z0-9-]{0,31}$'`)
export class FundingSource {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
