import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, Matches } from 'class-validator';

export class CreateBedsDto {
  @ApiProperty({ type: [String], example: ['B1', 'B2', 'B3'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,31}$/u, { each: true, message: 'each label must be 1-32 letters, digits, space, . _ or -' })
  labels: string[];
}
