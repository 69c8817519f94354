import { Module } from '@nestjs/common';
import { CasesModule } from '@escale/cases';
import { CentresModule } from '@escale/centres';
import { WelfareModule } from '@escale/welfare';
import { AgeAssessmentsPageController } from './age-assessments.controller.js';
import { DataProtectionPageController } from './data-protection.controller.js';

/** The safeguarding worklists: pending age assessments per centre, and departed people whose case is still open. */
@Module({
  imports: [CasesModule, CentresModule, WelfareModule],
  controllers: [AgeAssessmentsPageController, DataProtectionPageController],
})
export class SafeguardingPagesModule {}
