import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { PROPERTY_KINDS, type PropertyKind } from '../property-item.entity.js';
import { Trimmed } from '@escale/platform';

export class PropertyItemDto {
  @ApiProperty({ enum: PROPERTY_KINDS })
  @IsIn(PROPERTY_KINDS)
  kind: PropertyKind;

  @ApiProperty({ example: 'Téléphone Samsung, écran fissuré' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  description: string;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity?: number;

  @ApiPropertyOptional({ description: 'cash only: amount in minor units' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  amountCents?: number;

  @ApiPropertyOptional({ example: 'EUR', description: 'cash only: ISO 4217' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/)
  currency?: string;
}

export class DepositPropertyDto {
  @ApiProperty({ type: [PropertyItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  // ValidateNested alone would look inside an array given as an item, and pass it on.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PropertyItemDto)
  items: PropertyItemDto[];
}
