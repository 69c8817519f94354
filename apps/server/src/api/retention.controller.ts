import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { type Actor, PageQuery } from '@escale/platform';
import { RetentionService, SetLegalHoldDto, SubjectAccessService } from '@escale/privacy';
import { OnRecord, Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { IdPipe } from './id.pipe.js';
import { SubjectAccessExportResponse } from './responses/privacy.responses.js';

class CategoryCountResponse {
  @ApiProperty({ description: 'people the category erased anything of' }) people: number;
  @ApiProperty({ description: 'records deleted or cleared' }) records: number;
}

class RetentionCountsResponse {
  @ApiProperty({ description: 'referral documents deleted' }) documents: CategoryCountResponse;
  @ApiProperty({ description: 'person notices whose printed text was deleted' }) notices: CategoryCountResponse;
  @ApiProperty({ description: 'health notes cleared' }) health: CategoryCountResponse;
  @ApiProperty({ description: 'people anonymised, and the case notes and descriptions that went with it' }) identity: CategoryCountResponse;
}

class RetentionPeriodsResponse {
  @ApiProperty() documents: number;
  @ApiProperty() notices: number;
  @ApiProperty() health: number;
  @ApiProperty() identity: number;
}

class RetentionRunResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt: string | null;
  @ApiProperty({ enum: ['running', 'completed', 'failed'] }) status: string;
  @ApiProperty({ description: 'months kept after the last case closes, by category, when the run started' }) periods: RetentionPeriodsResponse;
  @ApiProperty({ description: 'distinct people the run erased anything of' }) people: number;
  @ApiProperty() counts: RetentionCountsResponse;
  @ApiProperty({ description: 'records by kind, such as "notices.html"', type: 'object', additionalProperties: { type: 'integer' } }) details: Record<string, number>;
}

class RetentionRunPage {
  @ApiProperty({ type: [RetentionRunResponse] }) items: RetentionRunResponse[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

class LegalHoldResponse {
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty() hold: boolean;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the administrator who placed the hold' }) by: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) at: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'set when the person was already anonymised' }) anonymisedAt: string | null;
}

/** The retention job's evidence: every run, with what it erased, by category. */
@ApiTags('retention')
@ApiBearerAuth()
@Controller('api/v1/retention')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Roles('admin', 'auditor')
  @Get('runs')
  @ApiOkResponse({ type: RetentionRunPage })
  @ApiOperation({ summary: 'Past runs of the retention job' })
  runs(@CurrentActor() actor: Actor, @Query() query: PageQuery) {
    return this.retention.listRuns(actor, query);
  }
}

/** A person's legal hold, and the export of everything held about them: administrators' duties. */
@ApiTags('people')
@ApiBearerAuth()
@OnRecord('person')
@Controller('api/v1/people')
export class PersonPrivacyController {
  constructor(
    private readonly retention: RetentionService,
    private readonly subjectAccess: SubjectAccessService,
  ) {}

  @Roles('admin')
  @Put(':id/legal-hold')
  @ApiOkResponse({ type: LegalHoldResponse })
  @ApiOperation({ summary: 'Keep a person’s record past its retention period, or release it' })
  setLegalHold(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: SetLegalHoldDto) {
    return this.retention.setLegalHold(actor, id, body);
  }

  /** Subject access: the person, their stays, cases, referrals, welfare and notices, and who read or changed them. */
  @Roles('admin')
  @Get(':id/export')
  @ApiOkResponse({ type: SubjectAccessExportResponse, description: 'everything held about the person, as JSON (documents as metadata only)' })
  @ApiOperation({ summary: 'Everything held about a person (subject access request)' })
  export(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.subjectAccess.exportPerson(actor, id);
  }
}
