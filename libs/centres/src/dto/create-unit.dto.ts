import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { HOUSINGS, type Housing } from '../unit.entity.js';
import { Trimmed } from '@escale/platform';

export class CreateUnitDto {
  @ApiProperty({ example: 'Aile B' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: HOUSINGS })
  @IsIn(HOUSINGS)
  housing: Housing;
}
