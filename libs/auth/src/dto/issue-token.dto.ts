import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class IssueTokenDto {
  @ApiProperty({ example: 'admin@escale.example' })
  @IsString()
  @MinLength(3)
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password: string;

  @ApiPropertyOptional({ example: '123456', description: 'the one-time code (or a recovery code), for accounts with two-factor sign-in' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  totp?: string;
}
