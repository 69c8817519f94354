import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { AlertsService } from '@escale/alerts';
import { type Actor, PageQuery } from '@escale/platform';
import { ExtendAuthorityDto, HoldingAuthorityService, RefuseExtensionDto } from '@escale/stays';
import {
  RecordAgeAssessmentDto,
  RecordMedicalReportDto,
  RecordVulnerabilityDto,
  RecordWelfareCheckDto,
  ReplyMedicalReportDto,
  SetWelfareLevelDto,
  WelfareService,
} from '@escale/welfare';
import { OnRecord, Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { IdPipe } from './id.pipe.js';
import { AgeAssessmentResponse, AlertPage, AlertResponse, ExtensionResponse, MedicalReportResponse, OverduePage, PendingAgeAssessmentList, RefusalResponse, TimelineResponse, VulnerabilityList, VulnerabilityResponse, WelfareCheckResponse, WelfareLevelResponse } from './responses/welfare.responses.js';
import { ApiErrors } from './openapi/api-errors.js';

export class CentreFilterQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  centreId?: string;
}

export class AlertsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  centreId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'true' })
  @IsOptional()
  @IsIn(['true', 'false'])
  open?: 'true' | 'false';
}

@ApiTags('welfare')
@ApiBearerAuth()
@Controller('api/v1')
export class WelfareController {
  constructor(
    private readonly welfare: WelfareService,
    private readonly holding: HoldingAuthorityService,
    private readonly alerts: AlertsService,
  ) {}

  @Roles('staff')
  @OnRecord('stay')
  @Put('stays/:id/welfare-level')
  @ApiOperation({ summary: 'Set a stay’s welfare observation level' })
  @ApiOkResponse({ type: WelfareLevelResponse })
  @ApiErrors('STAY_CLOSED')
  setLevel(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: SetWelfareLevelDto) {
    return this.welfare.setLevel(actor, id, body);
  }

  @Roles('staff')
  @OnRecord('stay')
  @Post('stays/:id/welfare-checks')
  @ApiOperation({ summary: 'Record a welfare check' })
  @ApiCreatedResponse({ type: WelfareCheckResponse })
  @ApiErrors('STAY_CLOSED')
  recordCheck(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: RecordWelfareCheckDto) {
    return this.welfare.recordCheck(actor, id, body);
  }

  @Roles('staff')
  @Get('welfare-checks/overdue')
  @ApiOperation({ summary: 'Stays whose next welfare check is past due' })
  @ApiOkResponse({ type: OverduePage })
  async overdue(@CurrentActor() actor: Actor, @Query() query: CentreFilterQuery) {
    const items = await this.welfare.overdue(actor, query.centreId);
    return { items, total: items.length, limit: 500, offset: 0 };
  }

  @Roles('staff', 'caseworker')
  @OnRecord('stay')
  @Get('stays/:id/timeline')
  @ApiOperation({ summary: 'Everything that happened during a stay, in order' })
  @ApiOkResponse({ type: TimelineResponse })
  async timeline(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return { items: await this.welfare.timeline(actor, id) };
  }

  @Roles('staff')
  @OnRecord('stay')
  @Post('stays/:id/extensions')
  @ApiOperation({ summary: 'Record a judge’s extension of a removal-centre placement' })
  @ApiCreatedResponse({ type: ExtensionResponse })
  @ApiErrors('EXTENSION_NOT_ALLOWED', 'AUTHORITY_EXPIRED', 'STAY_CLOSED')
  extend(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: ExtendAuthorityDto) {
    return this.holding.extendAuthority(actor, id, body);
  }

  @Roles('staff')
  @OnRecord('stay')
  @Post('stays/:id/extension-refusals')
  @ApiOperation({ summary: 'Record a judge’s refusal to extend a placement' })
  @ApiCreatedResponse({ type: RefusalResponse, description: 'the refusal; the person is released and the stay closed' })
  refuseExtension(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: RefuseExtensionDto) {
    return this.holding.refuseExtension(actor, id, body);
  }

  @Roles('staff', 'caseworker')
  @Get('centres/:id/pending-age-assessments')
  @ApiOperation({ summary: 'People of a centre awaiting an age assessment' })
  @ApiOkResponse({ type: PendingAgeAssessmentList })
  pendingAgeAssessments(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.welfare.pendingAgeAssessments(actor, id);
  }

  @Roles('staff', 'caseworker')
  @OnRecord('person')
  @Post('people/:id/vulnerabilities')
  @ApiOperation({ summary: 'Record a vulnerability of a person' })
  @ApiCreatedResponse({ type: VulnerabilityResponse })
  recordVulnerability(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: RecordVulnerabilityDto) {
    return this.welfare.recordVulnerability(actor, id, body);
  }

  @Roles('staff', 'caseworker')
  @OnRecord('person')
  @Get('people/:id/vulnerabilities')
  @ApiOperation({ summary: 'The vulnerabilities recorded for a person' })
  @ApiOkResponse({ type: VulnerabilityList })
  async listVulnerabilities(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return { items: await this.welfare.listVulnerabilities(actor, id) };
  }

  @Roles('staff', 'caseworker')
  @OnRecord('person')
  @Put('people/:id/age-assessment')
  @ApiOperation({ summary: 'Record the state or outcome of an age assessment' })
  @ApiOkResponse({ type: AgeAssessmentResponse })
  recordAgeAssessment(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: RecordAgeAssessmentDto) {
    return this.welfare.recordAgeAssessment(actor, id, body);
  }

  @Roles('staff', 'caseworker')
  @OnRecord('stay')
  @Post('stays/:id/medical-reports')
  @ApiOperation({ summary: 'Record a medical report on a person’s fitness to be held' })
  @ApiCreatedResponse({ type: MedicalReportResponse })
  recordMedicalReport(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: RecordMedicalReportDto) {
    return this.welfare.recordMedicalReport(actor, id, body);
  }

  @Roles('staff', 'caseworker')
  @Post('medical-reports/:id/reply')
  @ApiOperation({ summary: 'Record the decision-maker’s reply to a medical report' })
  @ApiCreatedResponse({ type: MedicalReportResponse, description: 'the report, with its reply' })
  replyMedicalReport(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: ReplyMedicalReportDto) {
    return this.welfare.replyMedicalReport(actor, id, body);
  }

  @Roles('staff', 'admin')
  @Get('alerts')
  @ApiOperation({ summary: 'Open alerts in the caller’s centres' })
  @ApiOkResponse({ type: AlertPage })
  listAlerts(@CurrentActor() actor: Actor, @Query() query: AlertsQuery) {
    return this.alerts.list(actor, { centreId: query.centreId, open: query.open !== 'false', limit: query.limit, offset: query.offset });
  }

  @Roles('staff')
  @Post('alerts/:id/acknowledge')
  @ApiOperation({ summary: 'Acknowledge an alert' })
  @ApiCreatedResponse({ type: AlertResponse })
  acknowledge(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.alerts.acknowledge(actor, id);
  }
}
