import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { IfGiven } from '@escale/platform';

/** A centre's limits and welfare intervals; the fields not sent keep their value. */
export class UpdateCentreSettingsDto {
  @ApiPropertyOptional({ example: 90, minimum: 1, maximum: 365, description: 'the legal maximum stay, in days' })
  @IfGiven()
  @IsInt()
  @Min(1)
  @Max(365)
  maxStayDays?: number;

  @ApiPropertyOptional({ example: 4, minimum: 1, maximum: 90, description: 'days the initial placement authorises (removal centres)' })
  @IfGiven()
  @IsInt()
  @Min(1)
  @Max(90)
  initialAuthorisationDays?: number;

  @ApiPropertyOptional({ example: 1440, minimum: 1, maximum: 10080, description: 'minutes between welfare checks at the standard level' })
  @IfGiven()
  @IsInt()
  @Min(1)
  @Max(10080)
  welfareStandardMinutes?: number;

  @ApiPropertyOptional({ example: 240, minimum: 1, maximum: 10080, description: 'at the heightened level: at most the standard interval' })
  @IfGiven()
  @IsInt()
  @Min(1)
  @Max(10080)
  welfareHeightenedMinutes?: number;

  @ApiPropertyOptional({ example: 15, minimum: 1, maximum: 10080, description: 'at the constant level: at most the heightened interval' })
  @IfGiven()
  @IsInt()
  @Min(1)
  @Max(10080)
  welfareConstantMinutes?: number;

  @ApiPropertyOptional({ example: 60, minimum: 1, maximum: 1440, description: 'minutes from check-in to the first welfare check' })
  @IfGiven()
  @IsInt()
  @Min(1)
  @Max(1440)
  firstWelfareCheckMinutes?: number;
}

export const CENTRE_SETTINGS = [
  'maxStayDays',
  'initialAuthorisationDays',
  'welfareStandardMinutes',
  'welfareHeightenedMinutes',
  'welfareConstantMinutes',
  'firstWelfareCheckMinutes',
] as const satisfies readonly (keyof UpdateCentreSettingsDto)[];
export type CentreSetting = (typeof CENTRE_SETTINGS)[number];
