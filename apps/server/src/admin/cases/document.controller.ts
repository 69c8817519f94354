import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ReferralsService } from '@escale/cases';
import type { Actor } from '@escale/platform';
import { IdPipe } from '../../api/id.pipe.js';
import { OnRecord, Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';

/** A referral's document, downloaded from the case page; the service audits every download. */
@ApiExcludeController()
@OnRecord('document')
@Controller('documents')
export class DocumentPageController {
  constructor(private readonly referrals: ReferralsService) {}

  @Roles('caseworker')
  @Get(':id')
  async download(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const document = await this.referrals.downloadDocument(actor, id);
    response.setHeader('Content-Type', document.contentType);
    response.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(document.fileName)}`);
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    response.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(document.content);
  }
}
