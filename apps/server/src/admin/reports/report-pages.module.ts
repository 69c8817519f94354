import { Module } from '@nestjs/common';
import { CentresModule } from '@escale/centres';
import { ReportsModule } from '@escale/reports';
import { ReportsPageController } from './reports.controller.js';
import { SpendPageController } from './spend.controller.js';

/** The funders' dashboard and monthly report, the reports as CSV files, and the admins' spend page. */
@Module({
  imports: [CentresModule, ReportsModule],
  controllers: [ReportsPageController, SpendPageController],
})
export class ReportPagesModule {}
