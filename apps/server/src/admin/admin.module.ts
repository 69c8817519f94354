import { Module } from '@nestjs/common';
import { NoticesModule } from '@escale/notices';
import { NoticeLanguagesPageController } from './notices/notice-languages.controller.js';
import { NoticesPageController } from './notices/notices.controller.js';
import { PassportModule } from '@nestjs/passport';
import { AuthModule } from '@escale/auth';
import { AuditModule } from '@escale/audit';
import { CentresModule } from '@escale/centres';
import { InboxModule } from '@escale/inbox';
import { PeopleModule } from '@escale/people';
import { StaysModule } from '@escale/stays';
import { LocalStrategy } from './auth/local.strategy.js';
import { LockoutsPageController } from './auth/lockouts.controller.js';
import { LoginController } from './auth/login.controller.js';
import { LoginGuard } from './auth/login.guard.js';
import { BoardPageController } from './centres/board.controller.js';
import { CentresPageController } from './centres/centres.controller.js';
import { CheckInPageController } from './check-in/check-in.controller.js';
import { InterceptionPageController } from './arrivals/interception.controller.js';
import { RosterPageController } from './arrivals/roster.controller.js';
import { WaitingPageController } from './arrivals/waiting.controller.js';
import { HomeController } from './home/home.controller.js';
import { LanguageController } from './language/language.controller.js';
import { PersonPageController } from './people/person.controller.js';
import { RegisterPageController, RegistersPageController } from './register/register.controller.js';
import { StayPageController } from './stays/stay.controller.js';
import { PropertyOwedPageController, PropertyReturnPagesController } from './property/property-pages.controller.js';
import { LegalRecordPageController } from './stays/legal-record.controller.js';
import { WelfarePagesModule } from './welfare/welfare-pages.module.js';
import { CasePagesModule } from './cases/case-pages.module.js';
import { ReportPagesModule } from './reports/report-pages.module.js';
import { RetentionPagesModule } from './retention/retention-pages.module.js';
import { AuditPagesModule } from './audit/audit-pages.module.js';
import { AgendaPagesModule } from './agenda/agenda-pages.module.js';
import { SafeguardingPagesModule } from './safeguarding/safeguarding-pages.module.js';
import { AdministrationPagesModule } from './users/administration-pages.module.js';
import { JobPagesModule } from './jobs/job-pages.module.js';

@Module({
  imports: [NoticesModule, PassportModule, AuthModule, AuditModule, InboxModule, CentresModule, PeopleModule, StaysModule, CasePagesModule, WelfarePagesModule, ReportPagesModule, AuditPagesModule, RetentionPagesModule, AgendaPagesModule, SafeguardingPagesModule, AdministrationPagesModule, JobPagesModule],
  controllers: [NoticesPageController,
    NoticeLanguagesPageController, 
    LoginController,
    LockoutsPageController,
    HomeController,
    LanguageController,
    RegisterPageController,
    RegistersPageController,
    BoardPageController,
    CheckInPageController,
    RosterPageController,
    InterceptionPageController,
    WaitingPageController,
    CentresPageController,
    StayPageController,
    PropertyReturnPagesController,
    PropertyOwedPageController,
    LegalRecordPageController,
    PersonPageController,
  ],
  providers: [LocalStrategy, LoginGuard],
})
export class AdminModule {}
