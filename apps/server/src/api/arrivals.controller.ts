import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NewPersonDto } from '@escale/people';
import { type Actor, ValidationFailed } from '@escale/platform';
import { type ArrivalRow, ArrivalsDto, ArrivalsService, CloseWaitingDto, WaitingCheckInDto } from '@escale/stays';
import { Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { ContractValidationPipe } from '../http/validation.pipe.js';
import { IdPipe } from './id.pipe.js';
import { ArrivalsResponse, ClosedWaitingResponse, InterceptionDetailResponse, WaitingPage } from './responses/arrivals.responses.js';
import { CheckInResponse } from './responses/stays.responses.js';
import { ApiErrors } from './openapi/api-errors.js';

const rowPipe = new ContractValidationPipe();

/** Each row's person checked on its own: a bad row is answered `invalid` with its fields, the others are recorded. */
export async function rowsOf(body: ArrivalsDto): Promise<ArrivalRow[]> {
  const rows: ArrivalRow[] = [];
  for (const [index, row] of body.people.entries()) {
    const base = { ref: row.ref, ...(row.householdRef ? { householdRef: row.householdRef } : {}) };
    if (!row.person === !row.personId) {
      rows.push({ ...base, fields: { [row.person ? 'personId' : 'person']: ['give either person (someone new) or personId (someone known), not both'] } });
      continue;
    }
    if (row.personId) {
      rows.push({ ...base, personId: row.personId });
      continue;
    }
    try {
      rows.push({ ...base, person: (await rowPipe.transform(row.person, { type: 'body', metatype: NewPersonDto, data: `people.${index}.person` })) as NewPersonDto });
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      const fields = error.details.fields as Record<string, string[]>;
      rows.push({ ...base, fields: Object.fromEntries(Object.entries(fields).map(([field, messages]) => [`person.${field}`, messages])) });
    }
  }
  return rows;
}

@ApiTags('arrivals')
@ApiBearerAuth()
@Controller('api/v1')
export class ArrivalsController {
  constructor(private readonly arrivals: ArrivalsService) {}

  @Roles('staff')
  @Post('interceptions/:id/arrivals')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the people of an interception arriving at a centre (up to 100)' })
  @ApiOkResponse({ type: ArrivalsResponse, description: 'one result per person sent, in order; an invalid person records nothing for them and does not stop the others' })
  async arrive(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: ArrivalsDto) {
    return { results: await this.arrivals.arrive(actor, id, body.centreId, body.households ?? [], await rowsOf(body)) };
  }

  @Roles('staff', 'caseworker', 'admin')
  @Get('interceptions/:id')
  @ApiOperation({ summary: 'An interception, with where each of its people is now' })
  @ApiOkResponse({ type: InterceptionDetailResponse })
  interception(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.arrivals.interception(actor, id);
  }

  @Roles('staff')
  @Get('centres/:id/waiting')
  @ApiOperation({ summary: 'People who arrived at a centre and have no bed yet' })
  @ApiOkResponse({ type: WaitingPage })
  async waiting(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    const items = await this.arrivals.listWaiting(actor, id);
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  @Roles('staff')
  @Post('waiting/:id/check-in')
  @ApiOperation({ summary: 'Check in a person from the waiting list' })
  @ApiCreatedResponse({ type: CheckInResponse, description: 'the same answer as a check-in' })
  @ApiErrors('WAITING_CLOSED', 'NO_BED_AVAILABLE', 'BED_OCCUPIED', 'BED_OUT_OF_SERVICE', 'PERSON_ALREADY_IN_CENTRE', 'MINOR_NOT_ALLOWED', 'AGE_DISPUTED', 'HOUSING_MISMATCH')
  checkIn(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: WaitingCheckInDto) {
    return this.arrivals.checkInWaiting(actor, id, body.bedId);
  }

  @Roles('staff')
  @Post('waiting/:id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a person off the waiting list without a bed' })
  @ApiOkResponse({ type: ClosedWaitingResponse })
  @ApiErrors('WAITING_CLOSED')
  close(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: CloseWaitingDto) {
    return this.arrivals.closeWaiting(actor, id, body);
  }
}
