import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { INTERPRETER_MODES, type InterpreterMode, NoticeLanguagesService, NoticesService } from '@escale/notices';
import type { Actor } from '@escale/platform';
import { AnyUser, Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { IdPipe } from './id.pipe.js';
import { LanguageCodePipe } from './language-code.pipe.js';
import { NoticeLanguageList, NoticeLanguageResponse, NoticePage, NoticeResponse } from './responses/notices.responses.js';

export class NoticesQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId: string;
}

export class ToHandOverQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'only the notices of the people of this interception' })
  @IsOptional()
  @IsUUID()
  interceptionId?: string;
}

export class InterpreterDto {
  @ApiProperty({ enum: INTERPRETER_MODES, description: 'present, by phone, or none: never assumed' })
  @IsIn(INTERPRETER_MODES)
  mode: InterpreterMode;

  @ApiPropertyOptional({ description: 'the interpreter or the agency; required unless mode is none' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: 'ISO 639 code of the language interpreted into; required unless mode is none' })
  @IsOptional()
  @IsString()
  language?: string;
}

export class HandOverDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'when it was handed over; now when left out; never in the future' })
  @IsOptional()
  @IsString()
  handedOverAt?: string;

  @ApiProperty({ example: 'prs', description: 'ISO 639 code of the language the notice was given in' })
  @IsString()
  language: string;

  @ApiProperty({ type: InterpreterDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => InterpreterDto)
  interpreter: InterpreterDto;
}

export class RecordReviewDto {
  @ApiProperty({ description: 'the qualified translator who reviewed the templates' })
  @IsString()
  @MaxLength(200)
  reviewerName: string;

  @ApiProperty({ description: 'their organisation or agency' })
  @IsString()
  @MaxLength(200)
  organisation: string;

  @ApiProperty({ format: 'date', example: '2026-12-01' })
  @IsString()
  reviewedOn: string;
}

@ApiTags('notices')
@ApiBearerAuth()
@Controller('api/v1')
export class NoticesController {
  constructor(
    private readonly notices: NoticesService,
    private readonly languages: NoticeLanguagesService,
  ) {}

  /** The languages with person notice templates, read from the templates themselves, each with its review state. */
  @AnyUser()
  @Get('notice-languages')
  @ApiOperation({ summary: 'Languages with person notice templates, and their review state' })
  @ApiOkResponse({ type: NoticeLanguageList })
  async noticeLanguages() {
    const items = await this.languages.list();
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  @Roles('admin')
  @Post('notice-languages/:code/reviews')
  @ApiOperation({ summary: 'Record a translator’s review of a language’s notice templates' })
  @ApiCreatedResponse({ type: NoticeLanguageResponse })
  recordReview(@CurrentActor() actor: Actor, @Param('code', LanguageCodePipe) code: string, @Body() body: RecordReviewDto) {
    return this.languages.recordReview(actor, code, body);
  }

  @Roles('staff', 'caseworker')
  @Get('notices')
  @ApiOperation({ summary: 'The notices of a person' })
  @ApiOkResponse({ type: NoticePage })
  async list(@CurrentActor() actor: Actor, @Query() query: NoticesQuery) {
    const items = await this.notices.listForPerson(actor, query.personId);
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  @Roles('staff', 'caseworker')
  @Get('notices/:id')
  @ApiOperation({ summary: 'A notice, with its rendered text once ready' })
  @ApiOkResponse({ type: NoticeResponse })
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.notices.getNotice(actor, id);
  }

  @Roles('staff')
  @Post('notices/:id/handover')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that a notice was handed over to the person' })
  @ApiOkResponse({ type: NoticeResponse })
  handOver(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: HandOverDto) {
    return this.notices.handOver(actor, id, body);
  }

  @Roles('staff')
  @Get('centres/:id/notices/to-hand-over')
  @ApiOperation({ summary: 'Notices of a centre rendered and not yet handed over' })
  @ApiOkResponse({ type: NoticePage })
  async toHandOver(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: ToHandOverQuery) {
    const items = await this.notices.toHandOver(actor, id, { interceptionId: query.interceptionId });
    return { items, total: items.length, limit: 200, offset: 0 };
  }
}
