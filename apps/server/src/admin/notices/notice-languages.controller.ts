import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { NoticeLanguagesService } from '@escale/notices';
import { type Actor, type Locale, translate } from '@escale/platform';
import { AnyUser, Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { type FieldSpec, type FormProblem, formProblem, FormReader, FormText, PageForm, renderPage } from '../forms.js';
import { LanguageCodePipe } from '../../api/language-code.pipe.js';

export class ReviewForm extends PageForm {
  @FormText(200) reviewerName?: string;
  @FormText(200) organisation?: string;
  @FormText(10) reviewedOn?: string;
}

/** Each language has its own form on the page, so its fields' ids carry the code. */
const reviewFields = (code: string): Record<string, FieldSpec> => ({
  reviewerName: { id: `reviewer-name-${code}`, message: 'noticeLanguages.error.reviewerName' },
  organisation: { id: `review-organisation-${code}`, message: 'noticeLanguages.error.organisation' },
  reviewedOn: { id: `reviewed-on-${code}`, message: 'noticeLanguages.error.reviewedOn' },
});

/** The notice languages and their translations' review state; administrators record a review. */
@ApiExcludeController()
@Controller('notice-languages')
export class NoticeLanguagesPageController {
  constructor(private readonly languages: NoticeLanguagesService) {}

  @AnyUser()
  @Get()
  async list(@CurrentActor() actor: Actor, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.render(response, actor, request.locale!, { done: request.query.done === 'reviewed' ? String(request.query.code ?? '') : undefined });
  }

  @Roles('admin')
  @Post(':code/reviews')
  async review(@CurrentActor() actor: Actor, @Param('code', LanguageCodePipe) code: string, @Body() form: ReviewForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      await this.languages.recordReview(actor, code, { reviewerName: read.text(form.reviewerName) ?? '', organisation: read.text(form.organisation) ?? '', reviewedOn: read.text(form.reviewedOn) ?? '' });
      response.redirect(303, `/notice-languages?done=reviewed&code=${encodeURIComponent(code)}#language-${encodeURIComponent(code)}`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, reviewFields(code));
      await this.render(response, actor, request.locale!, { code, values: form, problem }, problem.status);
    }
  }

  private async render(response: Response, actor: Actor, locale: Locale, state: { done?: string; code?: string; values?: ReviewForm; problem?: FormProblem }, status = 200): Promise<void> {
    const languages = await this.languages.list();
    renderPage(
      response,
      'admin/notices/languages',
      {
        title: translate(locale, 'noticeLanguages.title'),
        languages: languages.map((language) => ({ ...language, failed: state.code === language.code, values: state.code === language.code ? state.values : undefined, problem: state.code === language.code ? state.problem : undefined })),
        canReview: actor.role === 'admin',
        done: state.done,
      },
      status,
    );
  }
}
