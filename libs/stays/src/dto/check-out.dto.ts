import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { EXIT_REASONS, type ExitReason } from '../stay.entity.js';
import { Trimmed } from '@escale/platform';

/** A check-out's reasons: a transfer goes through its own route. */
export const CHECK_OUT_REASONS = EXIT_REASONS.filter((reason) => reason !== 'transferred');

export class CheckOutDto {
  @ApiProperty({ enum: CHECK_OUT_REASONS, description: 'a transfer goes through POST /stays/:id/transfers' })
  @Trimmed()
  @IsIn(CHECK_OUT_REASONS)
  reason: Exclude<ExitReason, 'transferred'>;

  @ApiPropertyOptional({ example: 'CADA de Lille' })
  @Trimmed()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  destination?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'never in the future, never before check-in; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'property items handed back; the others are listed as not returned' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  returnedPropertyIds?: string[];
}
