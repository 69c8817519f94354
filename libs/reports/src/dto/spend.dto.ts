import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Trimmed } from '@escale/platform';
import { SPEND_CATEGORIES, type SpendCategory } from '../spend-entry.entity.js';

/** Money is integer minor units; the largest accepted line or budget is 10^13 cents. */
export const MAX_AMOUNT_CENTS = 10_000_000_000_000;

export class CreateSpendDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  centreId: string;

  @ApiProperty({ example: '2026-11-20', format: 'date' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date YYYY-MM-DD' })
  date: string;

  @ApiProperty({ enum: SPEND_CATEGORIES })
  @IsIn(SPEND_CATEGORIES)
  category: SpendCategory;

  @ApiProperty({ example: 'EU-AMIF' })
  @Matches(/^[A-Z0-9][A-Z0-9-]{0,31}$/, { message: 'fundingSource must be a funding source code' })
  fundingSource: string;

  @ApiProperty({ example: 125000, description: 'minor units (cents), more than 0' })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_CENTS)
  amountCents: number;

  @ApiPropertyOptional({ example: 'EUR', default: 'EUR' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Trimmed()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class SetBudgetDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  centreId: string;

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiProperty({ example: 'UK' })
  @Matches(/^[A-Z0-9][A-Z0-9-]{0,31}$/, { message: 'fundingSource must be a funding source code' })
  fundingSource: string;

  @ApiProperty({ example: 250000000, description: 'minor units (cents)' })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_CENTS)
  amountCents: number;

  @ApiPropertyOptional({ example: 'EUR', default: 'EUR' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency?: string;
}

export class CreateFundingSourceDto {
  @ApiProperty({ example: 'EU-AMIF' })
  @Matches(/^[A-Z0-9][A-Z0-9-]{0,31}$/, { message: 'code must be 1-32 capital letters, digits or -' })
  code: string;

  @ApiProperty({ example: 'EU Asylum, Migration and Integration Fund' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;
}
