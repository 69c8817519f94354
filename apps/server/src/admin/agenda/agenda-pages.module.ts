import { Module } from '@nestjs/common';
import { AgendaModule } from '@escale/agenda';
import { CentresModule } from '@escale/centres';
import { AgendaPageController } from './agenda.controller.js';

/** The agenda page and the calendar feed's controls. */
@Module({
  imports: [AgendaModule, CentresModule],
  controllers: [AgendaPageController],
})
export class AgendaPagesModule {}
