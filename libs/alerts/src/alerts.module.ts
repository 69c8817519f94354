import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { AlertsService } from './alerts.service.js';

@Module({ imports: [AuditModule], providers: [AlertsService], exports: [AlertsService] })
export class AlertsModule {}
