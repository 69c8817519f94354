import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { INTEGER, NULLABLE_UUID, TIME, UUID } from './shared.js';
import { InterceptionResponse, PossibleDuplicateResponse } from './stays.responses.js';

class ArrivalResult {
  @ApiProperty({ description: 'the ref sent for this person' }) ref: string;
  @ApiProperty({ enum: ['checked_in', 'awaiting_bed', 'invalid'] }) status: string;
  @ApiPropertyOptional(UUID) personId?: string;
  @ApiPropertyOptional(UUID) stayId?: string;
  @ApiPropertyOptional({ ...UUID, description: 'awaiting_bed: the entry on the centre’s waiting list' }) waitingId?: string;
  @ApiPropertyOptional({ description: 'invalid: the error code, as a whole request would have answered' }) code?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } }, description: 'invalid: the offending fields' }) fields?: Record<string, string[]>;
  @ApiProperty({ type: [PossibleDuplicateResponse] }) possibleDuplicates: PossibleDuplicateResponse[];
}

export class ArrivalsResponse {
  @ApiProperty({ type: [ArrivalResult], description: 'in the order sent' }) results: ArrivalResult[];
}

class InterceptionPerson {
  @ApiProperty(UUID) personId: string;
  @ApiProperty({ enum: ['checked_in', 'checked_out', 'awaiting_bed', 'left_waiting_list'] }) status: string;
  @ApiPropertyOptional(UUID) stayId?: string;
  @ApiProperty(UUID) centreId: string;
}

export class InterceptionDetailResponse extends InterceptionResponse {
  @ApiProperty(INTEGER) recorded: number;
  @ApiProperty(INTEGER) checkedIn: number;
  @ApiProperty(INTEGER) awaitingBed: number;
  @ApiProperty({ type: [InterceptionPerson] }) people: InterceptionPerson[];
}

export class WaitingResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) personId: string;
  @ApiProperty(UUID) centreId: string;
  @ApiProperty(TIME) arrivedAt: string;
  @ApiProperty(NULLABLE_UUID) interceptionId: string | null;
  @ApiProperty(NULLABLE_UUID) householdId: string | null;
}

export class WaitingPage {
  @ApiProperty({ type: [WaitingResponse] }) items: WaitingResponse[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
}

export class ClosedWaitingResponse extends WaitingResponse {
  @ApiProperty(TIME) closedAt: string;
  @ApiProperty({ enum: ['transferred_elsewhere', 'left', 'other'] }) closeReason: string;
}
