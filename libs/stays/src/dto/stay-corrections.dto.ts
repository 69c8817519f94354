import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';

export class MoveBedDto {
  @ApiProperty({ format: 'uuid', description: 'a free bed in service in the same centre, in a unit that may house the person' })
  @IsUUID()
  bedId: string;

  @ApiPropertyOptional({ description: 'the stay’s version as read; a stale one answers 409 VERSION_CONFLICT' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class JoinHouseholdDto {
  @ApiProperty({ format: 'uuid', description: 'the household to join (POST /api/v1/households makes one)' })
  @IsUUID()
  householdId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'a bed to move to in the same transaction; without it the current bed is kept when it fits, else the household’s unit or an empty family unit is found' })
  @IsOptional()
  @IsUUID()
  bedId?: string;

  @ApiPropertyOptional({ description: 'the stay’s version as read; a stale one answers 409 VERSION_CONFLICT' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export const PLAN_SEXES = ['male', 'female', 'other', 'unknown'] as const;

export class PlacementMemberDto {
  @ApiProperty({ description: 'the caller’s name for this member, echoed in the plan', example: 'p1' })
  @IsString()
  @Length(1, 40)
  ref: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'someone already known; or give sex and dateOfBirth' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ enum: PLAN_SEXES })
  @IsOptional()
  @IsIn(PLAN_SEXES)
  sex?: (typeof PLAN_SEXES)[number];

  @ApiPropertyOptional({ format: 'date', example: '2015-06-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Length(10, 10)
  dateOfBirth?: string;
}

export class PlacementPlanDto {
  @ApiProperty({ type: [PlacementMemberDto], description: 'the members of one family, 1 to 30' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PlacementMemberDto)
  members: PlacementMemberDto[];

  @ApiPropertyOptional({ format: 'uuid', description: 'the family’s household, when some of it is already here: its unit is used first' })
  @IsOptional()
  @IsUUID()
  householdId?: string;
}
