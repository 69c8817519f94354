import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CentresService } from '@escale/centres';
import { type Actor, type Locale, NotFound, translate, ValidationFailed } from '@escale/platform';
import { RecordWelfareCheckDto, WelfareService, type WelfareBoardEntry } from '@escale/welfare';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { confirmField, FormReader, type FormProblem, formProblem, renderPage, validated } from '../forms.js';
import { durationText } from './durations.js';
import { BoardCheckForm, UnitRoundForm, WelfareBoardQuery } from './welfare.forms.js';

interface WelfareBoardState {
  recorded?: string;
  next?: string;
  round?: { unitId: string; count: number };
  problem?: FormProblem;
}

/** The welfare board: every open stay by when its next check is due, with a one-click "seen well", and a round by unit. */
@ApiExcludeController()
@Controller('centres')
export class WelfareBoardPageController {
  constructor(
    private readonly welfare: WelfareService,
    private readonly centres: CentresService,
  ) {}

  @Roles('staff')
  @Get(':id/welfare')
  async board(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: WelfareBoardQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const round = query.round && query.count ? { unitId: query.round.toLowerCase(), count: Number(query.count) } : undefined;
    await this.render(response, actor, id, request.locale!, { recorded: query.recorded?.toLowerCase(), next: query.next?.toLowerCase(), round });
  }

  @Roles('staff')
  @Post(':id/welfare/:stayId/checks')
  async recordCheck(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Param('stayId', IdPipe) stayId: string,
    @Body() form: BoardCheckForm,
    @Req() request: EscaleRequest,
    @Res() response: Response,
  ): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(RecordWelfareCheckDto, { outcome: read.text(form.outcome) }, read.problems);
      await this.welfare.recordCheck(actor, stayId, input);
      // Back to where the round was: the "seen well" of the row that followed the one checked is the
      // fragment, so the browser scrolls to it and focuses it (with or without script).
      const next = /^[0-9a-f-]{36}$/i.test(form.next ?? '') ? form.next!.toLowerCase() : undefined;
      response.redirect(303, `/centres/${id}/welfare?recorded=${stayId}${next ? `&next=${next}` : ''}#seen-well-${next ?? stayId}`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, { outcome: { id: `seen-well-${stayId}`, message: 'fieldError.checkOutcome' } });
      await this.render(response, actor, id, request.locale!, { problem }, problem.status);
    }
  }

  @Roles('staff')
  @Get(':id/welfare/units/:unitId/round')
  async round(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Param('unitId', IdPipe) unitId: string, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.renderRound(response, actor, id, unitId, request.locale!, {});
  }

  @Roles('staff')
  @Post(':id/welfare/units/:unitId/round')
  async recordRound(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Param('unitId', IdPipe) unitId: string,
    @Body() form: UnitRoundForm,
    @Req() request: EscaleRequest,
    @Res() response: Response,
  ): Promise<void> {
    const read = new FormReader();
    try {
      if (!read.confirmed(form.confirm)) throw new ValidationFailed(read.problems);
      const { recorded } = await this.welfare.recordUnitRound(actor, id, unitId, form.stayIds ?? []);
      response.redirect(303, `/centres/${id}/welfare?round=${unitId}&count=${recorded}#units`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, { stayIds: { id: 'round-people', message: 'fieldError.roundPeople' }, ...confirmField('round-confirm') });
      await this.renderRound(response, actor, id, unitId, request.locale!, { problem, ticked: form.stayIds ?? [] }, problem.status);
    }
  }

  private async renderRound(response: Response, actor: Actor, centreId: string, unitId: string, locale: Locale, state: { problem?: FormProblem; ticked?: string[] }, status = 200): Promise<void> {
    const board = await this.welfare.board(actor, centreId);
    const unit = await this.centres.getUnit(actor, unitId);
    if (unit.centreId !== board.centre.id) throw new NotFound('unit');
    const unitName = unit.name;
    const people = board.entries.filter((entry) => entry.unitId === unitId);
    const ticked = (entry: WelfareBoardEntry) => (state.ticked ? state.ticked.includes(entry.stayId) : true);
    renderPage(
      response,
      'admin/welfare/round',
      {
        title: translate(locale, 'unitRound.title', { unit: unitName }),
        centre: board.centre,
        unitId,
        unitName,
        eligible: people.filter((entry) => entry.welfareLevel !== 'constant').map((entry) => ({ ...entry, ticked: ticked(entry) })),
        constant: people.filter((entry) => entry.welfareLevel === 'constant'),
        problem: state.problem,
        errors: state.problem?.fields ?? {},
      },
      status,
    );
  }

  private async render(response: Response, actor: Actor, centreId: string, locale: Locale, state: WelfareBoardState, status = 200): Promise<void> {
    const board = await this.welfare.board(actor, centreId);
    const entries = board.entries.map((entry) => ({
      ...entry,
      // A check less than a minute late is still late.
      late: entry.due === 'overdue' ? translate(locale, 'welfareBoard.late', { duration: durationText(locale, Math.max(1, entry.overdueMinutes)) }) : undefined,
    }));
    const group = (key: 'overdue' | 'due_soon' | 'later', heading: string, empty: string) => ({ key, heading, empty, entries: entries.filter((entry) => entry.due === key) });
    const groups = [
      group('overdue', 'welfareBoard.overdue', 'welfareBoard.none.overdue'),
      group('due_soon', 'welfareBoard.dueSoon', 'welfareBoard.none.dueSoon'),
      group('later', 'welfareBoard.later', 'welfareBoard.none.later'),
    ];
    // In the order shown, each row knows the one below it: after its check, that one takes the focus.
    const shown = groups.flatMap((item) => item.entries);
    const rows = new Map(shown.map((entry, index) => [entry.stayId, { nextStayId: shown[index + 1]?.stayId, focusAfter: entry.stayId === (state.next ?? state.recorded) }]));
    const units = [...new Map(board.entries.map((entry) => [entry.unitId, { id: entry.unitId, name: entry.unitName }])).values()].sort((a, b) => a.name.localeCompare(b.name));
    const roundUnit = state.round ? units.find((unit) => unit.id === state.round!.unitId) : undefined;
    renderPage(
      response,
      'admin/welfare/board',
      {
        title: translate(locale, 'welfareBoard.title', { centre: board.centre.name }),
        centre: board.centre,
        now: board.now,
        groups: groups.map((item) => ({ ...item, entries: item.entries.map((entry) => ({ ...entry, ...rows.get(entry.stayId) })) })),
        counts: { overdue: groups[0].entries.length, dueSoon: groups[1].entries.length, later: groups[2].entries.length },
        empty: entries.length === 0,
        units,
        recorded: state.recorded ? entries.find((entry) => entry.stayId === state.recorded) : undefined,
        roundRecorded: roundUnit ? translate(locale, 'welfareBoard.unitRecorded', { count: state.round!.count, unit: roundUnit.name }) : undefined,
        problem: state.problem,
      },
      status,
    );
  }
}
