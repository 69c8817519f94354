import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Trimmed } from '@escale/platform';

export class ExtendAuthorityDto {
  @ApiProperty({ format: 'date-time', description: 'when the judge decided; never in the future' })
  @IsISO8601({ strict: true })
  decidedAt: string;

  @ApiProperty({ example: 26 })
  @IsInt()
  @Min(1)
  @Max(90)
  days: number;

  @ApiProperty({ example: 'JLD de Lille' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  decidedBy: string;
}
