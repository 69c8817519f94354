import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AlertsModule } from '@escale/alerts';
import { AuditModule } from '@escale/audit';
import { CasesModule } from '@escale/cases';
import { InboxModule } from '@escale/inbox';
import { WelfareModule } from '@escale/welfare';
import { NoticesModule, OutboxReconciler } from '@escale/notices';
import { ReportsModule } from '@escale/reports';
import { PrivacyModule } from '@escale/privacy';
import { MaintenanceProcessor } from './maintenance/maintenance.processor.js';
import { AlertSchedulesService } from './alerts/alert-schedules.service.js';
import { AlertsProcessor } from './alerts/alerts.processor.js';
import { ReportsProcessor } from './reports/reports.processor.js';
import { AppConfig, Clock, DatabaseModule, loggerParams, PlatformModule, QUEUE_JOB_OPTIONS, QueueName } from '@escale/platform';
import { ENTITIES } from '@escale/schema';

import { NoticesProcessor } from './notices/notices.processor.js';
import { SendWelcomeMessageJob } from './notices/send-welcome-message.job.js';
import { OutboxRelay } from './outbox/outbox-relay.service.js';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, options: { relay?: boolean; clock?: Clock; schedules?: boolean } = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(config, options.clock),
        LoggerModule.forRoot(loggerParams(config, 'worker')),
        DatabaseModule.forRoot(ENTITIES),
        BullModule.forRoot({ connection: { url: config.redisUrl }, prefix: config.queuePrefix }),
        ...Object.values(QueueName).map((name) =>
          BullModule.registerQueue({ name, defaultJobOptions: QUEUE_JOB_OPTIONS[name] }),
        ),
        AuditModule,
        AlertsModule,
        CasesModule,
        InboxModule,
        WelfareModule,
        NoticesModule,
        ReportsModule,
        PrivacyModule,
      ],
      providers: [
        NoticesProcessor,
        AlertsProcessor,
        ReportsProcessor,
        ...(options.schedules === false ? [] : [AlertSchedulesService, MaintenanceProcessor]),
        OutboxReconciler,
        SendWelcomeMessageJob,
        { provide: OutboxRelay.ENABLED, useValue: options.relay ?? true },
        OutboxRelay,
      ],
    };
  }
}
