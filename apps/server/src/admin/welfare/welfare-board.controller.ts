import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, type Locale, translate } from '@escale/platform';
import { RecordWelfareCheckDto, WelfareService } from '@escale/welfare';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { FormReader, type FormProblem, formProblem, renderPage, validated } from '../forms.js';
import { durationText } from './durations.js';
import { BoardCheckForm, WelfareBoardQuery } from './welfare.forms.js';

interface WelfareBoardState {
  recorded?: string;
  problem?: FormProblem;
}

/** The welfare board: every open stay by when its next check is due, with a one-click "seen well". */
@ApiExcludeController()
@Controller('centres')
export class WelfareBoardPageController {
  constructor(private readonly welfare: WelfareService) {}

  @Roles('staff')
  @Get(':id/welfare')
  async board(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: WelfareBoardQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.render(response, actor, id, request.locale!, { recorded: query.recorded?.toLowerCase() });
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
      const input = await validated(RecordWelfareCheckDto, { outcome: read.text(form.outcome) });
      await this.welfare.recordCheck(actor, stayId, input);
      response.redirect(303, `/centres/${id}/welfare?recorded=${stayId}#stay-${stayId}`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, { outcome: { id: `seen-well-${stayId}`, message: 'fieldError.checkOutcome' } });
      await this.render(response, actor, id, request.locale!, { problem }, problem.status);
    }
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
    renderPage(
      response,
      'admin/welfare/board',
      {
        title: translate(locale, 'welfareBoard.title', { centre: board.centre.name }),
        centre: board.centre,
        now: board.now,
        groups,
        counts: { overdue: groups[0].entries.length, dueSoon: groups[1].entries.length, later: groups[2].entries.length },
        empty: entries.length === 0,
        recorded: state.recorded ? entries.find((entry) => entry.stayId === state.recorded) : undefined,
        problem: state.problem,
      },
      status,
    );
  }
}
