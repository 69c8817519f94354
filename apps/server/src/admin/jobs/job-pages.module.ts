import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { JobQueuesService } from './job-queues.service.js';
import { JobsPageController } from './jobs.controller.js';

/** The background jobs' queues, for administrators: counts by state, the jobs of each, and retrying the failed ones. */
@Module({ imports: [AuditModule], controllers: [JobsPageController], providers: [JobQueuesService] })
export class JobPagesModule {}
