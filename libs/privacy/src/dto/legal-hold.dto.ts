import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { Trimmed } from '@escale/platform';

export class SetLegalHoldDto {
  @ApiProperty({ description: 'true places the hold, false releases it' })
  @IsBoolean()
  hold: boolean;

  @ApiPropertyOptional({ maxLength: 500, description: 'why the data must be kept: required to place a hold', example: 'Claim before the administrative court, case 2601234' })
  @Trimmed()
  @ValidateIf((dto: SetLegalHoldDto) => dto.hold === true || dto.reason !== undefined)
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason?: string;
}

