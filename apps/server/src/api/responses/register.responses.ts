import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { EXIT_REASONS, REGISTER_ENTRY_KINDS } from '@escale/stays';
import { SEXES } from '@escale/people';
import { DATE, INTEGER, NULLABLE_STRING, NULLABLE_TIME, TIME, UUID } from './shared.js';

/** An entry: when, what, and besides them the facts the law asks for of its kind (docs/legal-record.md). */
const ENTRIES: ApiPropertyOptions = {
  type: 'array',
  items: {
    type: 'object',
    required: ['at', 'kind'],
    properties: { at: { type: 'string', format: 'date-time' }, kind: { type: 'string', enum: [...REGISTER_ENTRY_KINDS] } },
    additionalProperties: true,
  },
  description: 'oldest first; each entry has the details of its kind besides at and kind (times in ISO 8601 UTC)',
};

type RegisterEntry = { at: string; kind: string; [detail: string]: unknown };

export class RegisterRowResponse {
  @ApiProperty(UUID) stayId: string;
  @ApiProperty(UUID) personId: string;
  @ApiProperty() familyName: string;
  @ApiProperty() givenNames: string;
  @ApiProperty(DATE) dateOfBirth: string;
  @ApiProperty({ enum: SEXES }) sex: string;
  @ApiProperty({ description: 'ISO 3166 alpha-3 codes, separated by spaces' }) nationalities: string;
  @ApiProperty() unit: string;
  @ApiProperty() bed: string;
  @ApiProperty(TIME) checkedInAt: string;
  @ApiProperty(NULLABLE_TIME) checkedOutAt: string | null;
  @ApiProperty({ enum: EXIT_REASONS, nullable: true }) exitReason: string | null;
  @ApiProperty(NULLABLE_STRING) destination: string | null;
  @ApiProperty(ENTRIES) entries: RegisterEntry[];
}

export class RegisterPage {
  @ApiProperty({ type: [RegisterRowResponse] }) items: RegisterRowResponse[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
}

export class StayRegisterResponse {
  @ApiProperty(UUID) stayId: string;
  @ApiProperty(UUID) personId: string;
  @ApiProperty(UUID) centreId: string;
  @ApiProperty(ENTRIES) entries: RegisterEntry[];
}
