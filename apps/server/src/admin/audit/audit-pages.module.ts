import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { AuthModule } from '@escale/auth';
import { CentresModule } from '@escale/centres';
import { AuditPageController } from './audit.controller.js';

/** The audit trail's viewer and its CSV export, for admins and auditors. */
@Module({
  imports: [AuditModule, AuthModule, CentresModule],
  controllers: [AuditPageController],
})
export class AuditPagesModule {}
