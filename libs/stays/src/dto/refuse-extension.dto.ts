import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { ExtendAuthorityDto } from './extend-authority.dto.js';

/** A judge's refusal to extend a placement: when and by whom it was decided, and when the person left. */
export class RefuseExtensionDto extends PickType(ExtendAuthorityDto, ['decidedAt', 'decidedBy'] as const) {
  @ApiPropertyOptional({ format: 'date-time', description: 'when the person left; default now, not before the decision' })
  @IsOptional()
  @IsISO8601({ strict: true })
  releasedAt?: string;
}
