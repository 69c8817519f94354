import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Actor } from '@escale/platform';
import {
  AddLegalContactDto,
  EndLegalContactDto,
  HearingsService,
  LegalContactsService,
  LodgeAppealDto,
  RecordAppealDecisionDto,
  RecordHearingOutcomeDto,
  RecordRemovalOrderDto,
  RemovalOrdersService,
  ScheduleHearingDto,
} from '@escale/stays';
import { OnRecord, Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { IdPipe } from './id.pipe.js';
import { HearingOutcomeResponse, HearingPage, HearingResponse, LegalContactPage, LegalContactResponse, RemovalOrderPage, RemovalOrderResponse } from './responses/legal-record.responses.js';

export class LegalContactsQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'include contacts that were ended' })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeEnded?: 'true' | 'false';
}

/** The legal record of a placement: the judge's hearings, orders to leave France and their appeals, and the person's legal contacts. */
@ApiTags('legal record')
@ApiBearerAuth()
@Controller('api/v1')
export class LegalRecordController {
  constructor(
    private readonly hearings: HearingsService,
    private readonly orders: RemovalOrdersService,
    private readonly contacts: LegalContactsService,
  ) {}

  @Roles('staff')
  @OnRecord('stay')
  @Post('stays/:id/hearings')
  @ApiOperation({ summary: 'Schedule a judge’s hearing (JLD) of a removal-centre placement', description: 'It appears on the agenda (kind hearing) until its outcome is recorded.' })
  @ApiCreatedResponse({ type: HearingResponse, description: 'the hearing: {id, stayId, scheduledAt, court, purpose, outcome: null, ...}' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a hearing before the check-in' })
  @ApiConflictResponse({ description: 'REMOVAL_CENTRE_ONLY (a reception stay), STAY_CLOSED' })
  schedule(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: ScheduleHearingDto) {
    return this.hearings.schedule(actor, id, body);
  }

  @Roles('staff', 'caseworker')
  @OnRecord('stay')
  @Get('stays/:id/hearings')
  @ApiOperation({ summary: 'The hearings of a placement, soonest first', description: 'Those of this stay and of the stays of the same placement before it (transfers).' })
  @ApiOkResponse({ type: HearingPage, description: '{items, total, limit, offset, authorityEndsWithoutHearing}: the last is true when the authority of an open stay ends with no hearing scheduled before then' })
  listHearings(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.hearings.list(actor, id);
  }

  @Roles('staff', 'caseworker')
  @Get('hearings/:id')
  @ApiOperation({ summary: 'One hearing' })
  @ApiOkResponse({ type: HearingResponse, description: 'the hearing' })
  @ApiNotFoundResponse({ description: 'a hearing of a placement outside the caller’s centres' })
  getHearing(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.hearings.get(actor, id);
  }

  @Roles('staff')
  @Post('hearings/:id/outcome')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record what the judge decided at a hearing',
    description:
      'extension_granted {days}: the placement’s next extension, as POST /stays/:id/extensions (authorisedUntil moves). refused {releasedAt?}: the person is released by the court (the stay closes with released_by_court). adjourned {adjournedTo}: a new hearing is scheduled then.',
  })
  @ApiOkResponse({ type: HearingOutcomeResponse, description: '{hearing, stay, extension?, refusal?, nextHearing?}' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a decision in the future or before the check-in, a field of another outcome' })
  @ApiConflictResponse({ description: 'ALREADY_RECORDED (an outcome recorded before), AUTHORITY_EXPIRED, EXTENSION_NOT_ALLOWED, STAY_CLOSED' })
  recordOutcome(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: RecordHearingOutcomeDto) {
    return this.hearings.recordOutcome(actor, id, body);
  }

  @Roles('staff')
  @OnRecord('stay')
  @Post('stays/:id/removal-orders')
  @ApiOperation({ summary: 'Record an order to leave France notified to the person', description: 'The appeal deadline runs from the notification: 48 hours without a voluntary departure period, 30 days with one (configuration). It appears on the agenda (kind appeal_deadline) until an appeal is lodged.' })
  @ApiCreatedResponse({ type: RemovalOrderResponse, description: 'the order with its appealDeadlineAt' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: notified in the future, before the check-in or after the check-out' })
  recordOrder(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: RecordRemovalOrderDto) {
    return this.orders.record(actor, id, body);
  }

  @Roles('staff', 'caseworker')
  @OnRecord('stay')
  @Get('stays/:id/removal-orders')
  @ApiOperation({ summary: 'The orders to leave France of a placement, with their appeals' })
  @ApiOkResponse({ type: RemovalOrderPage, description: '{items, total, limit, offset}' })
  listOrders(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.orders.list(actor, id);
  }

  @Roles('staff', 'caseworker')
  @Get('removal-orders/:id')
  @ApiOperation({ summary: 'One order to leave France' })
  @ApiOkResponse({ type: RemovalOrderResponse, description: 'the order' })
  @ApiNotFoundResponse({ description: 'an order of a placement outside the caller’s centres' })
  getOrder(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.orders.get(actor, id);
  }

  @Roles('staff')
  @Post('removal-orders/:id/appeal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the appeal lodged against an order', description: 'An appeal lodged after the deadline is recorded, with appeal.inTime false.' })
  @ApiOkResponse({ type: RemovalOrderResponse, description: 'the order with its appeal' })
  @ApiConflictResponse({ description: 'ALREADY_RECORDED: an appeal was recorded before' })
  lodgeAppeal(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: LodgeAppealDto) {
    return this.orders.lodgeAppeal(actor, id, body);
  }

  @Roles('staff')
  @Post('removal-orders/:id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the court’s decision on the appeal', description: 'outcome annulled or upheld.' })
  @ApiOkResponse({ type: RemovalOrderResponse, description: 'the order with its decision' })
  @ApiConflictResponse({ description: 'ILLEGAL_TRANSITION (no appeal recorded), ALREADY_RECORDED' })
  recordDecision(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: RecordAppealDecisionDto) {
    return this.orders.recordDecision(actor, id, body);
  }

  @Roles('staff', 'caseworker')
  @OnRecord('person')
  @Post('people/:id/legal-contacts')
  @ApiOperation({ summary: 'Record the person’s lawyer, legal-aid association or consular contact', description: 'By the centre holding the person now (or the last one).' })
  @ApiCreatedResponse({ type: LegalContactResponse, description: 'the contact' })
  addContact(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: AddLegalContactDto) {
    return this.contacts.add(actor, id, body);
  }

  @Roles('staff', 'caseworker')
  @OnRecord('person')
  @Get('people/:id/legal-contacts')
  @ApiOperation({ summary: 'The person’s legal contacts, current first', description: 'Readable as health data is: by the centre holding the person now, or the last one once they left.' })
  @ApiOkResponse({ type: LegalContactPage, description: '{items, total, limit, offset}' })
  listContacts(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: LegalContactsQuery) {
    return this.contacts.list(actor, id, { includeEnded: query.includeEnded === 'true' });
  }

  @Roles('staff', 'caseworker')
  @Post('legal-contacts/:id/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a legal contact (withdrawn, replaced)', description: 'The contact is kept, with when and why it ended.' })
  @ApiOkResponse({ type: LegalContactResponse, description: 'the contact, ended' })
  @ApiConflictResponse({ description: 'ALREADY_RECORDED: ended before' })
  endContact(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: EndLegalContactDto) {
    return this.contacts.end(actor, id, body);
  }
}
