import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CentresService } from '@escale/centres';
import { PeopleService } from '@escale/people';
import { type Actor, DomainError, isMessageKey, type Locale, statusOf, translate } from '@escale/platform';
import { ArrivalsService, CloseWaitingDto, StaysService, WAITING_CLOSE_REASONS } from '@escale/stays';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { FormReader, formProblem, type FormProblem, queryString, renderPage, validated } from '../forms.js';
import { WaitingCheckInForm, WaitingCloseForm, WaitingPageQuery } from './roster.forms.js';

/** The refusals the waiting list answers on the page itself; anything else gets the error page. */
const PAGE_CODES = ['NO_BED_AVAILABLE', 'WAITING_CLOSED', 'PERSON_ALREADY_IN_CENTRE', 'AGE_DISPUTED', 'MINOR_NOT_ALLOWED', 'HOUSING_MISMATCH'];

interface WaitingState {
  problem?: FormProblem;
  /** The entry the problem is about, to tie it to its row. */
  entryId?: string;
  notice?: string;
}

/** A centre's waiting list: people with no bed yet, longest waiting first, each checked in when a bed frees or taken off with a reason. */
@ApiExcludeController()
@Controller('centres/:id/waiting')
export class WaitingPageController {
  constructor(
    private readonly arrivals: ArrivalsService,
    private readonly stays: StaysService,
    private readonly people: PeopleService,
    private readonly centres: CentresService,
  ) {}

  @Roles('staff')
  @Get()
  async page(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: WaitingPageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const locale = request.locale!;
    let notice: string | undefined;
    if (query.checkedIn) {
      const detail = await this.stays.getStayDetail(actor, query.checkedIn);
      notice = translate(locale, 'waiting.done.checkedIn', { name: `${detail.person.givenNames} ${detail.person.familyName}`, bed: detail.bed.label, unit: detail.unit.name });
    } else if (query.done === 'closed') notice = translate(locale, 'waiting.done.closed');
    await this.render(response, actor, id, locale, { notice });
  }

  @Roles('staff')
  @Post(':entryId/check-in')
  async checkIn(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Param('entryId', IdPipe) entryId: string, @Body() _form: WaitingCheckInForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.centres.getCentre(actor, id);
    try {
      const result = await this.arrivals.checkInWaiting(actor, entryId);
      response.redirect(303, `/centres/${id}/waiting${queryString({ checkedIn: result.stay.id })}`);
    } catch (error) {
      const problem = this.problem(error, request.locale!);
      await this.render(response, actor, id, request.locale!, { problem, entryId }, problem.status);
    }
  }

  @Roles('staff')
  @Post(':entryId/close')
  async close(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Param('entryId', IdPipe) entryId: string, @Body() form: WaitingCloseForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.centres.getCentre(actor, id);
    const read = new FormReader();
    try {
      const reason = read.text(form.reason);
      const input = await validated(CloseWaitingDto, { reason, toCentreId: reason === 'transferred_elsewhere' ? read.text(form.toCentreId) : undefined });
      await this.arrivals.closeWaiting(actor, entryId, input);
      response.redirect(303, `/centres/${id}/waiting?done=closed`);
    } catch (error) {
      const problem = this.problem(error, request.locale!, entryId);
      await this.render(response, actor, id, request.locale!, { problem, entryId }, problem.status);
    }
  }

  private problem(error: unknown, locale: Locale, entryId?: string): FormProblem {
    if (error instanceof DomainError && PAGE_CODES.includes(error.code)) {
      const key = [`arrivals.code.${error.code}`, `errors.${error.code}`].find(isMessageKey);
      return { status: statusOf(error.code), code: error.code, message: translate(locale, key ?? 'error.generic'), items: [], fields: {} };
    }
    return formProblem(error, locale, {
      reason: { id: `reason-${entryId}`, message: 'fieldError.reason' },
      toCentreId: { id: `to-centre-${entryId}`, message: 'fieldError.toCentreId' },
    });
  }

  private async render(response: Response, actor: Actor, centreId: string, locale: Locale, state: WaitingState, status = 200): Promise<void> {
    const centre = await this.centres.getCentre(actor, centreId);
    const entries = await this.arrivals.listWaiting(actor, centreId);
    const names = new Map((await this.people.namesOf(actor, entries.map((entry) => entry.personId))).map((name) => [name.id, name]));
    const destinations = (await this.centres.listTransferDestinations(actor)).filter((destination) => destination.id !== centreId);
    // Households numbered in the order they appear, so that a family reads as one group.
    const households = new Map<string, number>();
    renderPage(
      response,
      'admin/arrivals/waiting',
      {
        title: translate(locale, 'waiting.title', { centre: centre.name }),
        centre,
        notice: state.notice,
        problem: state.problem,
        count: entries.length,
        entries: entries.map((entry) => {
          const name = names.get(entry.personId);
          if (entry.householdId && !households.has(entry.householdId)) households.set(entry.householdId, households.size + 1);
          const problem = state.entryId === entry.id ? state.problem : undefined;
          return {
            ...entry,
            name: name ? `${name.givenNames} ${name.familyName}` : entry.personId,
            household: entry.householdId ? households.get(entry.householdId) : undefined,
            problem,
            reasonError: problem?.fields[`reason-${entry.id}`],
            toCentreError: problem?.fields[`to-centre-${entry.id}`],
          };
        }),
        reasons: WAITING_CLOSE_REASONS.filter((reason) => reason !== 'checked_in'),
        destinations,
      },
      status,
    );
  }
}
