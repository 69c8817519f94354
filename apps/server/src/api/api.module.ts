import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { AuthModule } from '@escale/auth';
import { CentresModule } from '@escale/centres';
import { PeopleModule } from '@escale/people';
import { StaysModule } from '@escale/stays';
import { AlertsModule } from '@escale/alerts';
import { CasesModule } from '@escale/cases';
import { NoticesModule } from '@escale/notices';
import { ReportsModule } from '@escale/reports';
import { WelfareModule } from '@escale/welfare';
import { PrivacyModule } from '@escale/privacy';
import { AgendaModule } from '@escale/agenda';
import { AgendaController } from './agenda.controller.js';
import { AuditController } from './audit.controller.js';
import { AuthController } from './auth.controller.js';
import { CasesController } from './cases.controller.js';
import { NoticesController } from './notices.controller.js';
import { CentresController } from './centres.controller.js';
import { PeopleController } from './people.controller.js';
import { ReportsController } from './reports.controller.js';
import { ArrivalsController } from './arrivals.controller.js';
import { StaysController } from './stays.controller.js';
import { PropertyController } from './property.controller.js';
import { RegisterController } from './register.controller.js';
import { UsersController } from './users.controller.js';
import { WelfareController } from './welfare.controller.js';
import { PersonPrivacyController, RetentionController } from './retention.controller.js';
import { LegalRecordController } from './legal-record.controller.js';

@Module({
  imports: [AuthModule, AuditModule, CentresModule, PeopleModule, StaysModule, AlertsModule, WelfareModule, CasesModule, NoticesModule, ReportsModule, PrivacyModule, AgendaModule],
  controllers: [AuthController, UsersController, AuditController, CentresController, StaysController, PropertyController, RegisterController, ArrivalsController, PeopleController, WelfareController, CasesController, NoticesController, ReportsController, RetentionController, PersonPrivacyController, AgendaController, LegalRecordController],
})
export class ApiModule {}
