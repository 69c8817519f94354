import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config.js';
import { Clock, SystemClock } from './clock/clock.js';
import { OutboxService } from './jobs/outbox.service.js';

/** What every context may inject: the config, the clock and the outbox. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: PlatformModule,
      providers: [{ provide: AppConfig, useValue: config }, clock ? { provide: Clock, useValue: clock } : { provide: Clock, useClass: SystemClock }, OutboxService],
      exports: [AppConfig, Clock, OutboxService],
    };
  }
}
