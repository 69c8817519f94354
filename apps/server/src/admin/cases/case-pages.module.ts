import { Module } from '@nestjs/common';
import { AuthModule } from '@escale/auth';
import { CasesModule } from '@escale/cases';
import { CentresModule } from '@escale/centres';
import { PeopleModule } from '@escale/people';
import { StaysModule } from '@escale/stays';
import { CasePageController } from './case.controller.js';
import { CasePage } from './case.page.js';
import { DashboardPageController } from './dashboard.controller.js';
import { DocumentPageController } from './document.controller.js';
import { DublinPageController } from './dublin.controller.js';
import { ReferralPageController } from './referral.controller.js';
import { TaskPageController } from './task.controller.js';

/** The caseworker's pages: the case with its referral, and the dashboard. */
@Module({
  imports: [AuthModule, CasesModule, CentresModule, PeopleModule, StaysModule],
  controllers: [CasePageController, ReferralPageController, DublinPageController, TaskPageController, DocumentPageController, DashboardPageController],
  providers: [CasePage],
})
export class CasePagesModule {}
