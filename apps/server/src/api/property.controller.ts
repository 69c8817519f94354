import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBadRequestResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, PageQuery } from '@escale/platform';
import { cashTotals, DepositPropertyDto, PropertyService, ReturnPropertyDto } from '@escale/stays';
import { OnRecord, Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { IdPipe } from './id.pipe.js';
import { OwedPropertyPage, PropertyDepositResponse, PropertyListResponse, ReturnReceiptResponse } from './responses/property.responses.js';

@ApiTags('property')
@ApiBearerAuth()
@Controller('api/v1')
export class PropertyController {
  constructor(private readonly property: PropertyService) {}

  @Roles('staff')
  @OnRecord('stay')
  @Post('stays/:id/property')
  @ApiOperation({ summary: 'Deposit property and cash against one receipt', description: 'Cash needs amountCents (currency defaults to EUR); an item has neither. Only on an open stay (409 STAY_CLOSED).' })
  @ApiCreatedResponse({ type: PropertyDepositResponse, description: 'the receipt number and the items deposited' })
  depositProperty(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: DepositPropertyDto) {
    return this.property.depositProperty(actor, id, body);
  }

  @Roles('staff', 'caseworker')
  @OnRecord('stay')
  @Get('stays/:id/property')
  @ApiOperation({
    summary: 'The property of a stay, with cash totals per currency',
    description: 'Each item has a status: held, returned (with the signed receipt when returned against one) or transferred (moved on with the person: transferredTo names the centre and the transfer receipt). Items received at a transfer name where from (receivedFrom).',
  })
  @ApiOkResponse({ type: PropertyListResponse })
  async listProperty(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    const items = await this.property.listProperty(actor, id);
    return { items, cashTotals: cashTotals(items) };
  }

  @Roles('staff')
  @OnRecord('stay')
  @Post('stays/:id/property/returns')
  @ApiOperation({
    summary: 'Hand property back against a signed receipt',
    description: 'Also after the stay closed. The items must be held for this stay (not returned, not transferred on). signedBy is the person, or a representative named in representativeName.',
  })
  @ApiCreatedResponse({ type: ReturnReceiptResponse, description: 'the return receipt' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: an item not held for this stay, a representative without a name, a time in the future' })
  returnProperty(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: ReturnPropertyDto) {
    return this.property.returnProperty(actor, id, body);
  }

  @Roles('staff', 'caseworker')
  @OnRecord('stay')
  @Get('stays/:id/property/returns/:returnId')
  @ApiOperation({ summary: 'A signed return receipt of the stay, to print again' })
  @ApiOkResponse({ type: ReturnReceiptResponse, description: 'the return receipt' })
  returnReceipt(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Param('returnId', IdPipe) returnId: string) {
    return this.property.getReturnReceipt(actor, id, returnId);
  }

  @Roles('staff')
  @Get('centres/:id/property/owed')
  @ApiOperation({ summary: 'Property still held for people who have left the centre', description: 'By stay, longest owed first, with cash totals per currency for each stay and for the centre.' })
  @ApiOkResponse({ type: OwedPropertyPage })
  owed(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() page: PageQuery) {
    return this.property.owed(actor, id, page);
  }
}
