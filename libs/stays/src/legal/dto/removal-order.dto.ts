import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Trimmed } from '@escale/platform';
import { APPEAL_OUTCOMES, type AppealOutcome, REMOVAL_ORDER_KINDS, type RemovalOrderKind } from '../removal-order.entity.js';

export class RecordRemovalOrderDto {
  @ApiProperty({ enum: REMOVAL_ORDER_KINDS, description: 'without a voluntary departure period: 48 hours to appeal; with one: 30 days (configuration)' })
  @IsIn(REMOVAL_ORDER_KINDS)
  kind: RemovalOrderKind;

  @ApiProperty({ format: 'date-time', description: 'when it was notified to the person; never in the future, not before the check-in' })
  @IsISO8601({ strict: true })
  notifiedAt: string;

  @ApiPropertyOptional({ example: 'Préfecture du Nord', maxLength: 200 })
  @Trimmed()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  issuedBy?: string;
}

export class LodgeAppealDto {
  @ApiProperty({ format: 'date-time', description: 'when the appeal was lodged; never in the future, not before the notification' })
  @IsISO8601({ strict: true })
  lodgedAt: string;

  @ApiProperty({ example: 'Tribunal administratif de Lille', maxLength: 200 })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  court: string;
}

export class RecordAppealDecisionDto {
  @ApiProperty({ format: 'date-time', description: 'never in the future, not before the appeal was lodged' })
  @IsISO8601({ strict: true })
  decidedAt: string;

  @ApiProperty({ enum: APPEAL_OUTCOMES })
  @IsIn(APPEAL_OUTCOMES)
  outcome: AppealOutcome;
}
