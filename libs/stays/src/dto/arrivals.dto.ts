import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Trimmed } from '@escale/platform';
import type { NewPersonDto } from '@escale/people';
import { WAITING_CLOSE_REASONS } from '../waiting-entry.entity.js';

/** At most this many people in one arrivals request: a boat, or a third of a large one. */
export const MAX_ARRIVALS = 100;
const REF = /^[A-Za-z0-9_-]{1,60}$/;

export class ArrivalHouseholdDto {
  @ApiProperty({ example: 'h1', description: 'the household within this request' })
  @IsString()
  @Matches(REF, { message: 'ref must be 1 to 60 letters, digits, - or _' })
  ref: string;

  @ApiPropertyOptional({ example: 'Famille Ahmadi' })
  @Trimmed()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  label?: string;
}

export class ArrivalPersonDto {
  @ApiProperty({ example: 'p1', description: 'the person within this interception; sending it again records nobody twice' })
  @IsString()
  @Matches(REF, { message: 'ref must be 1 to 60 letters, digits, - or _' })
  ref: string;

  @ApiPropertyOptional({ example: 'h1' })
  @IsOptional()
  @IsString()
  @Matches(REF, { message: 'householdRef must be 1 to 60 letters, digits, - or _' })
  householdRef?: string;

  @ApiPropertyOptional({ description: 'someone new, as in a check-in; checked row by row: a bad one is answered `invalid` and the others are recorded' })
  @IsOptional()
  @IsObject()
  person?: Record<string, unknown>;

  @ApiPropertyOptional({ format: 'uuid', description: 'someone already known' })
  @IsOptional()
  @IsUUID()
  personId?: string;
}

export class ArrivalsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  centreId: string;

  @ApiPropertyOptional({ type: [ArrivalHouseholdDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ARRIVALS)
  @ValidateNested({ each: true })
  @Type(() => ArrivalHouseholdDto)
  households?: ArrivalHouseholdDto[];

  @ApiProperty({ type: [ArrivalPersonDto], maxItems: MAX_ARRIVALS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ARRIVALS)
  @ValidateNested({ each: true })
  @Type(() => ArrivalPersonDto)
  people: ArrivalPersonDto[];
}

/** One row as the service takes it: a valid new person, a known person, or the row's validation errors. */
export type ArrivalRow =
  | { ref: string; householdRef?: string; person: NewPersonDto; personId?: undefined; fields?: undefined }
  | { ref: string; householdRef?: string; personId: string; person?: undefined; fields?: undefined }
  | { ref: string; householdRef?: string; fields: Record<string, string[]>; person?: undefined; personId?: undefined };

export class WaitingCheckInDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'without it, a suitable free bed is allocated' })
  @IsOptional()
  @IsUUID()
  bedId?: string;
}

export class CloseWaitingDto {
  @ApiProperty({ enum: WAITING_CLOSE_REASONS.filter((reason) => reason !== 'checked_in') })
  @IsIn(WAITING_CLOSE_REASONS.filter((reason) => reason !== 'checked_in'))
  reason: 'transferred_elsewhere' | 'left' | 'other';

  @ApiPropertyOptional({ format: 'uuid', description: 'where they went, for transferred_elsewhere' })
  @IsOptional()
  @IsUUID()
  toCentreId?: string;
}
