import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { AppConfig } from '@escale/platform';
import { PeopleModule } from '@escale/people';
import { StaysModule } from '@escale/stays';
import { MailerService } from './mailer.service.js';
import { NoticeLanguagesService } from './notice-languages.service.js';
import { NoticeTemplates } from './notice-templates.js';
import { NoticesService } from './notices.service.js';

@Module({
  imports: [AuditModule, PeopleModule, StaysModule],
  providers: [{ provide: NoticeTemplates, useFactory: (config: AppConfig) => new NoticeTemplates(config.noticeTemplatesDir), inject: [AppConfig] }, NoticesService, NoticeLanguagesService, MailerService],
  exports: [NoticesService, NoticeLanguagesService, NoticeTemplates],
})
export class NoticesModule {}
