import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Trimmed } from '@escale/platform';

export class CreateHouseholdDto {
  @ApiPropertyOptional({ example: 'Famille A.' })
  @Trimmed()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  label?: string;
}
