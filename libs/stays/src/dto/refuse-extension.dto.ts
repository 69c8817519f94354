import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Trimmed } from '@escale/platform';

/** A judge's refusal to extend a placement: the person is released by the court. */
export class RefuseExtensionDto {
  @ApiProperty({ format: 'date-time', description: 'when the judge decided; never in the future' })
  @IsISO8601({ strict: true })
  decidedAt: string;

  @ApiProperty({ example: 'JLD de Lille' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  decidedBy: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'when the person left; default now, not before the decision' })
  @IsOptional()
  @IsISO8601({ strict: true })
  releasedAt?: string;
}
