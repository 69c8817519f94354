import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsUUID } from 'class-validator';

/** The users an unacknowledged urgent alert of the centre escalates to; the list replaces the last one. */
export class SetDutyContactsDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'active administrators, or staff or caseworkers of the centre; an empty list removes them all' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  userIds: string[];
}
