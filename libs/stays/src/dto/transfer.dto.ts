import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID } from 'class-validator';

export class TransferDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  toCentreId: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  bedId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'never in the future; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}
