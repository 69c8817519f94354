import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { SEXES, type Sex } from '../person.entity.js';
import { IsLanguageCodes, IsNationalityCodes, Trimmed } from '@escale/platform';

export class NewPersonDto {
  @ApiProperty({ example: 'Hosseini' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  familyName: string;

  @ApiProperty({ example: 'Ali Reza' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  givenNames: string;

  @ApiPropertyOptional({ type: [String] })
  @Trimmed()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  aliases?: string[];

  @ApiProperty({ example: '2001-04-02', format: 'date' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date YYYY-MM-DD' })
  dateOfBirth: string;

  @ApiProperty()
  @IsBoolean()
  dobEstimated: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  ageDisputed?: boolean;

  @ApiProperty({ enum: SEXES })
  @IsIn(SEXES)
  sex: Sex;

  @ApiProperty({ type: [String], example: ['AFG'], description: 'ISO 3166-1 alpha-3, each once; a refused one is named by its index (`person.nationalities.1`)' })
  @IsArray()
  @ArrayMaxSize(5)
  @IsNationalityCodes()
  nationalities: string[];

  @ApiProperty({
    type: [String],
    example: ['ps', 'fa'],
    description: 'ISO 639 codes (639-1 where there is one), each once, best understood first: notices are given in the first one that has a template. Stored and returned in the order sent; a refused one is named by its index (`person.languages.1`)',
  })
  @IsArray()
  @ArrayMaxSize(10)
  @IsLanguageCodes()
  languages: string[];
}
