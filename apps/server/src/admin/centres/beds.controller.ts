import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Bed, CentresService, OUT_OF_SERVICE_REASONS, UpdateBedDto } from '@escale/centres';
import { type Actor, type Locale, NotFound, translate } from '@escale/platform';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { type FieldSpec, FormReader, type FormProblem, formProblem, renderPage, validated } from '../forms.js';
import { BedServiceForm } from './centres.forms.js';

const OUT_OF_SERVICE_FIELDS: Record<string, FieldSpec> = {
  reason: { id: 'bed-reason', message: 'fieldError.bedReason' },
  note: { id: 'bed-note', message: 'fieldError.bedNote' },
  expectedBackOn: { id: 'bed-expectedBackOn', message: 'fieldError.expectedBackOn' },
  confirm: { id: 'bed-confirm', message: 'fieldError.bedConfirm' },
};

/**
 * A bed taken out of service or put back, from the centre page. Taking one out asks why, when it is
 * expected back, and for an explicit confirmation first; an occupied bed is not offered.
 */
@ApiExcludeController()
@Controller('centres')
export class BedsPageController {
  constructor(private readonly centres: CentresService) {}

  @Roles('admin')
  @Get(':id/beds/:bedId/out-of-service')
  async confirmPage(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Param('bedId', IdPipe) bedId: string, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.render(response, actor, id, bedId, request.locale!, { reason: '' });
  }

  @Roles('admin')
  @Post(':id/beds/:bedId/service')
  async setInService(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Param('bedId', IdPipe) bedId: string,
    @Body() form: BedServiceForm,
    @Req() request: EscaleRequest,
    @Res() response: Response,
  ): Promise<void> {
    const read = new FormReader();
    const inService = form.inService === 'true';
    try {
      // The page asks why (the API takes `other` when nothing is said) and for a confirmation.
      if (!inService && !read.text(form.reason)) read.problems.reason = ['choose a reason'];
      if (!inService && !read.checked(form.confirm)) read.problems.confirm = ['tick the box to confirm'];
      const input = inService
        ? await validated(UpdateBedDto, { inService })
        : await validated(UpdateBedDto, { inService, reason: read.text(form.reason), note: read.text(form.note), expectedBackOn: read.text(form.expectedBackOn) }, read.problems);
      const bed = await this.centres.setBedInService(actor, bedId, input);
      if (bed.centreId !== id) throw new NotFound('bed');
      response.redirect(303, `/centres/${id}?done=${inService ? 'bed-in-service' : 'bed-out-of-service'}#bed-${bed.id}`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, OUT_OF_SERVICE_FIELDS, { BED_OCCUPIED: 'bed-reason' });
      await this.render(response, actor, id, bedId, request.locale!, form, problem);
    }
  }

  private async render(response: Response, actor: Actor, centreId: string, bedId: string, locale: Locale, values: Partial<BedServiceForm>, problem?: FormProblem): Promise<void> {
    const { centre, units } = await this.centres.getLayout(actor, centreId);
    const unit = units.find((candidate) => candidate.beds.some((bed: Bed) => bed.id === bedId));
    const bed = unit?.beds.find((candidate) => candidate.id === bedId);
    if (!unit || !bed) throw new NotFound('bed');
    renderPage(
      response,
      'admin/centres/out-of-service',
      {
        title: translate(locale, 'bedService.title', { bed: bed.label }),
        centre,
        unit,
        bed,
        reasons: OUT_OF_SERVICE_REASONS,
        values,
        problem,
        errors: problem?.fields ?? {},
      },
      problem?.status ?? 200,
    );
  }
}
