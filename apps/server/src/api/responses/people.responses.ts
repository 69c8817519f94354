import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ALIAS_SOURCES, IDENTIFIER_KINDS, SEXES } from '@escale/people';
import { DATE, INTEGER, NULLABLE_STRING, TIME, UUID } from './shared.js';
import { StayResponse } from './stays.responses.js';

export class PersonResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty() familyName: string;
  @ApiProperty() givenNames: string;
  @ApiProperty({ type: [String] }) aliases: string[];
  @ApiProperty(DATE) dateOfBirth: string;
  @ApiProperty() dobEstimated: boolean;
  @ApiProperty() ageDisputed: boolean;
  @ApiProperty({ enum: SEXES }) sex: string;
  @ApiProperty({ type: [String], example: ['AFG'] }) nationalities: string[];
  @ApiProperty({ type: [String], example: ['ps', 'fa'] }) languages: string[];
  @ApiProperty({ description: 'true when none of the person’s languages has a reviewed notice template' }) interpreterNeeded: boolean;
  @ApiProperty(INTEGER) version: number;
}

export class AliasResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ALIAS_SOURCES }) source: string;
  @ApiProperty(TIME) createdAt: string;
}

export class IdentifierResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty({ enum: IDENTIFIER_KINDS }) kind: string;
  @ApiProperty() value: string;
  @ApiProperty({ ...NULLABLE_STRING, example: 'AFG' }) issuingCountry: string | null;
  @ApiProperty(TIME) createdAt: string;
}

export class PersonRecordResponse extends PersonResponse {
  @ApiProperty({ type: [AliasResponse] }) aliasRecords: AliasResponse[];
  @ApiProperty({ type: [IdentifierResponse] }) identifiers: IdentifierResponse[];
}

/** GET /people/:id: the person with their stays in the caller's centres, or, for a merged record, where it went. */
export class PersonDetailResponse {
  @ApiProperty(UUID) id: string;
  @ApiPropertyOptional({ ...UUID, description: 'only on a record merged into another: the surviving person; no other field then' }) mergedInto?: string;
  @ApiPropertyOptional() familyName?: string;
  @ApiPropertyOptional() givenNames?: string;
  @ApiPropertyOptional({ type: [String] }) aliases?: string[];
  @ApiPropertyOptional(DATE) dateOfBirth?: string;
  @ApiPropertyOptional() dobEstimated?: boolean;
  @ApiPropertyOptional() ageDisputed?: boolean;
  @ApiPropertyOptional({ enum: SEXES }) sex?: string;
  @ApiPropertyOptional({ type: [String] }) nationalities?: string[];
  @ApiPropertyOptional({ type: [String] }) languages?: string[];
  @ApiPropertyOptional() interpreterNeeded?: boolean;
  @ApiPropertyOptional(INTEGER) version?: number;
  @ApiPropertyOptional({ type: [AliasResponse] }) aliasRecords?: AliasResponse[];
  @ApiPropertyOptional({ type: [IdentifierResponse] }) identifiers?: IdentifierResponse[];
  @ApiPropertyOptional({ type: [StayResponse], description: 'newest first, in the caller’s centres only' }) stays?: StayResponse[];
}

export class CorrectedPersonResponse extends PersonRecordResponse {
  @ApiProperty({ description: 'the change raised an alert (such as a date of birth making the person a minor)' }) alertRaised: boolean;
}

class PersonMatch {
  @ApiProperty(UUID) id: string;
  @ApiProperty() familyName: string;
  @ApiProperty() givenNames: string;
  @ApiProperty({ type: [String] }) aliases: string[];
  @ApiProperty(DATE) dateOfBirth: string;
  @ApiProperty() dobEstimated: boolean;
  @ApiProperty({ enum: SEXES }) sex: string;
  @ApiProperty({ type: [String] }) nationalities: string[];
  @ApiProperty({ minimum: 0, maximum: 1 }) score: number;
}

export class PersonSearchPage {
  @ApiProperty({ type: [PersonMatch] }) items: PersonMatch[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
  @ApiProperty({ description: 'false when a common name matched too many people to count' }) totalExact: boolean;
}
