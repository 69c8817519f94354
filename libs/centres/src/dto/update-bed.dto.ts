import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class UpdateBedDto {
  @ApiProperty()
  @IsBoolean()
  inService: boolean;
}
