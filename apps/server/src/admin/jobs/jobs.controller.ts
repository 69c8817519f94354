import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, type Locale, NotFound, translate, ValidationFailed } from '@escale/platform';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { confirmField, type FormProblem, FormReader, formProblem, pagination, queryString, renderPage } from '../forms.js';
import { JOB_STATES, JobQueuesService, LISTED_STATES, type ListedState } from './job-queues.service.js';
import { QueuePageQuery, RetryForm } from './jobs.forms.js';

export const JOBS_PATH = '/admin/queues';
const JOBS_PER_PAGE = 20;

/** A page number typed in a link: a whole number from 1, else the first page. */
function pageOf(value: string | undefined): number {
  return /^[1-9]\d{0,8}$/.test(value ?? '') ? Number(value) : 1;
}

interface QueuePageState {
  state: ListedState;
  page: number;
  done?: QueuePageQuery['done'];
  problem?: FormProblem;
}

/** The queues of background jobs (notices, alerts, reports, maintenance) and their failures, for administrators. */
@ApiExcludeController()
@Controller('admin/queues')
export class JobsPageController {
  constructor(private readonly queues: JobQueuesService) {}

  @Roles('admin')
  @Get()
  async index(@Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const locale = request.locale!;
    renderPage(response, 'admin/jobs/index', {
      title: translate(locale, 'jobs.title'),
      states: JOB_STATES,
      queues: await this.queues.counts(),
    });
  }

  @Roles('admin')
  @Get(':queue')
  async show(@Param('queue') queue: string, @Query() query: QueuePageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.render(response, queue, request.locale!, { state: query.state ?? 'failed', page: pageOf(query.page), done: query.done });
  }

  @Roles('admin')
  @Post(':queue/jobs/:jobId/retry')
  async retry(
    @CurrentActor() actor: Actor,
    @Param('queue') queue: string,
    @Param('jobId') jobId: string,
    @Body() form: RetryForm,
    @Req() request: EscaleRequest,
    @Res() response: Response,
  ): Promise<void> {
    if (!this.queues.has(queue)) throw new NotFound('queue');
    const read = new FormReader();
    try {
      if (!read.confirmed(form.confirm)) throw new ValidationFailed(read.problems);
      await this.queues.retry(actor, queue, jobId);
      response.redirect(303, `${JOBS_PATH}/${queue}?done=retried`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, confirmField(`retry-${jobId}-confirm`));
      await this.render(response, queue, request.locale!, { state: 'failed', page: pageOf(form.page), problem }, problem.status);
    }
  }

  @Roles('admin')
  @Post(':queue/retry-failed')
  async retryAll(@CurrentActor() actor: Actor, @Param('queue') queue: string, @Body() form: RetryForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    if (!this.queues.has(queue)) throw new NotFound('queue');
    const read = new FormReader();
    try {
      if (!read.confirmed(form.confirm)) throw new ValidationFailed(read.problems);
      await this.queues.retryAllFailed(actor, queue);
      response.redirect(303, `${JOBS_PATH}/${queue}?done=retried-all`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, confirmField('retry-all-confirm'));
      await this.render(response, queue, request.locale!, { state: 'failed', page: pageOf(form.page), problem }, problem.status);
    }
  }

  private async render(response: Response, queue: string, locale: Locale, state: QueuePageState, status = 200): Promise<void> {
    if (!this.queues.has(queue)) throw new NotFound('queue');
    const offset = (state.page - 1) * JOBS_PER_PAGE;
    const jobs = await this.queues.jobs(queue, state.state, JOBS_PER_PAGE, offset);
    const link = (values: Record<string, string | number | undefined>) => `${JOBS_PATH}/${queue}${queryString(values)}`;
    const queueName = translate(locale, `jobs.queue.${queue}`);
    renderPage(
      response,
      'admin/jobs/queue',
      {
        title: translate(locale, 'jobs.queueTitle', { queue: queueName }),
        queue,
        queueName,
        state: state.state,
        page: state.page,
        tabs: LISTED_STATES.map((listed) => ({ state: listed, href: link({ state: listed === 'failed' ? undefined : listed }), current: listed === state.state })),
        jobs: jobs.items,
        failed: state.state === 'failed',
        pagination: pagination(jobs, (at) => link({ state: state.state === 'failed' ? undefined : state.state, page: at / JOBS_PER_PAGE + 1 })),
        notice: state.done ? `jobs.done.${state.done}` : undefined,
        problem: state.problem,
        errors: state.problem?.fields ?? {},
      },
      status,
    );
  }
}
