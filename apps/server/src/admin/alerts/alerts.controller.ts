import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AlertsService } from '@escale/alerts';
import { UsersService } from '@escale/auth';
import { CentresService, DutyContactsService } from '@escale/centres';
import { type Actor, AppConfig, type Locale, translate } from '@escale/platform';
import { WelfareService } from '@escale/welfare';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { FormReader, pagination, queryString } from '../forms.js';
import { AcknowledgeForm, AlertsPageQuery } from './alerts.forms.js';

/** "Escalated N times to the duty contacts, last at", in words (the time follows). */
export function escalatedText(locale: Locale, count: number): string {
  return count === 1 ? translate(locale, 'alerts.escalated.one') : translate(locale, 'alerts.escalated.other', { count });
}

/** The alerts inbox: what is overdue or about to be in the reader's centres, urgent first. Admins read it only. */
@ApiExcludeController()
@Controller('alerts')
export class AlertsPageController {
  constructor(
    private readonly welfare: WelfareService,
    private readonly alerts: AlertsService,
    private readonly centres: CentresService,
    private readonly users: UsersService,
    private readonly dutyContacts: DutyContactsService,
    private readonly config: AppConfig,
  ) {}

  @Roles('staff', 'admin')
  @Get()
  @Render('admin/alerts/inbox')
  async inbox(@CurrentActor() actor: Actor, @Query() query: AlertsPageQuery, @Req() request: EscaleRequest) {
    const page = await this.welfare.alertInbox(actor, { limit: query.limit, offset: query.offset });
    // Centre names for the alerts shown: the reader's centres (every centre for an admin).
    const centres = await this.centres.listCentres(actor, 500, 0);
    const centreName = (id: string) => centres.items.find((centre) => centre.id === id)?.name ?? '';
    const locale = request.locale!;
    // Who acknowledged each alert, by name.
    const names = await this.users.namesOf(page.items.map((alert) => alert.acknowledgedBy).filter((id): id is string => id !== null));
    return {
      title: translate(locale, 'alerts.title'),
      alerts: page.items.map((alert) => ({
        ...alert,
        centreName: centreName(alert.centreId),
        acknowledgedByName: alert.acknowledgedBy ? (names.get(alert.acknowledgedBy) ?? '') : null,
        escalatedText: alert.escalations > 0 ? escalatedText(locale, alert.escalations) : null,
      })),
      total: page.total,
      offset: page.offset,
      pagination: pagination(page, (offset) => `/alerts${queryString({ offset, limit: query.limit === 50 ? undefined : query.limit })}`),
      canAcknowledge: actor.role === 'staff',
      notice: query.done ? `alerts.done.${query.done}` : undefined,
      // Staff see where their centres' unacknowledged urgent alerts go; admins set that on each centre's page.
      dutyContacts: actor.role === 'staff' ? await this.dutyContactsOf(actor, centres.items, locale) : null,
      escalationMinutes: this.config.alertEscalationMinutes,
    };
  }

  private async dutyContactsOf(actor: Actor, centres: { id: string; name: string }[], locale: Locale) {
    const result = [];
    for (const centre of centres) {
      const contacts = await this.dutyContacts.list(actor, centre.id);
      const names = contacts.map((contact) => contact.name).join(', ');
      result.push({
        centreId: centre.id,
        count: contacts.length,
        text: contacts.length ? translate(locale, 'alerts.dutyContacts.to', { centre: centre.name, names }) : translate(locale, 'alerts.dutyContacts.none', { centre: centre.name }),
      });
    }
    return result;
  }

  @Roles('staff')
  @Post(':id/acknowledge')
  async acknowledge(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: AcknowledgeForm, @Res() response: Response): Promise<void> {
    await this.alerts.acknowledge(actor, id);
    const offset = new FormReader().integer(form.offset);
    response.redirect(303, `/alerts${queryString({ done: 'acknowledged', offset: typeof offset === 'number' && offset > 0 ? offset : undefined })}#alert-${id}`);
  }
}
