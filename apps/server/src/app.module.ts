import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from '@escale/audit';
import { AuthModule } from '@escale/auth';
import { InboxModule } from '@escale/inbox';
import { AppConfig, Clock, DatabaseModule, loggerParams, PlatformModule, RedisModule } from '@escale/platform';
import { ENTITIES } from '@escale/schema';
import { AdminModule } from './admin/admin.module.js';
import { ApiModule } from './api/api.module.js';
import { HealthModule } from './health/health.module.js';
import { AccessGuard } from './http/access.guard.js';
import { AllExceptionsFilter } from './http/exception.filter.js';
import { ContractValidationPipe } from './http/validation.pipe.js';
import { UiCloser } from './http/ui-closer.js';


@Module({})
export class AppModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, clock),
        LoggerModule.forRoot(loggerParams(config, 'server')),
        DatabaseModule.forRoot(ENTITIES),
        RedisModule,
        AuditModule,
        AuthModule,
        InboxModule,
        HealthModule,
        ApiModule,
        AdminModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useClass: ContractValidationPipe },
        UiCloser,
      ],
    };
  }
}
