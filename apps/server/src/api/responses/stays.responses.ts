import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXIT_REASONS, WELFARE_LEVELS } from '@escale/stays';
import { SEXES } from '@escale/people';
import { HOUSINGS } from '@escale/centres';
import { PropertyItemResponse } from './property.responses.js';
import { DATE, INTEGER, NULLABLE_STRING, NULLABLE_TIME, NULLABLE_UUID, TIME, UUID } from './shared.js';

export class StayResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) personId: string;
  @ApiProperty(UUID) centreId: string;
  @ApiProperty(UUID) unitId: string;
  @ApiProperty(UUID) bedId: string;
  @ApiProperty(UUID) caseId: string;
  @ApiProperty(NULLABLE_UUID) householdId: string | null;
  @ApiProperty(NULLABLE_UUID) interceptionId: string | null;
  @ApiProperty(TIME) checkedInAt: string;
  @ApiProperty(NULLABLE_TIME) checkedOutAt: string | null;
  @ApiProperty({ ...NULLABLE_TIME, description: 'when the check-out was recorded; it may be undone for 24 hours after' }) checkOutRecordedAt: string | null;
  @ApiProperty({ ...NULLABLE_TIME, description: 'on the current bed since (a bed move); null on the check-in bed' }) bedSince: string | null;
  @ApiProperty({ enum: EXIT_REASONS, nullable: true }) exitReason: string | null;
  @ApiProperty(NULLABLE_STRING) destination: string | null;
  @ApiProperty({ ...TIME, description: 'the centre’s legal maximum stay' }) legalLimitAt: string;
  @ApiProperty({ ...NULLABLE_TIME, description: 'removal centres: the end of the holding authority, moved by extensions' }) authorisedUntil: string | null;
  @ApiProperty(NULLABLE_TIME) asylumClaimWindowEndsAt: string | null;
  @ApiProperty(NULLABLE_TIME) rightsNotifiedAt: string | null;
  @ApiProperty() ageAssessmentRequired: boolean;
  @ApiProperty({ enum: WELFARE_LEVELS }) welfareLevel: string;
  @ApiProperty({ ...NULLABLE_TIME, description: 'null once checked out' }) nextWelfareCheckDue: string | null;
  @ApiProperty(NULLABLE_UUID) transferredFromId: string | null;
  @ApiProperty(INTEGER) version: number;
}

export class StayPage {
  @ApiProperty({ type: [StayResponse] }) items: StayResponse[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
}

class LastStay {
  @ApiProperty(UUID) centreId: string;
  @ApiProperty() centreCode: string;
  @ApiProperty() centreName: string;
  @ApiProperty(TIME) checkedInAt: string;
  @ApiProperty(NULLABLE_TIME) checkedOutAt: string | null;
}

export class PossibleDuplicateResponse {
  @ApiProperty(UUID) personId: string;
  @ApiProperty({ minimum: 0, maximum: 1 }) score: number;
  @ApiProperty() familyName: string;
  @ApiProperty() givenNames: string;
  @ApiProperty(DATE) dateOfBirth: string;
  @ApiProperty() dobEstimated: boolean;
  @ApiProperty({ enum: SEXES }) sex: string;
  @ApiProperty({ type: [String] }) nationalities: string[];
  @ApiProperty({
    type: 'array',
    items: { type: 'string', enum: ['same_name', 'similar_name', 'same_date_of_birth', 'close_date_of_birth', 'other_date_of_birth', 'other_sex', 'shared_nationality', 'other_nationality', 'same_identifier'] },
    description: 'what made the score',
  })
  evidence: string[];
  @ApiProperty({ type: LastStay, nullable: true, description: 'their last stay in one of the caller’s centres' }) lastStay: LastStay | null;
}

class IdOnly {
  @ApiProperty(UUID) id: string;
}

export class CheckInResponse {
  @ApiProperty({ type: StayResponse }) stay: StayResponse;
  @ApiProperty({ type: IdOnly }) person: IdOnly;
  @ApiProperty({ type: IdOnly }) case: IdOnly;
  @ApiProperty({ type: [PossibleDuplicateResponse], description: 'people already recorded who may be this person' }) possibleDuplicates: PossibleDuplicateResponse[];
}

class PropertyLists {
  @ApiProperty({ type: [PropertyItemResponse] }) returned: PropertyItemResponse[];
  @ApiProperty({ type: [PropertyItemResponse], description: 'property still held: to return, or to send on' }) notReturned: PropertyItemResponse[];
}

export class CheckOutResponse {
  @ApiProperty({ type: StayResponse }) stay: StayResponse;
  @ApiProperty({ type: PropertyLists }) property: PropertyLists;
}

export class InterceptionResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty(TIME) occurredAt: string;
  @ApiProperty() location: string;
  @ApiProperty() agency: string;
  @ApiProperty(INTEGER) groupSize: number;
}

export class InterceptionPage {
  @ApiProperty({ type: [InterceptionResponse] }) items: InterceptionResponse[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
}

export class HouseholdResponse {
  @ApiProperty(UUID) id: string;
  @ApiPropertyOptional(NULLABLE_STRING) label: string | null;
}

class BedMoveEnd {
  @ApiProperty(UUID) id: string;
  @ApiProperty() label: string;
  @ApiProperty() unitName: string;
}

class BedMove {
  @ApiProperty(UUID) id: string;
  @ApiProperty({ type: BedMoveEnd }) fromBed: BedMoveEnd;
  @ApiProperty({ type: BedMoveEnd }) toBed: BedMoveEnd;
  @ApiProperty(TIME) onFromBedSince: string;
  @ApiProperty(TIME) movedAt: string;
  @ApiProperty(NULLABLE_UUID) movedBy: string | null;
}

export class BedMoveList {
  @ApiProperty({ type: [BedMove], description: 'oldest first' }) items: BedMove[];
}

class PlannedPlacement {
  @ApiProperty({ description: 'the member, as sent' }) ref: string;
  @ApiProperty(UUID) bedId: string;
  @ApiProperty() bedLabel: string;
  @ApiProperty(UUID) unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ enum: HOUSINGS }) housing: string;
}

class UnplacedMember {
  @ApiProperty() ref: string;
  @ApiProperty({ enum: ['no_family_unit', 'no_bed'] }) reason: string;
}

export class PlacementPlanResponse {
  @ApiProperty(UUID) centreId: string;
  @ApiProperty({ description: 'every member in one family unit' }) together: boolean;
  @ApiProperty({ type: [PlannedPlacement] }) placements: PlannedPlacement[];
  @ApiProperty({ type: [UnplacedMember], description: 'members the housing rules leave without a bed here' }) unplaced: UnplacedMember[];
}
