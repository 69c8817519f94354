import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DecideTransferAppealDto, DublinService, LodgeTransferAppealDto, RecordAbscondmentDto, ReferralDatesService, ReferralsService, SetReferralDateDto } from '@escale/cases';
import type { Actor } from '@escale/platform';
import { IdPipe } from '../../api/id.pipe.js';
import { OnRecord, Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { confirmField, type FieldSpec, FormReader, formProblem, validated } from '../forms.js';
import { DublinForm } from './case.forms.js';
import { type CaseFormKey, CasePage } from './case.page.js';
import type { CaseNotice } from './case.forms.js';

/** A referral's Dublin facts (abscondment, the appeal against the transfer) and its appointment dates, from the case page. */
@ApiExcludeController()
@OnRecord('referral')
@Controller('referrals')
export class DublinPageController {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly dublin: DublinService,
    private readonly dates: ReferralDatesService,
    private readonly page: CasePage,
  ) {}

  /** Runs one form's write; on a refusal the case page comes back with the form's values and messages. */
  private async submit(
    actor: Actor,
    id: string,
    request: EscaleRequest,
    response: Response,
    spec: { form: CaseFormKey; values: DublinForm; fields: Record<string, FieldSpec>; done: CaseNotice; anchor: string },
    write: () => Promise<unknown>,
  ): Promise<void> {
    // The referral first: it names the case to go back to, and answers 404 outside the actor's centres.
    const { caseId } = await this.referrals.getReferral(actor, id);
    try {
      await write();
      response.redirect(303, `/cases/${caseId}?done=${spec.done}#${spec.anchor}`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, spec.fields);
      await this.page.render(response, actor, caseId, request.locale!, { form: spec.form, values: spec.values, problem }, problem.status);
    }
  }

  @Roles('caseworker')
  @Post(':id/abscondment')
  async abscond(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: DublinForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    read.confirmed(form.confirm);
    const fields = { at: { id: `abscond-${id}-at`, message: 'fieldError.stepAt' }, version: { id: `abscond-${id}-submit`, message: 'fieldError.generic' }, ...confirmField(`abscond-${id}-confirm`) } as const;
    await this.submit(actor, id, request, response, { form: `abscond:${id}`, values: form, fields, done: 'absconded', anchor: `dublin-${id}` }, async () =>
      this.dublin.recordAbscondment(actor, id, await validated(RecordAbscondmentDto, { version: read.integer(form.version), at: read.dateTime('at', form.at) }, read.problems)),
    );
  }

  @Roles('caseworker')
  @Post(':id/transfer-appeal')
  async lodgeAppeal(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: DublinForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    const fields = { lodgedAt: { id: `appeal-${id}-lodgedAt`, message: 'fieldError.stepAt' }, version: { id: `appeal-${id}-submit`, message: 'fieldError.generic' } } as const;
    await this.submit(actor, id, request, response, { form: `appeal:${id}`, values: form, fields, done: 'appealed', anchor: `dublin-${id}` }, async () =>
      this.dublin.lodgeTransferAppeal(actor, id, await validated(LodgeTransferAppealDto, { version: read.integer(form.version), lodgedAt: read.dateTime('lodgedAt', form.lodgedAt) }, read.problems)),
    );
  }

  @Roles('caseworker')
  @Post(':id/transfer-appeal/decision')
  async decideAppeal(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: DublinForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    const fields = {
      outcome: { id: `decide-${id}-outcome`, message: 'fieldError.generic' },
      decidedAt: { id: `decide-${id}-decidedAt`, message: 'fieldError.stepAt' },
      version: { id: `decide-${id}-submit`, message: 'fieldError.generic' },
      ...confirmField(`decide-${id}-confirm`),
    } as const;
    read.confirmed(form.confirm);
    await this.submit(actor, id, request, response, { form: `decide:${id}`, values: form, fields, done: 'moved', anchor: `referral-${id}` }, async () =>
      this.dublin.decideTransferAppeal(
        actor,
        id,
        await validated(DecideTransferAppealDto, { version: read.integer(form.version), outcome: read.text(form.outcome), decidedAt: read.dateTime('decidedAt', form.decidedAt) }, read.problems),
      ),
    );
  }

  @Roles('caseworker')
  @Post(':id/dates')
  async setDate(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: DublinForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    const kind = read.text(form.kind) ?? '';
    const inputId = `date-${id}-${kind}`;
    const fields = { at: { id: inputId, message: 'fieldError.appointmentAt' }, kind: { id: inputId, message: 'fieldError.generic' }, version: { id: `${inputId}-submit`, message: 'fieldError.generic' } } as const;
    await this.submit(actor, id, request, response, { form: `date:${id}:${kind}`, values: form, fields, done: 'dated', anchor: `dates-${id}-title` }, async () =>
      this.dates.setDate(actor, id, await validated(SetReferralDateDto, { version: read.integer(form.version), kind, at: read.dateTime('at', form.at) ?? null }, read.problems)),
    );
  }
}
