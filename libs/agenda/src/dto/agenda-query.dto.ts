import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQuery } from '@escale/platform';
import { AGENDA_KINDS } from '../agenda-kinds.js';

/** A day, or a date and time with its offset from UTC (a time without one would be read in nobody knows which zone). */
const INSTANT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const KIND_LIST = new RegExp(`^(?:${AGENDA_KINDS.join('|')})(?:,(?:${AGENDA_KINDS.join('|')}))*$`);

export class AgendaQuery extends PageQuery {
  @ApiPropertyOptional({
    example: '2026-11-20T00:00:00Z',
    description: 'due at or after this instant (a day YYYY-MM-DD means its start, UTC); omitted: every overdue item, however old',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(INSTANT, { message: 'from must be a day YYYY-MM-DD or a date and time with its offset, such as 2026-11-20T08:00:00Z' })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-11-27T00:00:00Z',
    description: 'due at or before this instant (a day YYYY-MM-DD means up to its end, UTC); default: 7 days from now (from `from` when it is later); at most 92 days after `from` (or now)',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(INSTANT, { message: 'to must be a day YYYY-MM-DD or a date and time with its offset, such as 2026-11-27T08:00:00Z' })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "one of the caller's centres; all of them when absent" })
  @IsOptional()
  @IsUUID('all')
  centreId?: string;

  @ApiPropertyOptional({ example: 'authority_expiry,task', description: `one kind or several, separated by commas: ${AGENDA_KINDS.join(', ')}` })
  @IsOptional()
  @Matches(KIND_LIST, { message: `kind must be one or more of ${AGENDA_KINDS.join(', ')}, separated by commas` })
  kind?: string;
}
