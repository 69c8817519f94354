import { ApiProperty } from '@nestjs/swagger';
import { INTERPRETER_MODES, NOTICE_STATUSES } from '@escale/notices';
import { INTEGER, NULLABLE_STRING, NULLABLE_TIME, NULLABLE_UUID, TIME, UUID } from './shared.js';

class InterpreterUsed {
  @ApiProperty({ enum: INTERPRETER_MODES }) mode: string;
  @ApiProperty(NULLABLE_STRING) name: string | null;
  @ApiProperty(NULLABLE_STRING) language: string | null;
}

export class NoticeResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty({ example: 'rights_on_arrival' }) type: string;
  @ApiProperty(NULLABLE_UUID) personId: string | null;
  @ApiProperty(NULLABLE_UUID) stayId: string | null;
  @ApiProperty({ example: 'prs', description: 'ISO 639 code' }) language: string;
  @ApiProperty({ enum: ['ltr', 'rtl'] }) dir: string;
  @ApiProperty({ description: 'whether a qualified translator had reviewed the template' }) translationReviewed: boolean;
  @ApiProperty({ ...NULLABLE_STRING, description: 'how the language was chosen; `fallback` when none of the person’s languages has templates' }) languageChoice: string | null;
  @ApiProperty({ enum: NOTICE_STATUSES }) status: string;
  @ApiProperty(NULLABLE_STRING) subject: string | null;
  @ApiProperty({ ...NULLABLE_STRING, description: 'the rendered notice, once rendered' }) html: string | null;
  @ApiProperty() interpreterNeeded: boolean;
  @ApiProperty(TIME) createdAt: string;
  @ApiProperty(NULLABLE_TIME) handedOverAt: string | null;
  @ApiProperty(NULLABLE_STRING) handedOverLanguage: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) interpreterUsed: boolean | null;
  @ApiProperty({ type: InterpreterUsed, nullable: true }) interpreter: InterpreterUsed | null;
}

export class NoticePage {
  @ApiProperty({ type: [NoticeResponse] }) items: NoticeResponse[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
}

class LanguageReview {
  @ApiProperty() reviewerName: string;
  @ApiProperty() organisation: string;
  @ApiProperty({ format: 'date' }) reviewedOn: string;
  @ApiProperty(TIME) recordedAt: string;
  @ApiProperty({ description: 'false when the templates have changed since' }) current: boolean;
}

export class NoticeLanguageResponse {
  @ApiProperty({ example: 'prs', description: 'ISO 639 code' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['ltr', 'rtl'] }) dir: string;
  @ApiProperty({ example: 'Arab' }) script: string;
  @ApiProperty({ description: 'its current templates were reviewed by a qualified translator (or notices are written in it)' }) reviewed: boolean;
  @ApiProperty({ description: 'a language notices are written in' }) source: boolean;
  @ApiProperty({ type: LanguageReview, nullable: true, description: 'the latest review recorded' }) review: LanguageReview | null;
  @ApiProperty({ type: [String], description: 'the notice types it has templates for' }) types: string[];
}

export class NoticeLanguageList {
  @ApiProperty({ type: [NoticeLanguageResponse] }) items: NoticeLanguageResponse[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
}
