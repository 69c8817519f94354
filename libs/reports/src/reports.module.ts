import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { ReportsService } from './reports.service.js';
import { SpendService } from './spend.service.js';

@Module({ imports: [AuditModule], providers: [ReportsService, SpendService], exports: [ReportsService, SpendService] })
export class ReportsModule {}
