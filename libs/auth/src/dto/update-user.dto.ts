import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsUUID } from 'class-validator';
import { ROLES, type Role, IfGiven } from '@escale/platform';

/** What an administrator changes on an account; the fields not sent keep their value. */
export class UpdateUserDto {
  @ApiPropertyOptional({ description: 'true disables the account: its tokens are revoked and its sessions destroyed; false enables it again' })
  @IfGiven()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ enum: ROLES })
  @IfGiven()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'the centres the user works in (replaces the list)' })
  @IfGiven()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  centreIds?: string[];
}
