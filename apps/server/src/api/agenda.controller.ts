import { Controller, Delete, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AGENDA_KINDS, type AgendaEntry, type AgendaItem, AgendaQuery, AgendaService, type AgendaKind, CalendarFeedService, FEED_DAYS } from '@escale/agenda';
import type { Actor, Page } from '@escale/platform';
import { Public, Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { originOf, type EscaleRequest } from '../http/request-context.js';

export class AgendaItemResponse {
  @ApiProperty({ enum: AGENDA_KINDS }) kind: AgendaKind;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ description: 'due before now' }) overdue: boolean;
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'holding clocks, hearings, appeal deadlines and medical reports' }) stayId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) caseId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'referral deadlines' }) referralId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'tasks' }) taskId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'medical report replies' }) medicalReportId?: string;
}

export class AgendaPageResponse {
  @ApiProperty({ type: [AgendaItemResponse] }) items: AgendaItemResponse[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class CalendarFeedResponse {
  @ApiProperty({ description: 'the feed address, with its secret token: shown only in this answer', example: 'https://escale.example/api/v1/agenda/calendar.ics?token=ecal_…' })
  url: string;
}

/** The API's view of an item: the contract's fields, ids only (no centre details, no name). */
const toItem = ({ centre: _centre, personName: _name, ...item }: AgendaEntry): AgendaItem => item;

@ApiTags('agenda')
@Controller('api/v1/agenda')
export class AgendaController {
  constructor(
    private readonly agenda: AgendaService,
    private readonly feeds: CalendarFeedService,
  ) {}

  @Roles('staff', 'caseworker')
  @Get()
  @ApiBearerAuth()
  @ApiOkResponse({ type: AgendaPageResponse, description: "everything due in the period in the caller's centres, soonest first; each person listed is an audited read" })
  @ApiNotFoundResponse({ description: "a centreId outside the caller's centres" })
  @ApiOperation({ summary: 'Everything due in a period in the caller’s centres, soonest first' })
  async list(@CurrentActor() actor: Actor, @Query() query: AgendaQuery): Promise<Page<AgendaItem>> {
    const page = await this.agenda.list(actor, query);
    return { ...page, items: page.items.map(toItem) };
  }

  /** Issues the caller's calendar feed address (a new one replaces the old). */
  @Roles('staff', 'caseworker')
  @Post('feed')
  @ApiBearerAuth()
  @ApiCreatedResponse({ type: CalendarFeedResponse, description: 'the address is shown once; only a hash of its token is kept' })
  @ApiOperation({ summary: 'Issue (or replace) the caller’s private calendar feed address' })
  issueFeed(@CurrentActor() actor: Actor): Promise<CalendarFeedResponse> {
    return this.feeds.issue(actor);
  }

  @Roles('staff', 'caseworker')
  @Delete('feed')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'the feed is revoked: its address answers 404' })
  @ApiNotFoundResponse({ description: 'the caller has no feed' })
  @ApiOperation({ summary: 'Revoke the caller’s calendar feed address' })
  async revokeFeed(@CurrentActor() actor: Actor): Promise<void> {
    await this.feeds.revoke(actor);
  }

  /**
   * The feed itself, for calendar applications, which carry no credentials but the address: public
   * in the access model, it answers only to a live token. The token travels in the query string,
   * which is never logged.
   */
  @Public()
  @Get('calendar.ics')
  @ApiQuery({ name: 'token', type: String, required: true, description: 'the secret token of the feed address' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: `iCalendar: what is due (the kind, in the owner's language), in which centre, when, and a link; overdue items and the next ${FEED_DAYS} days. No names or other personal data.`, schema: { type: 'string' } })
  @ApiNotFoundResponse({ description: 'an unknown or revoked token, or a disabled account' })
  @ApiOperation({ summary: 'The agenda as an iCalendar feed, for a calendar application' })
  async calendar(@Query('token') token: unknown, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const text = await this.feeds.read(typeof token === 'string' ? token : undefined, originOf(request));
    response.status(200).setHeader('Cache-Control', 'no-store');
    response.type('text/calendar; charset=utf-8').send(text);
  }
}
