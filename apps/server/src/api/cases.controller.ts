import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AddCaseNoteDto, CasesService, CreateReferralDto, CreateTaskDto, DepartedOpenCasesQuery, ListReferralsQuery, MAX_DOCUMENT_BYTES, ReferralsService, TransitionReferralDto, UpdateCaseDto } from '@escale/cases';
import { type Actor, ValidationFailed } from '@escale/platform';
import { OnRecord, Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { IdPipe } from './id.pipe.js';

interface UploadedDocument {
  originalname: string;
  buffer: Buffer;
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly referrals: ReferralsService,
  ) {}

  @Roles('staff', 'caseworker')
  @OnRecord('case')
  @Get('cases/:id')
  getCase(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.cases.getCase(actor, id);
  }

  @Roles('caseworker')
  @OnRecord('case')
  @Patch('cases/:id')
  updateCase(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: UpdateCaseDto) {
    return this.cases.updateCase(actor, id, body);
  }

  @Roles('caseworker')
  @OnRecord('case')
  @Post('cases/:id/notes')
  addNote(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: AddCaseNoteDto) {
    return this.cases.addNote(actor, id, body.text);
  }

  @Roles('caseworker')
  @OnRecord('case')
  @Post('cases/:id/tasks')
  createTask(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: CreateTaskDto) {
    return this.cases.createTask(actor, id, body);
  }

  @Roles('caseworker')
  @Post('tasks/:id/done')
  @HttpCode(200)
  completeTask(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.cases.completeTask(actor, id);
  }

  @Roles('admin', 'caseworker')
  @Get('data-protection/open-cases')
  departedWithOpenCase(@CurrentActor() actor: Actor, @Query() query: DepartedOpenCasesQuery) {
    return this.cases.departedWithOpenCase(actor, { centreId: query.centreId, limit: query.limit, offset: query.offset });
  }

  @Roles('caseworker')
  @Get('dashboard')
  dashboard(@CurrentActor() actor: Actor) {
    return this.cases.dashboard(actor);
  }

  @Roles('caseworker')
  @OnRecord('case')
  @Post('cases/:id/referrals')
  createReferral(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() _body: CreateReferralDto) {
    return this.referrals.createReferral(actor, id);
  }

  @Roles('staff', 'caseworker')
  @OnRecord('case')
  @Get('cases/:id/referrals')
  async caseReferrals(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return { items: await this.referrals.listForCase(actor, id) };
  }

  @Roles('caseworker')
  @OnRecord('referral')
  @Get('referrals')
  listReferrals(@CurrentActor() actor: Actor, @Query() query: ListReferralsQuery) {
    return this.referrals.listReferrals(actor, query);
  }

  @Roles('staff', 'caseworker')
  @OnRecord('referral')
  @Get('referrals/:id')
  getReferral(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.referrals.getReferral(actor, id);
  }

  @Roles('caseworker')
  @OnRecord('referral')
  @Post('referrals/:id/transitions')
  @HttpCode(200)
  transition(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: TransitionReferralDto) {
    return this.referrals.transition(actor, id, body);
  }

  @Roles('caseworker')
  @OnRecord('referral')
  @Post('referrals/:id/documents')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 0 } }))
  uploadDocument(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @UploadedFile() file: UploadedDocument | undefined) {
    if (!file) throw new ValidationFailed({ file: ['a file is required (multipart field "file")'] });
    return this.referrals.addDocument(actor, id, { originalName: file.originalname, content: file.buffer });
  }

  @Roles('caseworker')
  @OnRecord('referral')
  @Get('referrals/:id/documents')
  async listDocuments(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return { items: await this.referrals.listDocuments(actor, id) };
  }

  @Roles('caseworker')
  @OnRecord('document')
  @Get('documents/:id')
  async download(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Res({ passthrough: true }) response: Response) {
    const document = await this.referrals.downloadDocument(actor, id);
    response.setHeader('Content-Type', document.contentType);
    response.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(document.fileName)}`);
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    return new StreamableFile(document.content);
  }
}
