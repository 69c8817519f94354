import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CentresService } from '@escale/centres';
import { type InterpreterMode, NoticesService } from '@escale/notices';
import { type Actor, languageName, languageOptions, type Locale, translate, ValidationFailed } from '@escale/platform';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { confirmField, ConfirmedForm, type FieldSpec, type FormProblem, formProblem, FormReader, FormText, renderPage } from '../forms.js';
import { isoToTypedDateTime } from '../time.js';

export class HandOverForm extends ConfirmedForm {
  @FormText(20) handedOverAt?: string;
  @FormText(16) language?: string;
  /** none, present or phone: no choice is made for staff. */
  @FormText(10) interpreterMode?: string;
  @FormText(200) interpreterName?: string;
  @FormText(16) interpreterLanguage?: string;
}

const HAND_OVER_FIELDS: Record<string, FieldSpec> = {
  handedOverAt: { id: 'handed-over-at', message: 'handOver.error.at' },
  language: { id: 'handed-over-language', message: 'handOver.error.language' },
  'interpreter.mode': { id: 'interpreter-mode-none', message: 'handOver.error.mode' },
  'interpreter.name': { id: 'interpreter-name', message: 'handOver.error.name' },
  'interpreter.language': { id: 'interpreter-language', message: 'handOver.error.interpreterLanguage' },
  ...confirmField('handover-confirm'),
};

/** A person's languages first (best first), then every other, by name in the page's language. */
function languageChoices(locale: Locale, first: string[], selected: string | undefined) {
  const own = [...new Set(first)].map((code) => ({ code, name: languageName(locale, code), selected: code === selected }));
  const rest = languageOptions(locale)
    .filter((option) => !first.includes(option.code))
    .map((option) => ({ ...option, selected: option.code === selected }));
  return { own, rest };
}

/** Person notices: the centre's list to print and hand over, a boat's notices printed at once, and each notice as it prints. */
@ApiExcludeController()
@Controller()
export class NoticesPageController {
  constructor(
    private readonly notices: NoticesService,
    private readonly centres: CentresService,
  ) {}

  @Roles('staff')
  @Get('centres/:id/notices')
  @Render('admin/notices/to-hand-over')
  async toHandOver(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Req() request: EscaleRequest) {
    const centre = await this.centres.getCentre(actor, id);
    const interceptionId = this.interceptionOf(request);
    const notices = await this.notices.toHandOver(actor, centre.id, { interceptionId });
    return { title: translate(request.locale!, 'notices.title'), centre, notices, interceptionId, handedOver: request.query.handedOver === '1' };
  }

  /** Every pending notice of the centre (or of one boat) in one document, one per printed page, each in its language. */
  @Roles('staff')
  @Get('centres/:id/notices/print')
  @Render('admin/notices/print')
  async print(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Req() request: EscaleRequest) {
    const centre = await this.centres.getCentre(actor, id);
    const interceptionId = this.interceptionOf(request);
    const notices = await this.notices.toHandOver(actor, centre.id, { interceptionId });
    return { title: translate(request.locale!, 'notices.print.title'), centre, notices, interceptionId };
  }

  private interceptionOf(request: EscaleRequest): string | undefined {
    const value = request.query.interceptionId;
    return typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value) ? value : undefined;
  }

  @Roles('staff', 'caseworker')
  @Get('notices/:id')
  async show(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.renderNotice(response, actor, id, request.locale!, {});
  }

  @Roles('staff')
  @Post('notices/:id/handover')
  async handOver(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: HandOverForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const handedOverAt = read.dateTime('handedOverAt', form.handedOverAt);
      const mode = read.text(form.interpreterMode);
      // Refused unconfirmed, the form says at once too that no interpreter choice was made.
      if (!read.confirmed(form.confirm) && !mode) read.problems['interpreter.mode'] = ['is required'];
      if (Object.keys(read.problems).length > 0) throw new ValidationFailed(read.problems);
      const notice = await this.notices.handOver(actor, id, {
        handedOverAt,
        language: read.text(form.language) ?? '',
        interpreter: { mode: mode as InterpreterMode, name: mode === 'none' ? undefined : read.text(form.interpreterName), language: mode === 'none' ? undefined : read.text(form.interpreterLanguage) },
      });
      const centreId = (await this.notices.centreOfNotice(actor, notice.id)) ?? '';
      response.redirect(303, `/centres/${centreId}/notices?handedOver=1`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, HAND_OVER_FIELDS);
      await this.renderNotice(response, actor, id, request.locale!, { values: form, problem }, problem.status);
    }
  }

  private async renderNotice(response: Response, actor: Actor, id: string, locale: Locale, state: { values?: HandOverForm; problem?: FormProblem }, status = 200): Promise<void> {
    const notice = await this.notices.getNotice(actor, id);
    const values = state.values ?? {};
    const personLanguages = notice.personLanguages ?? [];
    renderPage(
      response,
      'admin/notices/show',
      {
        title: notice.subject ?? translate(locale, 'notices.title'),
        notice,
        canHandOver: actor.role === 'staff' && notice.status === 'rendered',
        values: { handedOverAt: values.handedOverAt ?? isoToTypedDateTime(new Date().toISOString()), interpreterName: values.interpreterName ?? '' },
        mode: values.interpreterMode,
        languages: languageChoices(locale, [notice.language, ...personLanguages], values.language ?? notice.language),
        interpreterLanguages: languageChoices(locale, personLanguages, values.interpreterLanguage),
        consequence: translate(locale, 'confirm.handOver'),
        confirmError: state.problem?.fields['handover-confirm'],
        problem: state.problem,
      },
      status,
    );
  }
}
