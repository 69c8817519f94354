import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AddCaseNoteDto, CASE_STATUSES, type CaseStatus, CasesService, CreateTaskDto, ReferralsService, UpdateCaseDto } from '@escale/cases';
import type { Actor } from '@escale/platform';
import { IdPipe } from '../../api/id.pipe.js';
import { OnRecord, Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { confirmField, type FieldSpec, FormReader, formProblem, PageForm, validated } from '../forms.js';
import { AssignForm, CasePageQuery, CaseStatusForm, NoteForm, TaskForm } from './case.forms.js';
import { CasePage } from './case.page.js';
import { statusNeedsConfirmation } from './referral.model.js';

const STATUS_FIELDS: Record<string, FieldSpec> = {
  status: { id: 'case-status', message: 'fieldError.generic' },
  version: { id: 'case-status', message: 'fieldError.generic' },
};
const ASSIGN_FIELDS: Record<string, FieldSpec> = {
  caseworkerId: { id: 'case-assign', message: 'fieldError.generic' },
  version: { id: 'case-assign', message: 'fieldError.generic' },
};
const NOTE_FIELDS: Record<string, FieldSpec> = { text: { id: 'note-text', message: 'fieldError.noteText' } };
const TASK_FIELDS: Record<string, FieldSpec> = {
  title: { id: 'task-title', message: 'fieldError.taskTitle' },
  dueAt: { id: 'task-due', message: 'fieldError.taskDueAt' },
};

/** A case: staff read it; caseworkers move its status, take it on, write notes and tasks, and start a referral. */
@ApiExcludeController()
@OnRecord('case')
@Controller('cases')
export class CasePageController {
  constructor(
    private readonly cases: CasesService,
    private readonly referrals: ReferralsService,
    private readonly page: CasePage,
  ) {}

  @Roles('staff', 'caseworker')
  @Get(':id')
  async show(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: CasePageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.page.render(response, actor, id, request.locale!, { done: query.done });
  }

  @Roles('caseworker')
  @Post(':id/status')
  async moveStatus(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: CaseStatusForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    const status = read.text(form.status);
    const known = CASE_STATUSES.find((value) => value === status);
    if (known && statusNeedsConfirmation(known)) read.confirmed(form.confirm);
    try {
      const input = await validated(UpdateCaseDto, { status, version: read.integer(form.version) }, read.problems);
      await this.cases.updateCase(actor, id, input);
      response.redirect(303, `/cases/${id}?done=status`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, { ...STATUS_FIELDS, ...confirmField(`status-${known ?? ''}-confirm`) });
      await this.page.render(response, actor, id, request.locale!, { form: 'status', values: form, problem }, problem.status);
    }
  }

  @Roles('caseworker')
  @Post(':id/assign')
  async assignToMe(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: AssignForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(UpdateCaseDto, { caseworkerId: actor.userId, version: read.integer(form.version) }, read.problems);
      await this.cases.updateCase(actor, id, input);
      response.redirect(303, `/cases/${id}?done=assigned`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, ASSIGN_FIELDS);
      await this.page.render(response, actor, id, request.locale!, { form: 'assign', values: form, problem }, problem.status);
    }
  }

  @Roles('caseworker')
  @Post(':id/notes')
  async addNote(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: NoteForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(AddCaseNoteDto, { text: read.text(form.text) }, read.problems);
      await this.cases.addNote(actor, id, input.text);
      response.redirect(303, `/cases/${id}?done=note#timeline`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, NOTE_FIELDS);
      await this.page.render(response, actor, id, request.locale!, { form: 'note', values: form, problem }, problem.status);
    }
  }

  @Roles('caseworker')
  @Post(':id/tasks')
  async createTask(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: TaskForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(CreateTaskDto, { title: read.text(form.title), dueAt: read.dateTime('dueAt', form.dueAt) }, read.problems);
      await this.cases.createTask(actor, id, input);
      response.redirect(303, `/cases/${id}?done=task#tasks`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, TASK_FIELDS);
      await this.page.render(response, actor, id, request.locale!, { form: 'task', values: form, problem }, problem.status);
    }
  }

  @Roles('caseworker')
  @Post(':id/referrals')
  async startReferral(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() _form: PageForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    try {
      await this.referrals.createReferral(actor, id);
      response.redirect(303, `/cases/${id}?done=referral#referrals`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, {});
      await this.page.render(response, actor, id, request.locale!, { form: 'referral', problem }, problem.status);
    }
  }
}
