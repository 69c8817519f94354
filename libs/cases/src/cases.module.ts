import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { CentresModule } from '@escale/centres';
import { CasesService } from './cases.service.js';
import { DublinService } from './dublin.service.js';
import { ReferralDatesService } from './referral-dates.service.js';
import { ReferralStepsService } from './referral-steps.service.js';
import { ReferralsService } from './referrals.service.js';

@Module({ imports: [AuditModule, CentresModule], providers: [CasesService, ReferralsService, ReferralStepsService, DublinService, ReferralDatesService], exports: [CasesService, ReferralsService, DublinService, ReferralDatesService] })
export class CasesModule {}
