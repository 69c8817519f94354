import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PeopleService } from '@escale/people';
import { type Actor, PageQuery } from '@escale/platform';
import {
  CheckInDto,
  CheckOutDto,
  CreateHouseholdDto,
  CreateInterceptionDto,
  DepositPropertyDto,
  type Interception,
  ListStaysQuery,
  RegisterQuery,
  registerCsv,
  StaysService,
  TransferDto,
} from '@escale/stays';
import { OnRecord, Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { IdPipe } from './id.pipe.js';

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
  async createInterception(@CurrentActor() actor: Actor, @Body() body: CreateInterceptionDto) {
    return interceptionView(await this.stays.createInterception(actor, body));
  }

  @Roles('staff', 'caseworker')
  @Get('interceptions')
  async listInterceptions(@CurrentActor() actor: Actor, @Query() page: PageQuery) {
    const result = await this.stays.listInterceptions(actor, page.limit, page.offset);
    return { ...result, items: result.items.map(interceptionView) };
  }

  @Roles('staff')
  @Post('households')
  async createHousehold(@CurrentActor() actor: Actor, @Body() body: CreateHouseholdDto) {
    const household = await this.people.createHousehold(actor, body.label);
    return { id: household.id, label: household.label };
  }

  @Roles('staff')
  @Post('centres/:id/check-ins')
  checkIn(@CurrentActor() actor: Actor, @Param('id', IdPipe) centreId: string, @Body() body: CheckInDto) {
    return this.stays.checkIn(actor, centreId, body);
  }

  @Roles('staff', 'caseworker')
  @OnRecord('stay')
  @Get('stays')
  listStays(@CurrentActor() actor: Actor, @Query() query: ListStaysQuery) {
    return this.stays.listStays(actor, { centreId: query.centreId, open: query.open === undefined ? undefined : query.open === 'true', limit: query.limit, offset: query.offset });
  }

  @Roles('staff', 'caseworker')
  @OnRecord('stay')
  @Get('stays/:id')
  getStay(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.stays.getStay(actor, id);
  }

  @Roles('staff')
  @OnRecord('stay')
  @Post('stays/:id/check-out')
  @HttpCode(200)
  checkOut(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: CheckOutDto) {
    return this.stays.checkOut(actor, id, body);
  }

  @Roles('staff')
  @OnRecord('stay')
  @Post('stays/:id/transfers')
  transfer(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: TransferDto) {
    return this.stays.transfer(actor, id, body);
  }

  @Roles('staff')
  @OnRecord('stay')
  @Post('stays/:id/property')
  depositProperty(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: DepositPropertyDto) {
    return this.stays.depositProperty(actor, id, body);
  }

  @Roles('staff', 'caseworker')
  @OnRecord('stay')
  @Get('stays/:id/property')
  async listProperty(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return { items: await this.stays.listProperty(actor, id) };
  }

  @Roles('staff')
  @Get('centres/:id/register')
  async register(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: RegisterQuery, @Res({ passthrough: true }) response: Response) {
    if (query.format !== 'csv') return this.stays.register(actor, id, query);
    const all = await this.stays.registerExport(actor, id, { from: query.from, to: query.to });
    response.type('text/csv').attachment('register.csv').setHeader('X-Total-Count', String(all.total));
    return registerCsv(all.items);
  }
}
