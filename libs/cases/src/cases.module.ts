import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { CentresModule } from '@escale/centres';
import { CasesService } from './cases.service.js';
import { ReferralsService } from './referrals.service.js';

@Module({ imports: [AuditModule, CentresModule], providers: [CasesService, ReferralsService], exports: [CasesService, ReferralsService] })
export class CasesModule {}
