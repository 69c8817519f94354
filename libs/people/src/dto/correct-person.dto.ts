import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { IfGiven, IsLanguageCodes, IsNationalityCodes, Trimmed } from '@escale/platform';
import { ALIAS_SOURCES, type AliasSource } from '../person-alias.entity.js';
import { IDENTIFIER_KINDS, type IdentifierKind } from '../person-identifier.entity.js';
import { SEXES, type Sex } from '../person.entity.js';

/** A correction of a person's record: only the fields given change. */
export class CorrectPersonDto {
  @ApiProperty({ description: 'the version read; a stale one answers VERSION_CONFLICT' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @Trimmed()
  @IfGiven()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  familyName?: string;

  @ApiPropertyOptional()
  @Trimmed()
  @IfGiven()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  givenNames?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IfGiven()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date YYYY-MM-DD' })
  dateOfBirth?: string;

  @ApiPropertyOptional()
  @IfGiven()
  @IsBoolean()
  dobEstimated?: boolean;

  @ApiPropertyOptional({ enum: SEXES })
  @IfGiven()
  @IsIn(SEXES)
  sex?: Sex;

  @ApiPropertyOptional({ type: [String], description: 'ISO 3166-1 alpha-3, each once; the whole list replaces the recorded one; a refused one is named by its index (`nationalities.1`)' })
  @IfGiven()
  @IsArray()
  @ArrayMaxSize(5)
  @IsNationalityCodes()
  nationalities?: string[];

  @ApiPropertyOptional({ type: [String], description: 'ISO 639 codes, each once, best understood first; the whole list replaces the recorded one, in the order sent; a refused one is named by its index (`languages.1`)' })
  @IfGiven()
  @IsArray()
  @ArrayMaxSize(10)
  @IsLanguageCodes()
  languages?: string[];
}

export class AddAliasDto {
  @ApiProperty({ example: 'Ali Hosseini' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ALIAS_SOURCES })
  @IsIn(ALIAS_SOURCES)
  source: AliasSource;
}

export class AddIdentifierDto {
  @ApiProperty({ enum: IDENTIFIER_KINDS })
  @IsIn(IDENTIFIER_KINDS)
  kind: IdentifierKind;

  @ApiProperty({ example: 'P 1234567', description: 'as written; compared in upper case, letters and digits only' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(/[A-Za-z0-9]/, { message: 'value must hold at least one letter or digit' })
  value: string;

  @ApiPropertyOptional({ example: 'AFG', description: 'ISO 3166-1 alpha-3' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'issuingCountry must be an ISO 3166-1 alpha-3 code' })
  issuingCountry?: string;
}

export class MergePeopleDto {
  @ApiProperty({ description: 'the record to merge into this person; it answers `{id, mergedInto}` afterwards' })
  @IsUUID()
  duplicateId: string;

  @ApiProperty({ description: 'the surviving person’s version read; a stale one answers VERSION_CONFLICT' })
  @IsInt()
  @Min(1)
  version: number;
}
