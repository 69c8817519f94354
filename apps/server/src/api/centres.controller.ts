import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Bed, type Centre, CentresService, CreateBedsDto, CreateCentreDto, CreateUnitDto, DutyContactsService, SetDutyContactsDto, type Unit, UpdateBedDto, UpdateCentreSettingsDto } from '@escale/centres';
import { type Actor, type Page, PageQuery } from '@escale/platform';
import { AnyUser, Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { IdPipe } from './id.pipe.js';
import { ApiErrors } from './openapi/api-errors.js';
import { BedList, BedResponse, CentrePage, CentreResponse, DutyContactList, OccupancyResponse, UnitResponse } from './responses/centres.responses.js';

const centreView = (c: Centre) => ({
  id: c.id,
  code: c.code,
  name: c.name,
  kind: c.kind,
  maxStayDays: c.maxStayDays,
  initialAuthorisationDays: c.initialAuthorisationDays,
  timezone: c.timezone,
  welfareStandardMinutes: c.welfareStandardMinutes,
  welfareHeightenedMinutes: c.welfareHeightenedMinutes,
  welfareConstantMinutes: c.welfareConstantMinutes,
  firstWelfareCheckMinutes: c.firstWelfareCheckMinutes,
});
const unitView = (u: Unit) => ({ id: u.id, centreId: u.centreId, name: u.name, housing: u.housing });
const bedView = (b: Bed) => ({
  id: b.id,
  unitId: b.unitId,
  centreId: b.centreId,
  label: b.label,
  position: b.position,
  inService: b.inService,
  occupied: b.occupied,
  outOfService: b.inService ? null : { reason: b.outOfServiceReason, note: b.outOfServiceNote, expectedBackOn: b.expectedBackOn },
});

@ApiTags('centres')
@ApiBearerAuth()
@Controller('api/v1')
export class CentresController {
  constructor(
    private readonly centres: CentresService,
    private readonly dutyContacts: DutyContactsService,
  ) {}

  @Roles('admin', 'staff')
  @Get('centres/:id/duty-contacts')
  @ApiOperation({ summary: 'The users alerted out of hours for a centre' })
  @ApiOkResponse({ type: DutyContactList })
  async listDutyContacts(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return { items: await this.dutyContacts.list(actor, id) };
  }

  @Roles('admin')
  @Put('centres/:id/duty-contacts')
  @ApiOperation({ summary: 'Set the users alerted out of hours for a centre' })
  @ApiOkResponse({ type: DutyContactList, description: 'the duty contacts as set' })
  async setDutyContacts(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: SetDutyContactsDto) {
    return { items: await this.dutyContacts.set(actor, id, body.userIds) };
  }

  @Roles('admin')
  @Post('centres')
  @ApiOperation({ summary: 'Create a centre' })
  @ApiCreatedResponse({ type: CentreResponse })
  @ApiErrors('CODE_TAKEN')
  async create(@CurrentActor() actor: Actor, @Body() body: CreateCentreDto) {
    return centreView(await this.centres.createCentre(actor, body));
  }

  @AnyUser()
  @Get('centres')
  @ApiOperation({ summary: 'Centres the caller may see' })
  @ApiOkResponse({ type: CentrePage })
  async list(@CurrentActor() actor: Actor, @Query() page: PageQuery): Promise<Page<ReturnType<typeof centreView>>> {
    const result = await this.centres.listCentres(actor, page.limit, page.offset);
    return { ...result, items: result.items.map(centreView) };
  }

  @AnyUser()
  @Get('centres/:id')
  @ApiOperation({ summary: 'A centre' })
  @ApiOkResponse({ type: CentreResponse })
  async get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return centreView(await this.centres.getCentre(actor, id));
  }

  /** Changes a centre's limits and welfare intervals; the fields not sent keep their value. */
  @Roles('admin')
  @Patch('centres/:id')
  @ApiOperation({ summary: 'Change a centre’s limits and welfare intervals' })
  @ApiOkResponse({ type: CentreResponse })
  async updateSettings(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: UpdateCentreSettingsDto) {
    return centreView(await this.centres.updateSettings(actor, id, body));
  }

  @Roles('admin')
  @Post('centres/:id/units')
  @ApiOperation({ summary: 'Add a unit to a centre' })
  @ApiCreatedResponse({ type: UnitResponse })
  async createUnit(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: CreateUnitDto) {
    return unitView(await this.centres.createUnit(actor, id, body));
  }

  @Roles('admin')
  @Post('units/:id/beds')
  @ApiOperation({ summary: 'Add beds to a unit' })
  @ApiCreatedResponse({ type: BedList })
  async createBeds(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: CreateBedsDto) {
    return { items: (await this.centres.createBeds(actor, id, body.labels)).map(bedView) };
  }

  @Roles('admin', 'staff')
  @Patch('beds/:id')
  @ApiOperation({ summary: 'Take a bed out of service or put it back' })
  @ApiOkResponse({ type: BedResponse })
  @ApiErrors('BED_OCCUPIED')
  async updateBed(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: UpdateBedDto) {
    return bedView(await this.centres.setBedInService(actor, id, body));
  }

  @Roles('admin', 'staff', 'funder')
  @Get('centres/:id/occupancy')
  @ApiOperation({ summary: 'A centre’s capacity and occupied beds, by unit' })
  @ApiOkResponse({ type: OccupancyResponse })
  async occupancy(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    const { capacity, occupied, available, units } = await this.centres.occupancy(actor, id);
    return {
      capacity,
      occupied,
      available,
      units: units.map(({ id: unitId, name, housing, capacity: c, occupied: o, outOfService }) => ({ id: unitId, name, housing, capacity: c, occupied: o, outOfService })),
    };
  }
}
