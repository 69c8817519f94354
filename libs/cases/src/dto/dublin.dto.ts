import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, Min, ValidateIf } from 'class-validator';
import { TRANSFER_APPEAL_OUTCOMES, type TransferAppealOutcome } from '../referral-machine.js';

class Versioned {
  @ApiProperty({ description: 'the version read; a stale one answers VERSION_CONFLICT' })
  @IsInt()
  @Min(1)
  version: number;
}

export class RecordAbscondmentDto extends Versioned {
  @ApiPropertyOptional({ format: 'date-time', description: 'when the person absconded; never in the future; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

export class LodgeTransferAppealDto extends Versioned {
  @ApiPropertyOptional({ format: 'date-time', description: 'when the appeal against the transfer decision was lodged; never in the future; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  lodgedAt?: string;
}

export class DecideTransferAppealDto extends Versioned {
  @ApiProperty({ enum: TRANSFER_APPEAL_OUTCOMES, description: 'rejected: the transfer stands and its deadline runs again from the decision; allowed: the transfer decision is annulled' })
  @IsIn(TRANSFER_APPEAL_OUTCOMES)
  outcome: TransferAppealOutcome;

  @ApiPropertyOptional({ format: 'date-time', description: 'when the appeal was decided; never in the future; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  decidedAt?: string;
}

export const REFERRAL_DATE_KINDS = ['guda_appointment', 'ofpra_interview', 'cnda_hearing'] as const;
export type ReferralDateKind = (typeof REFERRAL_DATE_KINDS)[number];

export class SetReferralDateDto extends Versioned {
  @ApiProperty({ enum: REFERRAL_DATE_KINDS })
  @IsIn(REFERRAL_DATE_KINDS)
  kind: ReferralDateKind;

  @ApiProperty({ format: 'date-time', nullable: true, description: 'the date; null clears it; not before the referral was opened, may be in the future' })
  @ValidateIf((_, value) => value !== null)
  @IsISO8601({ strict: true })
  at: string | null;
}
