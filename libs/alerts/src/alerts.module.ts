import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { CentresModule } from '@escale/centres';
import { AlertEscalationService } from './alert-escalation.service.js';
import { AlertsService } from './alerts.service.js';

@Module({ imports: [AuditModule, CentresModule], providers: [AlertsService, AlertEscalationService], exports: [AlertsService, AlertEscalationService] })
export class AlertsModule {}
