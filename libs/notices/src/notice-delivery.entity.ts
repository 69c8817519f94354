import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One delivery of a notice on one channel: its key stops a second email for the same notice. */
@Entity('notice_deliveries')
@Index('notice_deliveries_key', ['noticeId', 'channel'], { unique: true })
export class NoticeDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  noticeId: string;

  @Column({ type: 'varchar', length: 16 })
  channel: 'email';

  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  @Column({ type: 'timestamptz' })
  claimedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}
