import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor } from '@escale/platform';
import { RegisterQuery, registerCsv, RegisterService } from '@escale/stays';
import { OnRecord, Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { IdPipe } from './id.pipe.js';
import { ApiJsonOrCsv } from './openapi/api-responses.js';
import { StayRegisterResponse, RegisterPage } from './responses/register.responses.js';

/** The register of CESEDA L744-2: staff of the centre, administrators and auditors read it. */
@ApiTags('register')
@ApiBearerAuth()
@Controller('api/v1')
export class RegisterController {
  constructor(private readonly register: RegisterService) {}

  @Roles('staff', 'admin', 'auditor')
  @Get('centres/:id/register')
  @ApiOperation({
    summary: 'The centre’s register: every stay present in the period, with its dated entries',
    description:
      'One row per stay (identity, unit, bed, check-in, check-out, exit) with entries: [{at, kind, …}], kind one of placement, transfer_in, rights_notified, hearing, extension, extension_refused, removal_order, removal_order_appeal, asylum_claim, transfer_out, exit (docs/legal-record.md). ?format=csv gives the whole period (X-Total-Count), the entries of a stay in one cell. Every person shown is an audited read.',
  })
  @ApiJsonOrCsv(RegisterPage, 'a page of register rows, each stay with its dated entries')
  async centreRegister(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: RegisterQuery, @Res({ passthrough: true }) response: Response) {
    if (query.format !== 'csv') return this.register.register(actor, id, query);
    const all = await this.register.registerExport(actor, id, { from: query.from, to: query.to });
    response.type('text/csv').attachment('register.csv').setHeader('X-Total-Count', String(all.total));
    return registerCsv(all.items);
  }

  @Roles('staff', 'admin', 'auditor')
  @OnRecord('stay')
  @Get('stays/:id/register')
  @ApiOperation({ summary: 'One stay’s entries of the register, oldest first', description: 'The same entries as the centre’s register, for one person’s stay. The read is audited.' })
  @ApiOkResponse({ type: StayRegisterResponse })
  stayRegister(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.register.stayEntries(actor, id);
  }
}
