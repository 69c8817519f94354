import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Centre, CENTRE_SETTINGS, CentresService, UpdateCentreSettingsDto } from '@escale/centres';
import { type Actor, type Locale, translate } from '@escale/platform';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { type FieldSpec, FormReader, type FormProblem, formProblem, renderPage, validated } from '../forms.js';
import { CentreSettingsForm } from './centres.forms.js';

const SETTINGS_FIELDS: Record<string, FieldSpec> = {
  maxStayDays: { id: 'settings-maxStayDays', message: 'fieldError.maxStayDays' },
  initialAuthorisationDays: { id: 'settings-initialAuthorisationDays', message: 'fieldError.initialAuthorisationDays' },
  welfareStandardMinutes: { id: 'settings-welfareStandardMinutes', message: 'fieldError.welfareStandardMinutes' },
  welfareHeightenedMinutes: { id: 'settings-welfareHeightenedMinutes', message: 'fieldError.welfareHeightenedMinutes' },
  welfareConstantMinutes: { id: 'settings-welfareConstantMinutes', message: 'fieldError.welfareConstantMinutes' },
  firstWelfareCheckMinutes: { id: 'settings-firstWelfareCheckMinutes', message: 'fieldError.firstWelfareCheckMinutes' },
};

/** An administrator's form of a centre's limits and welfare intervals. */
@ApiExcludeController()
@Controller('centres')
export class CentreSettingsPageController {
  constructor(private readonly centres: CentresService) {}

  @Roles('admin')
  @Get(':id/settings')
  async page(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const centre = await this.centres.getCentre(actor, id);
    this.render(response, centre, request.locale!, Object.fromEntries(CENTRE_SETTINGS.map((setting) => [setting, String(centre[setting])])));
  }

  @Roles('admin')
  @Post(':id/settings')
  async save(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: CentreSettingsForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(UpdateCentreSettingsDto, Object.fromEntries(CENTRE_SETTINGS.map((setting) => [setting, read.integer(form[setting]) ?? ''])));
      await this.centres.updateSettings(actor, id, input);
      response.redirect(303, `/centres/${id}?done=settings`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, SETTINGS_FIELDS);
      this.render(response, await this.centres.getCentre(actor, id), request.locale!, form, problem);
    }
  }

  private render(response: Response, centre: Centre, locale: Locale, values: Partial<CentreSettingsForm>, problem?: FormProblem): void {
    renderPage(
      response,
      'admin/centres/settings',
      { title: translate(locale, 'centreSettings.title', { centre: centre.name }), centre, values, problem, errors: problem?.fields ?? {} },
      problem?.status ?? 200,
    );
  }
}
