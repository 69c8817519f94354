import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { LoginThrottleService } from '@escale/auth';
import { type Actor, DomainError, translate } from '@escale/platform';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';

/** More than any real incident leaves locked at once; the API pages through the rest. */
const LOCKOUTS_SHOWN = 200;

/** Administrators see the accounts and addresses refused sign-in at the moment, and lift a lock. */
@ApiExcludeController()
@Controller('lockouts')
export class LockoutsPageController {
  constructor(private readonly throttle: LoginThrottleService) {}

  @Roles('admin')
  @Get()
  async list(@CurrentActor() actor: Actor, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const page = await this.throttle.listLockouts(actor, LOCKOUTS_SHOWN, 0);
    const done = request.query.done;
    response.render('admin/lockouts/index', {
      title: translate(request.locale!, 'lockouts.title'),
      lockouts: page.items,
      more: page.total > page.items.length,
      notice: done === 'unlocked' ? 'lockouts.unlocked' : done === 'gone' ? 'lockouts.gone' : undefined,
    });
  }

  @Roles('admin')
  @Post(':id/unlock')
  async unlock(@CurrentActor() actor: Actor, @Param('id') id: string, @Res() response: Response): Promise<void> {
    try {
      await this.throttle.unlock(actor, id);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') return response.redirect(303, '/lockouts?done=gone');
      throw error;
    }
    response.redirect(303, '/lockouts?done=unlocked');
  }
}
