import { type ApiPropertyOptions } from '@nestjs/swagger';
import { CONFIDENTIAL, SMALL_COUNT } from '@escale/reports';

/** Property options used across the response classes. */
export const UUID: ApiPropertyOptions = { format: 'uuid' };
export const NULLABLE_UUID: ApiPropertyOptions = { format: 'uuid', nullable: true, type: String };
export const TIME: ApiPropertyOptions = { format: 'date-time' };
export const NULLABLE_TIME: ApiPropertyOptions = { format: 'date-time', nullable: true, type: String };
export const DATE: ApiPropertyOptions = { format: 'date', example: '2001-04-02' };
export const NULLABLE_STRING: ApiPropertyOptions = { nullable: true, type: String };
export const NULLABLE_NUMBER: ApiPropertyOptions = { nullable: true, type: Number };
export const INTEGER: ApiPropertyOptions = { type: 'integer' };
/** A count as published to funders: a number, "<5" for a small count, "[c]" when withheld to protect one. */
export const PUBLISHED: ApiPropertyOptions = { oneOf: [{ type: 'integer' }, { type: 'string', enum: [SMALL_COUNT, CONFIDENTIAL] }] };

/** A CSV response body, as the reports and the register answer with `?format=csv`. */
export const CSV_CONTENT = { 'text/csv': { schema: { type: 'string' as const, description: 'a header row, then one row per item; UTF-8, comma-separated' } } };
