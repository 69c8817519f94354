import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { User } from '@escale/auth';
import { OutboxService, Clock } from '@escale/platform';
import { DataSource } from 'typeorm';
import { InboxMessage } from './inbox-message.entity.js';

@Injectable()
export class InboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /**
   * Puts the welcome message in a new user's inbox. Keyed by the outbox id, so a retried or
   * duplicated job delivers it once.
   */
  async sendWelcomeMessage(userId: string, outboxId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOneBy(User, { id: userId });
      if (user) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(InboxMessage)
          .values({ userId, kind: 'inbox.welcome', params: { email: user.email, role: user.role }, dedupeKey: `welcome:${outboxId}` })
          .orIgnore()
          .execute();
      }
      await this.outbox.markCompleted(manager, outboxId, this.clock.now());
    });
  }

  listForUser(userId: string, limit = 20): Promise<InboxMessage[]> {
    return this.dataSource.manager.find(InboxMessage, { where: { userId }, order: { createdAt: 'DESC' }, take: limit });
  }
}
