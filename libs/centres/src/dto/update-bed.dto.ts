import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Trimmed } from '@escale/platform';
import { OUT_OF_SERVICE_REASONS, type OutOfServiceReason } from '../bed.entity.js';

/** Out of service: why (`other` when not said), in a few words if wanted, and the day the bed is expected back. */
export class UpdateBedDto {
  @ApiProperty()
  @IsBoolean()
  inService: boolean;

  @ApiPropertyOptional({ enum: OUT_OF_SERVICE_REASONS, description: 'why the bed leaves service (only with inService false; default other)' })
  @IsOptional()
  @IsIn(OUT_OF_SERVICE_REASONS)
  reason?: OutOfServiceReason;

  @ApiPropertyOptional({ maxLength: 500, description: 'a few words on why (only with inService false)' })
  @IsOptional()
  @Trimmed()
  @IsString()
  @MaxLength(500)
  note?: string;

  @ApiPropertyOptional({ example: '2026-12-24', format: 'date', description: 'the day the bed is expected back in service (only with inService false)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'expectedBackOn must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true })
  expectedBackOn?: string;
}
