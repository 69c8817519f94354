import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Trimmed } from '@escale/platform';
import { LEGAL_CONTACT_KINDS, type LegalContactKind } from '../legal-contact.entity.js';

export class AddLegalContactDto {
  @ApiProperty({ enum: LEGAL_CONTACT_KINDS })
  @IsIn(LEGAL_CONTACT_KINDS)
  kind: LegalContactKind;

  @ApiProperty({ example: 'Maître Claire Dubois', maxLength: 200 })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'Barreau de Lille', maxLength: 200 })
  @Trimmed()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  organisation?: string;

  @ApiPropertyOptional({ example: '+33 3 20 00 00 00', maxLength: 40 })
  @Trimmed()
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ().-]{4,40}$/, { message: 'must be a telephone number' })
  phone?: string;

  @ApiPropertyOptional({ example: 'c.dubois@avocats.example', maxLength: 254 })
  @Trimmed()
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Trimmed()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class EndLegalContactDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'never in the future; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  endedAt?: string;

  @ApiPropertyOptional({ example: 'Replaced by another lawyer', maxLength: 500 })
  @Trimmed()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason?: string;
}
