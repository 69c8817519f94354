import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PeopleService } from '@escale/people';
import { type Actor, PageQuery } from '@escale/platform';
import {
  CheckInDto,
  CheckOutDto,
  CreateHouseholdDto,
  CreateInterceptionDto,
  type Interception,
  JoinHouseholdDto,
  MoveBedDto,
  PlacementPlanDto,
  ListStaysQuery,
  StaysService,
  TransferDto,
} from '@escale/stays';
import { OnRecord, Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { IdPipe } from './id.pipe.js';
import { ApiErrors } from './openapi/api-errors.js';
import { BedMoveList, CheckInResponse, CheckOutResponse, HouseholdResponse, InterceptionPage, InterceptionResponse, PlacementPlanResponse, StayPage, StayResponse } from './responses/stays.responses.js';

const interceptionView = (i: Interception) => ({ id: i.id, occurredAt: i.occurredAt.toISOString(), location: i.location, agency: i.agency, groupSize: i.groupSize });

@ApiTags('stays')
@ApiBearerAuth()
@Controller('api/v1')
export class StaysController {
  constructor(
    private readonly stays: StaysService,
    private readonly people: PeopleService,
  ) {}

  @Roles('staff')
  @Post('interceptions')
  @ApiOperation({ summary: 'Record an interception (a prevented crossing)' })
  @ApiCreatedResponse({ type: InterceptionResponse })
  async createInterception(@CurrentActor() actor: Actor, @Body() body: CreateInterceptionDto) {
    return interceptionView(await this.stays.createInterception(actor, body));
  }

  @Roles('staff', 'caseworker')
  @Get('interceptions')
  @ApiOperation({ summary: 'Interceptions recorded' })
  @ApiOkResponse({ type: InterceptionPage })
  async listInterceptions(@CurrentActor() actor: Actor, @Query() page: PageQuery) {
    const result = await this.stays.listInterceptions(actor, page.limit, page.offset);
    return { ...result, items: result.items.map(interceptionView) };
  }

  @Roles('staff')
  @Post('households')
  @ApiOperation({ summary: 'Create a household (a family checked in together)' })
  @ApiCreatedResponse({ type: HouseholdResponse })
  async createHousehold(@CurrentActor() actor: Actor, @Body() body: CreateHouseholdDto) {
    const household = await this.people.createHousehold(actor, body.label);
    return { id: household.id, label: household.label };
  }

  @Roles('staff')
  @Post('centres/:id/check-ins')
  @ApiOperation({ summary: 'Check a person in to a centre' })
  @ApiCreatedResponse({ type: CheckInResponse, description: 'the stay, the person (new or known), their case, and people already recorded who may be them' })
  @ApiErrors('NO_BED_AVAILABLE', 'BED_OCCUPIED', 'BED_OUT_OF_SERVICE', 'PERSON_ALREADY_IN_CENTRE', 'MINOR_NOT_ALLOWED', 'AGE_DISPUTED', 'HOUSING_MISMATCH')
  checkIn(@CurrentActor() actor: Actor, @Param('id', IdPipe) centreId: string, @Body() body: CheckInDto) {
    return this.stays.checkIn(actor, centreId, body);
  }

  @Roles('staff', 'caseworker')
  @OnRecord('stay')
  @Get('stays')
  @ApiOperation({ summary: 'Stays in the caller’s centres' })
  @ApiOkResponse({ type: StayPage })
  listStays(@CurrentActor() actor: Actor, @Query() query: ListStaysQuery) {
    return this.stays.listStays(actor, { centreId: query.centreId, open: query.open === undefined ? undefined : query.open === 'true', limit: query.limit, offset: query.offset });
  }

  @Roles('staff', 'caseworker')
  @OnRecord('stay')
  @Get('stays/:id')
  @ApiOperation({ summary: 'A stay, with its welfare level and legal clocks' })
  @ApiOkResponse({ type: StayResponse })
  getStay(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.stays.getStay(actor, id);
  }

  @Roles('staff')
  @OnRecord('stay')
  @Post('stays/:id/check-out')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check a person out' })
  @ApiOkResponse({ type: CheckOutResponse, description: 'the closed stay, and the property returned or still held' })
  @ApiErrors('STAY_CLOSED')
  checkOut(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: CheckOutDto) {
    return this.stays.checkOut(actor, id, body);
  }

  @Roles('staff')
  @OnRecord('stay')
  @Post('stays/:id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Undo a check-out recorded in error', description: 'Within 24 hours of the check-out being recorded, while the bed is still free and the person has had no other stay since. The case goes back to its status before the departure, property handed back at the check-out is held again, the alerts the check-out resolved are open again. A transfer, or a release ordered by a judge, is not undone this way.' })
  @ApiOkResponse({ type: StayResponse, description: 'the stay, open again' })
  @ApiConflictResponse({ description: 'REOPEN_NOT_ALLOWED, with details.reason' })
  reopen(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.stays.reopen(actor, id);
  }

  @Roles('staff')
  @OnRecord('stay')
  @Post('stays/:id/bed-moves')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a person to another bed of the same centre', description: 'A free bed in service, under the housing rules of check-in (an adult of a household may be named a bed among adults of their sex; a minor only in a family unit holding their household alone). The bed left is kept in the stay’s bed history (GET /stays/:id/bed-moves).' })
  @ApiOkResponse({ type: StayResponse, description: 'the stay on its new bed' })
  @ApiConflictResponse({ description: 'STAY_CLOSED, BED_OCCUPIED, BED_OUT_OF_SERVICE, HOUSING_MISMATCH, VERSION_CONFLICT' })
  moveBed(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: MoveBedDto) {
    return this.stays.moveBed(actor, id, body);
  }

  @Roles('staff', 'caseworker')
  @OnRecord('stay')
  @Get('stays/:id/bed-moves')
  @ApiOperation({ summary: 'Where the person slept before their current bed, oldest first' })
  @ApiOkResponse({ type: BedMoveList })
  async listBedMoves(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return { items: await this.stays.listBedMoves(actor, id) };
  }

  @Roles('staff')
  @OnRecord('stay')
  @Put('stays/:id/household')
  @ApiOperation({
    summary: 'Join a household after check-in',
    description: 'With bedId the person moves to that bed in the same transaction. Without it the current bed is kept when it is in a family unit holding no other household; otherwise the household’s family unit or an empty one is found and the person moved there (409 NO_BED_AVAILABLE when there is none: name a bed, or ask for a placement plan).',
  })
  @ApiOkResponse({ type: StayResponse, description: 'the stay with its household (and its bed, when moved)' })
  @ApiConflictResponse({ description: 'STAY_CLOSED, NO_BED_AVAILABLE, BED_OCCUPIED, BED_OUT_OF_SERVICE, HOUSING_MISMATCH, VERSION_CONFLICT' })
  joinHousehold(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: JoinHouseholdDto) {
    return this.stays.joinHousehold(actor, id, body);
  }

  @Roles('staff')
  @Post('centres/:id/placement-plans')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Propose beds for a family no empty family unit can take whole',
    description: 'Writes nothing. together: one family unit for all. Otherwise the children go to family units holding no other household, each with an adult of the family first, and the other adults to units of their sex, together; a minor is never proposed beside an unrelated adult (unplaced, no_family_unit). Confirm by checking each member in with the proposed bedId and the householdId.',
  })
  @ApiOkResponse({ type: PlacementPlanResponse, description: 'the proposed beds, and the members left without one' })
  placementPlan(@CurrentActor() actor: Actor, @Param('id', IdPipe) centreId: string, @Body() body: PlacementPlanDto) {
    return this.stays.placementPlan(actor, centreId, body);
  }

  @Roles('staff')
  @OnRecord('stay')
  @Post('stays/:id/transfers')
  @ApiOperation({ summary: 'Transfer a person to another centre' })
  @ApiCreatedResponse({ type: StayResponse, description: 'the new stay; the old one closes with reason transferred' })
  @ApiErrors('STAY_CLOSED', 'NO_BED_AVAILABLE', 'BED_OCCUPIED', 'BED_OUT_OF_SERVICE', 'PERSON_ALREADY_IN_CENTRE', 'MINOR_NOT_ALLOWED', 'AGE_DISPUTED', 'HOUSING_MISMATCH')
  transfer(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: TransferDto) {
    return this.stays.transfer(actor, id, body);
  }
}
