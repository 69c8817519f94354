import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { CentresService } from './centres.service.js';
import { DutyContactsService } from './duty-contacts.service.js';

@Module({ imports: [AuditModule], providers: [CentresService, DutyContactsService], exports: [CentresService, DutyContactsService] })
export class CentresModule {}
