import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Trimmed } from '@escale/platform';

export class CreateInterceptionDto {
  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  occurredAt: string;

  @ApiProperty({ example: 'Gravelines, plage du Clipon' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  location: string;

  @ApiProperty({ example: 'Police aux frontières' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  agency: string;

  @ApiProperty({ minimum: 1, maximum: 500 })
  @IsInt()
  @Min(1)
  @Max(500)
  groupSize: number;
}
