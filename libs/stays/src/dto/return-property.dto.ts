import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Trimmed } from '@escale/platform';
import { PROPERTY_SIGNERS, type PropertySigner } from '../property-return.entity.js';

export class ReturnPropertyDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'items held for this stay, handed back together against one receipt' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  itemIds: string[];

  @ApiPropertyOptional({ format: 'date-time', description: 'never in the future, never before the items were deposited; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  returnedAt?: string;

  @ApiProperty({ enum: PROPERTY_SIGNERS, description: 'who signed the receipt: the person, or a representative named in representativeName' })
  @IsIn(PROPERTY_SIGNERS)
  signedBy: PropertySigner;

  @ApiPropertyOptional({ example: 'Maître Claire Dubois, avocate', description: 'required when signedBy is representative, refused otherwise' })
  @Trimmed()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  representativeName?: string;
}
