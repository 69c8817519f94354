import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { GRANULARITIES, type Granularity } from '../periods.js';

export const SPEND_GROUPINGS = ['category', 'fundingSource'] as const;
export type SpendGrouping = (typeof SPEND_GROUPINGS)[number];

export class ReportQuery {
  @ApiPropertyOptional({ format: 'date', description: 'first day (inclusive); default: twelve months ago' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'last day (inclusive); default: today' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'one centre; all centres when absent' })
  @IsOptional()
  @IsUUID('all')
  centreId?: string;

  @ApiPropertyOptional({ enum: GRANULARITIES, default: 'month' })
  @IsOptional()
  @IsIn(GRANULARITIES)
  granularity?: Granularity;

  @ApiPropertyOptional({ enum: SPEND_GROUPINGS, default: 'category', description: 'spend only' })
  @IsOptional()
  @IsIn(SPEND_GROUPINGS)
  groupBy?: SpendGrouping;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
