import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AlertsService } from '@escale/alerts';
import { CentresService } from '@escale/centres';
import { type Actor, translate } from '@escale/platform';
import { WelfareService } from '@escale/welfare';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { FormReader, pagination, queryString } from '../forms.js';
import { AcknowledgeForm, AlertsPageQuery } from './alerts.forms.js';

/** The alerts inbox: what is overdue or about to be in the reader's centres, urgent first. Admins read it only. */
@ApiExcludeController()
@Controller('alerts')
export class AlertsPageController {
  constructor(
    private readonly welfare: WelfareService,
    private readonly alerts: AlertsService,
    private readonly centres: CentresService,
  ) {}

  @Roles('staff', 'admin')
  @Get()
  @Render('admin/alerts/inbox')
  async inbox(@CurrentActor() actor: Actor, @Query() query: AlertsPageQuery, @Req() request: EscaleRequest) {
    const page = await this.welfare.alertInbox(actor, { limit: query.limit, offset: query.offset });
    // Centre names for the alerts shown: the reader's centres (every centre for an admin).
    const centres = await this.centres.listCentres(actor, 500, 0);
    const centreName = (id: string) => centres.items.find((centre) => centre.id === id)?.name ?? '';
    return {
      title: translate(request.locale!, 'alerts.title'),
      alerts: page.items.map((alert) => ({ ...alert, centreName: centreName(alert.centreId) })),
      total: page.total,
      offset: page.offset,
      pagination: pagination(page, (offset) => `/alerts${queryString({ offset, limit: query.limit === 50 ? undefined : query.limit })}`),
      canAcknowledge: actor.role === 'staff',
      notice: query.done ? `alerts.done.${query.done}` : undefined,
    };
  }

  @Roles('staff')
  @Post(':id/acknowledge')
  async acknowledge(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: AcknowledgeForm, @Res() response: Response): Promise<void> {
    await this.alerts.acknowledge(actor, id);
    const offset = new FormReader().integer(form.offset);
    response.redirect(303, `/alerts${queryString({ done: 'acknowledged', offset: typeof offset === 'number' && offset > 0 ? offset : undefined })}#alert-${id}`);
  }
}
