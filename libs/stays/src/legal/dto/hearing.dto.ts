import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { Trimmed } from '@escale/platform';
import { HEARING_OUTCOMES, HEARING_PURPOSES, type HearingOutcome, type HearingPurpose } from '../hearing.entity.js';

export class ScheduleHearingDto {
  @ApiProperty({ format: 'date-time', description: 'when the hearing is held; not before the check-in' })
  @IsISO8601({ strict: true })
  scheduledAt: string;

  @ApiProperty({ example: 'JLD du tribunal judiciaire de Lille', maxLength: 200 })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  court: string;

  @ApiProperty({ enum: HEARING_PURPOSES, description: 'an extension asked by the prefect, a release asked by the person, or other' })
  @IsIn(HEARING_PURPOSES)
  purpose: HearingPurpose;
}

/**
 * What the judge decided. `extension_granted` needs `days` (the next length of the sequence);
 * `refused` releases the person at `releasedAt` (default now); `adjourned` needs `adjournedTo`.
 */
export class RecordHearingOutcomeDto {
  @ApiProperty({ enum: HEARING_OUTCOMES })
  @IsIn(HEARING_OUTCOMES)
  outcome: HearingOutcome;

  @ApiProperty({ format: 'date-time', description: 'when the judge decided; never in the future, not before the check-in' })
  @IsISO8601({ strict: true })
  decidedAt: string;

  @ApiPropertyOptional({ example: 'JLD de Lille', maxLength: 200, description: 'the judge or court; default the hearing’s court' })
  @Trimmed()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  decidedBy?: string;

  @ApiPropertyOptional({ example: 26, description: 'extension_granted only: the length of the extension' })
  @ValidateIf((dto: RecordHearingOutcomeDto) => dto.outcome === 'extension_granted' || dto.days !== undefined)
  @IsInt()
  @Min(1)
  @Max(90)
  days?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'refused only: when the person left; default now, not before the decision' })
  @ValidateIf((dto: RecordHearingOutcomeDto) => dto.releasedAt !== undefined)
  @IsISO8601({ strict: true })
  releasedAt?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'adjourned only: when the hearing resumes' })
  @ValidateIf((dto: RecordHearingOutcomeDto) => dto.outcome === 'adjourned' || dto.adjournedTo !== undefined)
  @IsISO8601({ strict: true })
  adjournedTo?: string;
}
