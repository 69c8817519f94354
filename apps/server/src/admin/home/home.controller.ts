import { Controller, Get, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InboxService, inboxMessageText } from '@escale/inbox';
import { type Actor, translate, type MessageKey } from '@escale/platform';
import { AnyUser } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';

@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(private readonly inbox: InboxService) {}

  /** A home page per role: what the role does here, its centres and its messages. */
  @AnyUser()
  @Get()
  @Render('admin/home')
  async home(@CurrentActor() actor: Actor, @Req() request: EscaleRequest) {
    const locale = request.locale!;
    const messages = await this.inbox.listForUser(actor.userId, 10);
    const roleLabel = translate(locale, `role.${actor.role}` as MessageKey);
    return {
      title: translate(locale, 'home.title'),
      name: request.currentUser?.name,
      role: actor.role,
      roleDescriptionKey: `home.role.${actor.role}`,
      seesAllCentres: ['admin', 'funder', 'auditor'].includes(actor.role),
      centreCount: actor.centreIds.length,
      messages: messages.map((message) => ({ at: message.createdAt.toISOString(), ...inboxMessageText(message, locale) })),
      roleLabel,
    };
  }
}
