import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Referral } from './referral.entity.js';

export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/**
 * A file attached to a referral. Kept in PostgreSQL with the rest of the case, never on a path a
 * name could choose; its type is checked from its first bytes, not from what the client said.
 */
@Entity('referral_documents')
@Index('referral_documents_referral_idx', ['referralId', 'createdAt'])
@Check('referral_documents_type_check', `content_type IN ('application/pdf', 'image/jpeg', 'image/png')`)
@Check('referral_documents_size_check', `size_bytes > 0 AND size_bytes <= 10485760`)
export class ReferralDocument {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  referralId: string;

  @ManyToOne(() => Referral, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'referral_documents_referral_fk' })
  referral?: Relation<Referral>;

  /** The name as uploaded, cleaned; shown, never used as a path. */
  @Column({ type: 'varchar', length: 200 })
  fileName: string;

  @Column({ type: 'varchar', length: 32 })
  contentType: DocumentType;

  @Column({ type: 'int' })
  sizeBytes: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  content: Buffer;

  @Column({ type: 'uuid', nullable: true })
  uploadedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
