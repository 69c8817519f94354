import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CentresService } from '@escale/centres';
import { PeopleService } from '@escale/people';
import { type Actor, DomainError, isMessageKey, type Locale, NotFound, statusOf, translate } from '@escale/platform';
import { ArrivalsService, CloseWaitingDto, StaysService, WAITING_CLOSE_REASONS } from '@escale/stays';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { FormReader, formProblem, type FormProblem, queryString, renderPage, validated } from '../forms.js';
import { WaitingCheckInForm, WaitingCloseForm, WaitingPageQuery, WaitingPlanForm } from './roster.forms.js';

/** The refusals the waiting list answers on the page itself; anything else gets the error page. */
const PAGE_CODES = ['NO_BED_AVAILABLE', 'WAITING_CLOSED', 'PERSON_ALREADY_IN_CENTRE', 'AGE_DISPUTED', 'MINOR_NOT_ALLOWED', 'HOUSING_MISMATCH'];

interface WaitingState {
  problem?: FormProblem;
  /** The entry the problem is about, to tie it to its row. */
  entryId?: string;
  notice?: string;
}

interface PlanState {
  problem?: FormProblem;
  /** The member whose check-in was refused, to mark their row. */
  failedEntryId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
    else if (query.planned) notice = translate(locale, 'waitingPlan.done', { count: Number(query.planned) });
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

  /** A split proposed for a waiting household: the bed of each member, who sleeps with whom, and who cannot be placed here and why. */
  @Roles('staff')
  @Get('households/:householdId/plan')
  async plan(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Param('householdId', IdPipe) householdId: string, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.renderPlan(response, actor, id, householdId, request.locale!, {});
  }

  /**
   * Staff confirm the plan shown: each member is checked in on the bed shown, one after another,
   * under the rules of any check-in. The first refusal stops there: those before it are checked
   * in, the others stay on the waiting list, and the page says who was refused and why.
   */
  @Roles('staff')
  @Post('households/:householdId/plan')
  async confirmPlan(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Param('householdId', IdPipe) householdId: string,
    @Body() form: WaitingPlanForm,
    @Req() request: EscaleRequest,
    @Res() response: Response,
  ): Promise<void> {
    const locale = request.locale!;
    const waiting = await this.householdEntries(actor, id, householdId);
    const entryIds = form.entryId ?? [];
    const bedIds = form.bedId ?? [];
    const listed = new Set(waiting.map((entry) => entry.id));
    // A plan shown before someone of the household was checked in or taken off the list is shown again, fresh.
    if (entryIds.length === 0 || entryIds.length !== bedIds.length || ![...entryIds, ...bedIds].every((value) => UUID.test(value)) || !entryIds.every((entryId) => listed.has(entryId))) {
      const problem: FormProblem = { status: 400, code: 'VALIDATION_FAILED', message: translate(locale, 'waitingPlan.stale'), items: [], fields: {} };
      await this.renderPlan(response, actor, id, householdId, locale, { problem }, 400);
      return;
    }
    let checkedIn = 0;
    for (const [index, entryId] of entryIds.entries()) {
      try {
        await this.arrivals.checkInWaiting(actor, entryId, bedIds[index]);
        checkedIn += 1;
      } catch (error) {
        const refused = this.problem(error, locale);
        const entry = waiting.find((candidate) => candidate.id === entryId)!;
        const [name] = await this.people.namesOf(actor, [entry.personId]);
        const message = translate(locale, 'waitingPlan.failed', { name: name ? `${name.givenNames} ${name.familyName}` : entry.personId, reason: refused.message, count: checkedIn });
        await this.renderPlan(response, actor, id, householdId, locale, { problem: { ...refused, message, items: [], fields: {} }, failedEntryId: entryId }, refused.status);
        return;
      }
    }
    response.redirect(303, `/centres/${id}/waiting${queryString({ planned: String(checkedIn) })}`);
  }

  /** The open waiting-list entries of one household in the centre; none is a 404. */
  private async householdEntries(actor: Actor, centreId: string, householdId: string) {
    const entries = (await this.arrivals.listWaiting(actor, centreId)).filter((entry) => entry.householdId === householdId);
    if (entries.length === 0) throw new NotFound('household on the waiting list');
    return entries;
  }

  private async renderPlan(response: Response, actor: Actor, centreId: string, householdId: string, locale: Locale, state: PlanState, status = 200): Promise<void> {
    const centre = await this.centres.getCentre(actor, centreId);
    const entries = await this.householdEntries(actor, centreId, householdId);
    const names = new Map((await this.people.namesOf(actor, entries.map((entry) => entry.personId))).map((name) => [name.id, `${name.givenNames} ${name.familyName}`]));
    const nameOf = new Map(entries.map((entry) => [entry.id, names.get(entry.personId) ?? entry.personId]));
    const plan = await this.stays.placementPlan(actor, centreId, { members: entries.map((entry) => ({ ref: entry.id, personId: entry.personId })), householdId });
    // Who sleeps together: the members placed in each unit, in the order the plan gives.
    const units: { unitId: string; unitName: string; housing: string; members: { name: string; bedLabel: string }[] }[] = [];
    for (const placement of plan.placements) {
      let unit = units.find((candidate) => candidate.unitId === placement.unitId);
      if (!unit) units.push((unit = { unitId: placement.unitId, unitName: placement.unitName, housing: placement.housing, members: [] }));
      unit.members.push({ name: nameOf.get(placement.ref)!, bedLabel: placement.bedLabel });
    }
    renderPage(
      response,
      'admin/arrivals/waiting-plan',
      {
        title: translate(locale, 'waitingPlan.title', { centre: centre.name }),
        centre,
        householdId,
        problem: state.problem,
        together: plan.together,
        count: entries.length,
        placements: plan.placements.map((placement) => ({ ...placement, name: nameOf.get(placement.ref), failed: placement.ref === state.failedEntryId })),
        units,
        unplaced: plan.unplaced.map((member) => ({ name: nameOf.get(member.ref), reason: member.reason, failed: member.ref === state.failedEntryId })),
      },
      status,
    );
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
          const firstOfHousehold = Boolean(entry.householdId) && !households.has(entry.householdId!);
          if (firstOfHousehold) households.set(entry.householdId!, households.size + 1);
          const problem = state.entryId === entry.id ? state.problem : undefined;
          return {
            ...entry,
            name: name ? `${name.givenNames} ${name.familyName}` : entry.personId,
            household: entry.householdId ? households.get(entry.householdId) : undefined,
            // A waiting family is offered a split plan once, on its first row.
            planHref: firstOfHousehold ? `/centres/${centreId}/waiting/households/${entry.householdId}/plan` : undefined,
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
