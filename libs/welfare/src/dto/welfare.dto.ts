import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { CHECK_OUTCOMES, type CheckOutcome } from '../welfare-check.entity.js';
import { LEVELS, type Level, VULNERABILITY_TYPES, type VulnerabilityType } from '../welfare-rules.js';
import { MEDICAL_REPORT_KINDS, type MedicalReportKind } from '../medical-report.entity.js';
import { ASSESSMENT_OUTCOMES, ASSESSMENT_STATUSES, type AssessmentOutcome, type AssessmentStatus } from '../age-assessment.entity.js';
import { Trimmed } from '@escale/platform';

export class RecordWelfareCheckDto {
  @ApiProperty({ enum: CHECK_OUTCOMES })
  @IsIn(CHECK_OUTCOMES)
  outcome: CheckOutcome;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Trimmed()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'never in the future; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  performedAt?: string;
}

export class SetWelfareLevelDto {
  @ApiProperty({ enum: LEVELS })
  @IsIn(LEVELS)
  level: Level;

  @ApiProperty({ example: 'Said he does not want to live' })
  @Trimmed()
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

export class RecordVulnerabilityDto {
  @ApiProperty({ enum: VULNERABILITY_TYPES })
  @IsIn(VULNERABILITY_TYPES)
  type: VulnerabilityType;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Trimmed()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class RecordMedicalReportDto {
  @ApiProperty({ enum: MEDICAL_REPORT_KINDS })
  @IsIn(MEDICAL_REPORT_KINDS)
  kind: MedicalReportKind;

  @ApiProperty({ example: 'Préfecture du Nord, bureau de l’éloignement' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  sentTo: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'never in the future; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  sentAt?: string;
}

export class ReplyMedicalReportDto {
  @ApiProperty({ example: 'Placement maintained after review' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  replySummary: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  repliedAt?: string;
}

export class RecordAgeAssessmentDto {
  @ApiProperty({ enum: ASSESSMENT_STATUSES })
  @IsIn(ASSESSMENT_STATUSES)
  status: AssessmentStatus;

  @ApiPropertyOptional({ enum: ASSESSMENT_OUTCOMES, description: 'required when completed' })
  // Left out, not null: IsOptional would let a null through, which the service takes for an outcome.
  @ValidateIf((_, value) => value !== undefined)
  @IsIn(ASSESSMENT_OUTCOMES)
  outcome?: AssessmentOutcome;

  @ApiPropertyOptional({ format: 'date', description: 'the date of birth the completed assessment found; it corrects the record (marked estimated)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  dateOfBirth?: string;
}
