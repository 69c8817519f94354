import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { NewPersonDto } from '@escale/people';

export class CheckInDto {
  @ApiPropertyOptional({ type: NewPersonDto, description: 'a new person; or give personId for someone already known' })
  @IsOptional()
  // ValidateNested alone would validate the elements of an array given here, and pass it on.
  @IsObject()
  @ValidateNested()
  @Type(() => NewPersonDto)
  person?: NewPersonDto;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  interceptionId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'people who travel together; create one with POST /api/v1/households' })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'without it, a suitable free bed is allocated' })
  @IsOptional()
  @IsUUID()
  bedId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'never in the future; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  checkedInAt?: string;
}
