import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { SEXES, type Sex } from '../person.entity.js';
import { Trimmed } from '@escale/platform';

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

  @ApiProperty({ type: [String], example: ['AFG'], description: 'ISO 3166-1 alpha-3' })
  @IsArray()
  @ArrayMaxSize(5)
  @Matches(/^[A-Z]{3}$/, { each: true, message: 'each nationality must be an ISO 3166-1 alpha-3 code' })
  nationalities: string[];

  @ApiProperty({ type: [String], example: ['ps', 'fa'], description: 'ISO 639 codes' })
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(/^[a-z]{2,3}$/, { each: true, message: 'each language must be an ISO 639 code' })
  languages: string[];
}
