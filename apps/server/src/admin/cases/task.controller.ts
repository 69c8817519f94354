import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CasesService } from '@escale/cases';
import type { Actor } from '@escale/platform';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import { PageForm } from '../forms.js';

/** A case's task marked done, from the case page. */
@ApiExcludeController()
@Controller('tasks')
export class TaskPageController {
  constructor(private readonly cases: CasesService) {}

  @Roles('caseworker')
  @Post(':id/done')
  async complete(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() _form: PageForm, @Res() response: Response): Promise<void> {
    const task = await this.cases.completeTask(actor, id);
    response.redirect(303, `/cases/${task.caseId}?done=task-done#tasks`);
  }
}
