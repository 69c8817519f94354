import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { CentresService } from './centres.service.js';

@Module({ imports: [AuditModule], providers: [CentresService], exports: [CentresService] })
export class CentresModule {}
