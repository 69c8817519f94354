import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CentresService } from '@escale/centres';
import { NoticesService } from '@escale/notices';
import { type Actor, translate } from '@escale/platform';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { FormReader, FormText, PageForm } from '../forms.js';

export class HandOverForm extends PageForm {
  /** The checkbox "an interpreter gave it": present when ticked. */
  @FormText(10)
  interpreterUsed?: string;
}

/** Person notices: the centre's list to print and hand over, and each notice as it prints. */
@ApiExcludeController()
@Controller()
export class NoticesPageController {
  constructor(
    private readonly notices: NoticesService,
    private readonly centres: CentresService,
  ) {}

  @Roles('staff')
  @Get('centres/:id/notices')
  @Render('admin/notices/to-hand-over')
  async toHandOver(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Req() request: EscaleRequest) {
    const centre = await this.centres.getCentre(actor, id);
    const notices = await this.notices.toHandOver(actor, centre.id);
    return { title: translate(request.locale!, 'notices.title'), centre, notices, handedOver: request.query.handedOver === '1' };
  }

  @Roles('staff', 'caseworker')
  @Get('notices/:id')
  @Render('admin/notices/show')
  async show(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Req() request: EscaleRequest) {
    const notice = await this.notices.getNotice(actor, id);
    return { title: notice.subject ?? translate(request.locale!, 'notices.title'), notice, canHandOver: actor.role === 'staff' && notice.status === 'rendered' };
  }

  @Roles('staff')
  @Post('notices/:id/handover')
  async handOver(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: HandOverForm, @Res() response: Response): Promise<void> {
    const notice = await this.notices.handOver(actor, id, { interpreterUsed: new FormReader().checked(form.interpreterUsed) });
    const centreId = (await this.notices.centreOfNotice(actor, notice.id)) ?? '';
    response.redirect(303, `/centres/${centreId}/notices?handedOver=1`);
  }
}
