import { Body, Controller, Param, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { decisionsFor, MAX_DOCUMENT_BYTES, ReferralsService, TransitionReferralDto, VersionConflict } from '@escale/cases';
import { type Actor, DomainError, ValidationFailed } from '@escale/platform';
import { IdPipe } from '../../api/id.pipe.js';
import { OnRecord, Roles } from '../../http/access.decorator.js';
import { PageUpload } from '../../http/page-upload.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { type FieldSpec, FormReader, formProblem, PageForm, validated } from '../forms.js';
import { MoveForm } from './case.forms.js';
import { needsConfirmation } from './referral.model.js';
import { CasePage } from './case.page.js';

interface UploadedDocument {
  originalname: string;
  buffer: Buffer;
}

/** A referral's steps and documents, from the case page; the case page shows the outcome. */
@ApiExcludeController()
@OnRecord('referral')
@Controller('referrals')
export class ReferralPageController {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly page: CasePage,
  ) {}

  @Roles('caseworker')
  @Post(':id/transitions')
  async move(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: MoveForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    const to = read.text(form.to);
    const version = read.integer(form.version);
    try {
      const current = await this.referrals.getReferral(actor, id);
      const offered = current.allowedMoves.find((move) => move === to);
      if (offered && needsConfirmation(current.status, offered)) read.confirmed(form.confirm);
      // The page asks what a decision was; the API leaves it optional for older clients.
      if (offered && decisionsFor(offered).length > 0 && !read.text(form.decision)) read.problems.decision = ['is required'];
      const input = await validated(
        TransitionReferralDto,
        { to, version, note: read.text(form.note), at: read.dateTime('at', form.at), decision: read.text(form.decision), dublinBasis: read.text(form.dublinBasis) },
        read.problems,
      );
      const moved = await this.referrals.transition(actor, id, input);
      response.redirect(303, `/cases/${moved.caseId}?done=moved#referral-${moved.id}`);
    } catch (error) {
      const prefix = `move-${to ?? ''}`;
      const fields: Record<string, FieldSpec> = {
        to: { id: `${prefix}-submit`, message: 'fieldError.generic' },
        version: { id: `${prefix}-submit`, message: 'fieldError.generic' },
        note: { id: `${prefix}-note`, message: 'fieldError.stepNote' },
        at: { id: `${prefix}-at`, message: 'fieldError.stepAt' },
        decision: { id: `${prefix}-decision`, message: 'fieldError.decision' },
        dublinBasis: { id: `${prefix}-basis`, message: 'fieldError.dublinBasis' },
        confirm: { id: `${prefix}-confirm`, message: 'fieldError.confirm' },
      };
      const current = await this.referrals.getReferral(actor, id);
      // The service checks the move before the version: a step refused on a form read before
      // someone else's step is a stale form, and the reader is told so.
      const stale = error instanceof DomainError && error.code === 'ILLEGAL_TRANSITION' && typeof version === 'number' && version !== current.version;
      const problem = formProblem(stale ? new VersionConflict(current.version) : error, request.locale!, fields);
      await this.page.render(response, actor, current.caseId, request.locale!, { form: `move:${id}:${to ?? ''}`, values: form, problem }, problem.status);
    }
  }

  @Roles('caseworker')
  @Post(':id/documents')
  @UseInterceptors(PageUpload('file', MAX_DOCUMENT_BYTES))
  async upload(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() _form: PageForm, @UploadedFile() file: UploadedDocument | undefined, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    // The referral first: it names the case to go back to, and answers 404 outside the actor's centres.
    const { caseId } = await this.referrals.getReferral(actor, id);
    const fileId = `upload-${id}-file`;
    try {
      if (request.uploadError) throw request.uploadError;
      if (!file) throw new ValidationFailed({ file: ['a file is required'] });
      await this.referrals.addDocument(actor, id, { originalName: file.originalname, content: file.buffer });
      response.redirect(303, `/cases/${caseId}?done=uploaded#documents-${id}`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, { file: { id: fileId, message: 'fieldError.file' } }, { PAYLOAD_TOO_LARGE: fileId, UNSUPPORTED_MEDIA_TYPE: fileId });
      await this.page.render(response, actor, caseId, request.locale!, { form: `upload:${id}`, problem }, problem.status);
    }
  }
}
