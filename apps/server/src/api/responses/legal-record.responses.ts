import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPEAL_OUTCOMES, HEARING_OUTCOMES, HEARING_PURPOSES, LEGAL_CONTACT_KINDS, REMOVAL_ORDER_KINDS } from '@escale/stays';
import { INTEGER, NULLABLE_STRING, NULLABLE_TIME, NULLABLE_UUID, TIME, UUID } from './shared.js';
import { StayResponse } from './stays.responses.js';
import { Extension, Refusal } from './welfare.responses.js';

export class HearingResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) stayId: string;
  @ApiProperty(TIME) scheduledAt: string;
  @ApiProperty() court: string;
  @ApiProperty({ enum: HEARING_PURPOSES }) purpose: string;
  @ApiProperty({ enum: HEARING_OUTCOMES, nullable: true }) outcome: string | null;
  @ApiProperty(NULLABLE_TIME) decidedAt: string | null;
  @ApiProperty(NULLABLE_UUID) extensionId: string | null;
  @ApiProperty(NULLABLE_UUID) extensionRefusalId: string | null;
  @ApiProperty(NULLABLE_UUID) adjournedFromId: string | null;
}

export class HearingPage {
  @ApiProperty({ type: [HearingResponse] }) items: HearingResponse[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
  @ApiProperty({ description: 'the authority of an open removal stay ends with no hearing scheduled before then' }) authorityEndsWithoutHearing: boolean;
}

export class HearingOutcomeResponse {
  @ApiProperty({ type: HearingResponse }) hearing: HearingResponse;
  @ApiProperty({ type: StayResponse }) stay: StayResponse;
  @ApiPropertyOptional({ type: Extension, description: 'extension_granted: the extension it made' }) extension?: Extension;
  @ApiPropertyOptional({ type: Refusal, description: 'refused: the refusal, the person released' }) refusal?: Refusal;
  @ApiPropertyOptional({ type: HearingResponse, description: 'adjourned: the hearing it was adjourned to' }) nextHearing?: HearingResponse;
}

class OrderAppeal {
  @ApiProperty(TIME) lodgedAt: string;
  @ApiProperty() court: string;
  @ApiProperty({ description: 'lodged before the appeal deadline' }) inTime: boolean;
}

class OrderDecision {
  @ApiProperty(TIME) decidedAt: string;
  @ApiProperty({ enum: APPEAL_OUTCOMES, nullable: true }) outcome: string | null;
}

export class RemovalOrderResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) stayId: string;
  @ApiProperty({ enum: REMOVAL_ORDER_KINDS }) kind: string;
  @ApiProperty(NULLABLE_STRING) issuedBy: string | null;
  @ApiProperty(TIME) notifiedAt: string;
  @ApiProperty(TIME) appealDeadlineAt: string;
  @ApiProperty({ description: 'no appeal recorded and the deadline not yet passed' }) appealOpen: boolean;
  @ApiProperty({ type: OrderAppeal, nullable: true }) appeal: OrderAppeal | null;
  @ApiProperty({ type: OrderDecision, nullable: true }) decision: OrderDecision | null;
}

export class RemovalOrderPage {
  @ApiProperty({ type: [RemovalOrderResponse] }) items: RemovalOrderResponse[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
}

export class LegalContactResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) personId: string;
  @ApiProperty({ enum: LEGAL_CONTACT_KINDS }) kind: string;
  @ApiProperty() name: string;
  @ApiProperty(NULLABLE_STRING) organisation: string | null;
  @ApiProperty(NULLABLE_STRING) phone: string | null;
  @ApiProperty(NULLABLE_STRING) email: string | null;
  @ApiProperty(NULLABLE_STRING) notes: string | null;
  @ApiProperty(TIME) recordedAt: string;
  @ApiProperty(NULLABLE_UUID) recordedBy: string | null;
  @ApiProperty(NULLABLE_TIME) endedAt: string | null;
  @ApiProperty(NULLABLE_STRING) endReason: string | null;
}

export class LegalContactPage {
  @ApiProperty({ type: [LegalContactResponse] }) items: LegalContactResponse[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
}
