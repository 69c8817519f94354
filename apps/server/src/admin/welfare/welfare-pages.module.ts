import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AlertsModule } from '@escale/alerts';
import { AuthModule } from '@escale/auth';
import { CentresModule } from '@escale/centres';
import { WelfareModule } from '@escale/welfare';
import { AlertsPageController } from '../alerts/alerts.controller.js';
import { OpenAlertCountInterceptor } from '../alerts/open-alert-count.interceptor.js';
import { WelfareBoardPageController } from './welfare-board.controller.js';

/**
 * The welfare board and the alerts inbox, and the open-alert count in every staff page's header.
 * Exports the welfare context to the stay and person pages, which show and record welfare too.
 */
@Module({
  imports: [AlertsModule, AuthModule, CentresModule, WelfareModule],
  controllers: [WelfareBoardPageController, AlertsPageController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: OpenAlertCountInterceptor }],
  exports: [WelfareModule],
})
export class WelfarePagesModule {}
