import { ApiProperty } from '@nestjs/swagger';
import { EXIT_REASONS, PROPERTY_KINDS, PROPERTY_SIGNERS } from '@escale/stays';
import { INTEGER, NULLABLE_STRING, NULLABLE_TIME, NULLABLE_UUID, TIME, UUID } from './shared.js';

class TransferEnd {
  @ApiProperty(UUID) centreId: string;
  @ApiProperty() centreName: string;
  @ApiProperty({ description: 'the transfer receipt' }) receiptNumber: string;
  @ApiProperty(TIME) at: string;
  @ApiProperty({ ...UUID, description: 'the member of staff who handed the property over' }) handedOverBy: string;
}

export class PropertyItemResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty({ enum: PROPERTY_KINDS }) kind: string;
  @ApiProperty() description: string;
  @ApiProperty(INTEGER) quantity: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'cash, in minor units' }) amountCents: number | null;
  @ApiProperty({ ...NULLABLE_STRING, description: 'ISO 4217, for cash' }) currency: string | null;
  @ApiProperty({ description: 'the deposit receipt' }) receiptNumber: string;
  @ApiProperty(TIME) depositedAt: string;
  @ApiProperty({ enum: ['held', 'returned', 'transferred'] }) status: string;
  @ApiProperty(NULLABLE_TIME) returnedAt: string | null;
  @ApiProperty({ ...NULLABLE_UUID, description: 'the signed return receipt, when returned against one (not at check-out)' }) returnId: string | null;
  @ApiProperty(NULLABLE_STRING) returnReceiptNumber: string | null;
  @ApiProperty({ enum: PROPERTY_SIGNERS, nullable: true }) signedBy: string | null;
  @ApiProperty(NULLABLE_STRING) representativeName: string | null;
  @ApiProperty({ type: TransferEnd, nullable: true, description: 'received at a transfer: where from' }) receivedFrom: TransferEnd | null;
  @ApiProperty({ type: TransferEnd, nullable: true, description: 'moved on with the person: where to' }) transferredTo: TransferEnd | null;
}

export class CashTotalResponse {
  @ApiProperty() currency: string;
  @ApiProperty(INTEGER) heldCents: number;
  @ApiProperty(INTEGER) returnedCents: number;
  @ApiProperty(INTEGER) transferredCents: number;
}

export class PropertyDepositResponse {
  @ApiProperty() receiptNumber: string;
  @ApiProperty({ type: [PropertyItemResponse], description: 'in the order deposited' }) items: PropertyItemResponse[];
}

export class PropertyListResponse {
  @ApiProperty({ type: [PropertyItemResponse] }) items: PropertyItemResponse[];
  @ApiProperty({ type: [CashTotalResponse], description: 'cash per currency, by what became of it' }) cashTotals: CashTotalResponse[];
}

export class ReturnReceiptResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) stayId: string;
  @ApiProperty(UUID) personId: string;
  @ApiProperty(UUID) centreId: string;
  @ApiProperty() receiptNumber: string;
  @ApiProperty(TIME) returnedAt: string;
  @ApiProperty({ ...UUID, description: 'the member of staff who handed it back' }) returnedBy: string;
  @ApiProperty({ enum: PROPERTY_SIGNERS }) signedBy: string;
  @ApiProperty(NULLABLE_STRING) representativeName: string | null;
  @ApiProperty({ type: [PropertyItemResponse] }) items: PropertyItemResponse[];
  @ApiProperty({ type: [CashTotalResponse] }) cashTotals: CashTotalResponse[];
}

class OwedStay {
  @ApiProperty(UUID) stayId: string;
  @ApiProperty(UUID) personId: string;
  @ApiProperty() familyName: string;
  @ApiProperty() givenNames: string;
  @ApiProperty(TIME) checkedOutAt: string;
  @ApiProperty({ enum: EXIT_REASONS }) exitReason: string;
  @ApiProperty({ type: [PropertyItemResponse], description: 'held, not returned' }) items: PropertyItemResponse[];
  @ApiProperty({ type: [CashTotalResponse] }) cashTotals: CashTotalResponse[];
}

export class OwedPropertyPage {
  @ApiProperty({ type: [OwedStay], description: 'longest owed first' }) items: OwedStay[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
  @ApiProperty({ type: [CashTotalResponse], description: 'cash the centre still holds for everyone who left' }) cashTotals: CashTotalResponse[];
}
