import { type ApiPropertyOptions } from '@nestjs/swagger';

/** Property options used across the response classes. */
export const UUID: ApiPropertyOptions = { format: 'uuid' };
export const NULLABLE_UUID: ApiPropertyOptions = { format: 'uuid', nullable: true, type: String };
export const TIME: ApiPropertyOptions = { format: 'date-time' };
export const NULLABLE_TIME: ApiPropertyOptions = { format: 'date-time', nullable: true, type: String };
export const DATE: ApiPropertyOptions = { format: 'date', example: '2001-04-02' };
export const NULLABLE_STRING: ApiPropertyOptions = { nullable: true, type: String };
export const NULLABLE_INTEGER: ApiPropertyOptions = { nullable: true, type: 'integer' };
export const NULLABLE_NUMBER: ApiPropertyOptions = { nullable: true, type: Number };
export const INTEGER: ApiPropertyOptions = { type: 'integer' };
/** A count as published to funders: a number, "<5" for a small count, "[c]" when withheld to protect one. */
export const PUBLISHED: ApiPropertyOptions = { oneOf: [{ type: 'integer' }, { type: 'string', enum: ['<5', '[c]'] }] };

/** The paging fields of every list (API.md: `{items, total, limit, offset}`). */
export const PAGE_FIELDS = { total: INTEGER, limit: INTEGER, offset: INTEGER } as const;

/** A CSV response body, as the reports and the register answer with `?format=csv`. */
export const CSV_CONTENT = { 'text/csv': { schema: { type: 'string' as const, description: 'a header row, then one row per item; UTF-8, comma-separated' } } };
