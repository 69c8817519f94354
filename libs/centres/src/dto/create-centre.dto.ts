import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsTimeZone, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CENTRE_KINDS, type CentreKind } from '../centre.entity.js';
import { Trimmed } from '@escale/platform';

export class CreateCentreDto {
  @ApiProperty({ example: 'CRA-LIL' })
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,15}$/, { message: 'code must be 2-16 capital letters, digits or -' })
  code: string;

  @ApiProperty({ example: 'CRA de Lille-Lesquin' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: CENTRE_KINDS })
  @IsIn(CENTRE_KINDS)
  kind: CentreKind;

  @ApiProperty({ example: 90, minimum: 1, maximum: 365 })
  @IsInt()
  @Min(1)
  @Max(365)
  maxStayDays: number;

  @ApiProperty({ example: 'Europe/Paris' })
  @IsTimeZone()
  timezone: string;

  @ApiPropertyOptional({ example: 4, minimum: 1, maximum: 90, description: 'days the initial placement authorises (removal centres)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  initialAuthorisationDays?: number;

  @ApiPropertyOptional({ example: 1440, description: 'minutes between welfare checks at the standard level' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10080)
  welfareStandardMinutes?: number;

  @ApiPropertyOptional({ example: 240 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10080)
  welfareHeightenedMinutes?: number;

  @ApiPropertyOptional({ example: 15 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10080)
  welfareConstantMinutes?: number;

  @ApiPropertyOptional({ example: 60, description: 'minutes from check-in to the first welfare check' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  firstWelfareCheckMinutes?: number;
}
