import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { ReportsModule } from '@escale/reports';
import { RetentionService } from './retention.service.js';
import { SubjectAccessService } from './subject-access.service.js';

/** Data protection: retention of people's data and legal holds, and subject access. */
@Module({ imports: [AuditModule, ReportsModule], providers: [RetentionService, SubjectAccessService], exports: [RetentionService, SubjectAccessService] })
export class PrivacyModule {}
