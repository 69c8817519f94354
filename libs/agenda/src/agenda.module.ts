import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { AuthModule } from '@escale/auth';
import { AgendaService } from './agenda.service.js';
import { CalendarFeedService } from './calendar-feed.service.js';

/**
 * The agenda: what is due, across contexts, for staff and caseworkers, and their personal
 * calendar feeds. It owns one table, `calendar_feeds`, and reads (never writes) the tables of
 * others in one statement: `stays` (stays), `referrals`, `cases` and `tasks` (cases),
 * `medical_reports` (welfare), `centres` and `people`. A feed's owner comes from the users'
 * context (UsersService).
 */
@Module({
  imports: [AuditModule, AuthModule],
  providers: [AgendaService, CalendarFeedService],
  exports: [AgendaService, CalendarFeedService],
})
export class AgendaModule {}
