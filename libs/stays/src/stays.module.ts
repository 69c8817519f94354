import { Module } from '@nestjs/common';
import { AlertsModule } from '@escale/alerts';
import { AuditModule } from '@escale/audit';
import { CasesModule } from '@escale/cases';
import { CentresModule } from '@escale/centres';
import { PeopleModule } from '@escale/people';
import { ArrivalsService } from './arrivals.service.js';
import { HoldingAuthorityService } from './holding-authority.service.js';
import { StayAccessService } from './stay-access.service.js';
import { PropertyService } from './property.service.js';
import { RegisterService } from './register.service.js';
import { StaysService } from './stays.service.js';
import { HearingsService } from './legal/hearings.service.js';
import { LegalContactsService } from './legal/legal-contacts.service.js';
import { RemovalOrdersService } from './legal/removal-orders.service.js';

@Module({
  imports: [AuditModule, AlertsModule, CentresModule, PeopleModule, CasesModule],
  providers: [StaysService, StayAccessService, HoldingAuthorityService, ArrivalsService, PropertyService, RegisterService, HearingsService, RemovalOrdersService, LegalContactsService],
  exports: [StaysService, StayAccessService, HoldingAuthorityService, ArrivalsService, PropertyService, RegisterService, HearingsService, RemovalOrdersService, LegalContactsService],
})
export class StaysModule {}
