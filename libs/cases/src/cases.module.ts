import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { CasesService } from './cases.service.js';

@Module({ imports: [AuditModule], providers: [CasesService], exports: [CasesService] })
export class CasesModule {}
