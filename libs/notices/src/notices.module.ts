import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { PeopleModule } from '@escale/people';
import { MailerService } from './mailer.service.js';
import { NoticesService } from './notices.service.js';

@Module({ imports: [AuditModule, PeopleModule], providers: [NoticesService, MailerService], exports: [NoticesService] })
export class NoticesModule {}
