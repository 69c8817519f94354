import { Module } from '@nestjs/common';
import { AlertsModule } from '@escale/alerts';
import { AuditModule } from '@escale/audit';
import { CasesModule } from '@escale/cases';
import { CentresModule } from '@escale/centres';
import { PeopleModule } from '@escale/people';
import { StaysModule } from '@escale/stays';
import { PersonCorrectionsService } from './person-corrections.service.js';
import { WelfareAlertsService } from './welfare-alerts.service.js';
import { WelfareService } from './welfare.service.js';

@Module({
  imports: [AuditModule, AlertsModule, CasesModule, CentresModule, PeopleModule, StaysModule],
  providers: [WelfareService, WelfareAlertsService, PersonCorrectionsService],
  exports: [WelfareService, WelfareAlertsService, PersonCorrectionsService],
})
export class WelfareModule {}
