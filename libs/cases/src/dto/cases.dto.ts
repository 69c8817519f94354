import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery, Trimmed } from '@escale/platform';
import { CASE_STATUSES, type CaseStatus } from '../case.entity.js';
import { DECISION_KINDS, type DecisionKind, DUBLIN_BASES, type DublinBasis, REFERRAL_STATUSES, type ReferralStatus } from '../referral-machine.js';

export class UpdateCaseDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: CaseStatus;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'assign the case to a caseworker' })
  @IsOptional()
  @IsUUID()
  caseworkerId?: string;

  @ApiProperty({ description: 'the version read; a stale one answers VERSION_CONFLICT' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Trimmed()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class AddCaseNoteDto {
  @ApiProperty({ maxLength: 5000 })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  text: string;
}

export class CreateReferralDto {
  @ApiProperty({ enum: ['asylum'] })
  @IsIn(['asylum'])
  kind: 'asylum';
}

export class TransitionReferralDto {
  @ApiProperty({ enum: REFERRAL_STATUSES })
  @IsIn(REFERRAL_STATUSES)
  to: ReferralStatus;

  @ApiProperty()
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Trimmed()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'when the step happened; never in the future; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;

  @ApiPropertyOptional({ enum: DECISION_KINDS, description: 'on a decision: refugee_status or subsidiary_protection when granted, refusal or inadmissible when refused' })
  @IsOptional()
  @IsIn(DECISION_KINDS)
  decision?: DecisionKind;

  @ApiPropertyOptional({ enum: DUBLIN_BASES, description: 'required on dublin_requested: a request on a Eurodac hit has a shorter reply deadline' })
  @IsOptional()
  @IsIn(DUBLIN_BASES)
  dublinBasis?: DublinBasis;
}

export class ListReferralsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES })
  @IsOptional()
  @IsIn(REFERRAL_STATUSES)
  status?: ReferralStatus;

  @ApiPropertyOptional({ format: 'date-time', description: 'only referrals whose next deadline falls before this time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  dueBefore?: string;
}

export class CreateTaskDto {
  @ApiProperty({ maxLength: 300 })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  dueAt: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  assignedTo?: string;
}

/** The data-protection worklist: departed people whose case is still open. */
export class DepartedOpenCasesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  centreId?: string;
}
