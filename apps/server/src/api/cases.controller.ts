import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AddCaseNoteDto, CasesService, CreateReferralDto, DecideTransferAppealDto, DublinService, LodgeTransferAppealDto, RecordAbscondmentDto, ReferralDatesService, SetReferralDateDto, CreateTaskDto, DepartedOpenCasesQuery, ListReferralsQuery, MAX_DOCUMENT_BYTES, ReferralsService, TransitionReferralDto, UpdateCaseDto } from '@escale/cases';
import { type Actor, ValidationFailed } from '@escale/platform';
import { OnRecord, Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { IdPipe } from './id.pipe.js';
import { ApiErrors } from './openapi/api-errors.js';
import { CaseNoteResponse, CaseResponse, DashboardResponse, DepartedOpenCasePage, DOCUMENT_CONTENT, DocumentList, DocumentResponse, ReferralList, ReferralPage, ReferralResponse, TaskResponse } from './responses/cases.responses.js';

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
    private readonly dublin: DublinService,
    private readonly referralDates: ReferralDatesService,
  ) {}

  @Roles('staff', 'caseworker')
  @OnRecord('case')
  @Get('cases/:id')
  @ApiOperation({ summary: 'A case, with its history, notes and tasks' })
  @ApiOkResponse({ type: CaseResponse })
  getCase(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.cases.getCase(actor, id);
  }

  @Roles('caseworker')
  @OnRecord('case')
  @Patch('cases/:id')
  @ApiOperation({ summary: 'Change a case’s status' })
  @ApiOkResponse({ type: CaseResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'VERSION_CONFLICT')
  updateCase(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: UpdateCaseDto) {
    return this.cases.updateCase(actor, id, body);
  }

  @Roles('caseworker')
  @OnRecord('case')
  @Post('cases/:id/notes')
  @ApiOperation({ summary: 'Add a note to a case' })
  @ApiCreatedResponse({ type: CaseNoteResponse })
  addNote(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: AddCaseNoteDto) {
    return this.cases.addNote(actor, id, body.text);
  }

  @Roles('caseworker')
  @OnRecord('case')
  @Post('cases/:id/tasks')
  @ApiOperation({ summary: 'Add a task to a case' })
  @ApiCreatedResponse({ type: TaskResponse })
  createTask(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: CreateTaskDto) {
    return this.cases.createTask(actor, id, body);
  }

  @Roles('caseworker')
  @Post('tasks/:id/done')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a task done' })
  @ApiOkResponse({ type: TaskResponse })
  completeTask(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.cases.completeTask(actor, id);
  }

  @Roles('admin', 'caseworker')
  @Get('data-protection/open-cases')
  @ApiOperation({ summary: 'People who left with a case still open (data protection)' })
  @ApiOkResponse({ type: DepartedOpenCasePage })
  departedWithOpenCase(@CurrentActor() actor: Actor, @Query() query: DepartedOpenCasesQuery) {
    return this.cases.departedWithOpenCase(actor, { centreId: query.centreId, limit: query.limit, offset: query.offset });
  }

  @Roles('caseworker')
  @Get('dashboard')
  @ApiOperation({ summary: 'The caseworker’s dashboard: deadlines, tasks and referrals to act on' })
  @ApiOkResponse({ type: DashboardResponse })
  dashboard(@CurrentActor() actor: Actor) {
    return this.cases.dashboard(actor);
  }

  @Roles('caseworker')
  @OnRecord('case')
  @Post('cases/:id/referrals')
  @ApiOperation({ summary: 'Open an asylum referral on a case' })
  @ApiCreatedResponse({ type: ReferralResponse, description: 'a referral in status draft' })
  @ApiErrors('REFERRAL_ALREADY_OPEN')
  createReferral(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() _body: CreateReferralDto) {
    return this.referrals.createReferral(actor, id);
  }

  @Roles('staff', 'caseworker')
  @OnRecord('case')
  @Get('cases/:id/referrals')
  @ApiOperation({ summary: 'The referrals of a case' })
  @ApiOkResponse({ type: ReferralList })
  async caseReferrals(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return { items: await this.referrals.listForCase(actor, id) };
  }

  @Roles('caseworker')
  @OnRecord('referral')
  @Get('referrals')
  @ApiOperation({ summary: 'Referrals in the caller’s centres, by status and deadline' })
  @ApiOkResponse({ type: ReferralPage })
  listReferrals(@CurrentActor() actor: Actor, @Query() query: ListReferralsQuery) {
    return this.referrals.listReferrals(actor, query);
  }

  @Roles('staff', 'caseworker')
  @OnRecord('referral')
  @Get('referrals/:id')
  @ApiOperation({ summary: 'A referral, with its history, deadline and allowed moves' })
  @ApiOkResponse({ type: ReferralResponse })
  getReferral(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.referrals.getReferral(actor, id);
  }

  @Roles('caseworker')
  @OnRecord('referral')
  @Post('referrals/:id/transitions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a referral to its next status' })
  @ApiOkResponse({ type: ReferralResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'VERSION_CONFLICT')
  transition(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: TransitionReferralDto) {
    return this.referrals.transition(actor, id, body);
  }

  @Roles('caseworker')
  @OnRecord('referral')
  @Post('referrals/:id/abscondment')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the person absconded during a Dublin procedure', description: 'On a referral in dublin_requested or dublin_accepted: the transfer deadline becomes 18 months from acceptance (DUBLIN_ABSCONDED_TRANSFER_MONTHS). A check-out with exit reason absconded records it on an accepted transfer.' })
  @ApiOkResponse({ type: ReferralResponse, description: 'the referral, with dublin.abscondedAt and its new nextDeadline' })
  @ApiConflictResponse({ description: 'ILLEGAL_TRANSITION outside the Dublin stages, VERSION_CONFLICT' })
  recordAbscondment(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: RecordAbscondmentDto) {
    return this.dublin.recordAbscondment(actor, id, body);
  }

  @Roles('caseworker')
  @OnRecord('referral')
  @Post('referrals/:id/transfer-appeal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record an appeal against the Dublin transfer decision', description: 'On a referral in dublin_accepted: the transfer deadline is suspended (nextDeadline null, no lapse) until the appeal is decided.' })
  @ApiOkResponse({ type: ReferralResponse, description: 'the referral, with dublin.transferAppeal' })
  @ApiConflictResponse({ description: 'ILLEGAL_TRANSITION outside dublin_accepted, VERSION_CONFLICT' })
  lodgeTransferAppeal(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: LodgeTransferAppealDto) {
    return this.dublin.lodgeTransferAppeal(actor, id, body);
  }

  @Roles('caseworker')
  @OnRecord('referral')
  @Post('referrals/:id/transfer-appeal/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the decision on the appeal against the transfer', description: 'rejected: the transfer deadline (6 months, 18 after abscondment) runs again from the decision; allowed: the transfer decision is annulled and the referral goes back to lodged.' })
  @ApiOkResponse({ type: ReferralResponse, description: 'the referral, with its transfer deadline or back in lodged' })
  @ApiConflictResponse({ description: 'ILLEGAL_TRANSITION without a pending transfer appeal, VERSION_CONFLICT' })
  decideTransferAppeal(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: DecideTransferAppealDto) {
    return this.dublin.decideTransferAppeal(actor, id, body);
  }

  @Roles('caseworker')
  @OnRecord('referral')
  @Post('referrals/:id/dates')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the GUDA appointment, the OFPRA interview or the CNDA hearing date', description: 'One date per call, by kind; null clears it. Not before the referral was opened; it may be in the future. The dates appear on the agenda as appointments.' })
  @ApiOkResponse({ type: ReferralResponse, description: 'the referral, with its dates' })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT' })
  setReferralDate(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: SetReferralDateDto) {
    return this.referralDates.setDate(actor, id, body);
  }

  @Roles('caseworker')
  @OnRecord('referral')
  @Post('referrals/:id/documents')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 0 } }))
  @ApiOperation({ summary: 'Attach a document (PDF, JPEG or PNG) to a referral' })
  @ApiCreatedResponse({ type: DocumentResponse })
  uploadDocument(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @UploadedFile() file: UploadedDocument | undefined) {
    if (!file) throw new ValidationFailed({ file: ['a file is required (multipart field "file")'] });
    return this.referrals.addDocument(actor, id, { originalName: file.originalname, content: file.buffer });
  }

  @Roles('caseworker')
  @OnRecord('referral')
  @Get('referrals/:id/documents')
  @ApiOperation({ summary: 'The documents of a referral' })
  @ApiOkResponse({ type: DocumentList })
  async listDocuments(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return { items: await this.referrals.listDocuments(actor, id) };
  }

  @Roles('caseworker')
  @OnRecord('document')
  @Get('documents/:id')
  @ApiOperation({ summary: 'Download a referral document' })
  @ApiOkResponse({ description: 'the file, as an attachment', content: DOCUMENT_CONTENT })
  async download(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Res({ passthrough: true }) response: Response) {
    const document = await this.referrals.downloadDocument(actor, id);
    response.setHeader('Content-Type', document.contentType);
    response.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(document.fileName)}`);
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    return new StreamableFile(document.content);
  }
}
