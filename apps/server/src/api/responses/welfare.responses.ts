import { ApiProperty } from '@nestjs/swagger';
import { ALERT_KINDS } from '@escale/alerts';
import { WELFARE_LEVELS } from '@escale/stays';
import { CENTRE_KINDS } from '@escale/centres';
import { ASSESSMENT_OUTCOMES, ASSESSMENT_STATUSES, CHECK_OUTCOMES, MEDICAL_REPORT_KINDS, VULNERABILITY_TYPES } from '@escale/welfare';
import { DATE, INTEGER, NULLABLE_STRING, NULLABLE_TIME, NULLABLE_UUID, TIME, UUID } from './shared.js';
import { StayResponse } from './stays.responses.js';

export class WelfareLevelResponse {
  @ApiProperty({ enum: WELFARE_LEVELS }) welfareLevel: string;
  @ApiProperty({ ...TIME, description: 'the next check falls due by the new level' }) nextWelfareCheckDue: string;
}

class WelfareCheck {
  @ApiProperty(UUID) id: string;
  @ApiProperty({ enum: CHECK_OUTCOMES }) outcome: string;
  @ApiProperty(TIME) performedAt: string;
}

export class WelfareCheckResponse extends WelfareLevelResponse {
  @ApiProperty({ type: WelfareCheck }) check: WelfareCheck;
}

class OverdueStay {
  @ApiProperty(UUID) stayId: string;
  @ApiProperty(UUID) personId: string;
  @ApiProperty(UUID) centreId: string;
  @ApiProperty(UUID) bedId: string;
  @ApiProperty({ enum: WELFARE_LEVELS }) welfareLevel: string;
  @ApiProperty(TIME) nextWelfareCheckDue: string;
  @ApiProperty(INTEGER) overdueMinutes: number;
}

export class OverduePage {
  @ApiProperty({ type: [OverdueStay] }) items: OverdueStay[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
}

export class Extension {
  @ApiProperty(UUID) id: string;
  @ApiProperty({ ...INTEGER, description: 'its place in the configured sequence, from 1' }) sequence: number;
  @ApiProperty(INTEGER) days: number;
  @ApiProperty(TIME) decidedAt: string;
  @ApiProperty({ description: 'the judge or court' }) decidedBy: string;
  @ApiProperty(TIME) authorisedUntil: string;
}

export class ExtensionResponse {
  @ApiProperty({ type: Extension }) extension: Extension;
  @ApiProperty({ type: StayResponse, description: 'the stay, its authorisedUntil moved' }) stay: StayResponse;
}

export class VulnerabilityResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) personId: string;
  @ApiProperty({ enum: VULNERABILITY_TYPES }) type: string;
  @ApiProperty(TIME) recordedAt: string;
  @ApiProperty({ ...NULLABLE_UUID, description: 'the open stay in the caller’s centres, whose welfare level it may raise' }) stayId: string | null;
  @ApiProperty({ enum: WELFARE_LEVELS, nullable: true }) welfareLevel: string | null;
}

class RecordedVulnerability {
  @ApiProperty(UUID) id: string;
  @ApiProperty({ enum: VULNERABILITY_TYPES }) type: string;
  @ApiProperty(NULLABLE_STRING) notes: string | null;
  @ApiProperty(TIME) recordedAt: string;
  @ApiProperty(NULLABLE_UUID) stayId: string | null;
}

export class VulnerabilityList {
  @ApiProperty({ type: [RecordedVulnerability] }) items: RecordedVulnerability[];
}

export class Refusal {
  @ApiProperty(UUID) id: string;
  @ApiProperty(TIME) decidedAt: string;
  @ApiProperty() decidedBy: string;
  @ApiProperty({ ...TIME, description: 'the person is released: the stay closes' }) releasedAt: string;
}

export class RefusalResponse {
  @ApiProperty({ type: Refusal }) refusal: Refusal;
  @ApiProperty({ type: StayResponse }) stay: StayResponse;
}

const TIMELINE_KINDS = ['check_in', 'check_out', 'welfare_check', 'level_change', 'vulnerability', 'extension', 'medical_report_sent', 'medical_report_replied'];

class TimelineEvent {
  @ApiProperty(TIME) at: string;
  @ApiProperty({ enum: TIMELINE_KINDS }) kind: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'what happened, by kind' }) detail: object;
}

export class TimelineResponse {
  @ApiProperty({ type: [TimelineEvent], description: 'oldest first' }) items: TimelineEvent[];
}

export class AlertResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) centreId: string;
  @ApiProperty(NULLABLE_UUID) stayId: string | null;
  @ApiProperty({ enum: ALERT_KINDS }) kind: string;
  @ApiProperty({ enum: ['urgent', 'warning'] }) severity: string;
  @ApiProperty(NULLABLE_TIME) dueAt: string | null;
  @ApiProperty(TIME) raisedAt: string;
  @ApiProperty(NULLABLE_TIME) acknowledgedAt: string | null;
  @ApiProperty(NULLABLE_UUID) acknowledgedBy: string | null;
  @ApiProperty(NULLABLE_TIME) resolvedAt: string | null;
  @ApiProperty({ ...INTEGER, description: 'times it went to the centre’s duty contacts, nobody having acknowledged it' }) escalations: number;
  @ApiProperty(NULLABLE_TIME) lastEscalatedAt: string | null;
}

export class AlertPage {
  @ApiProperty({ type: [AlertResponse] }) items: AlertResponse[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
}

class AssessmentState {
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status: string;
  @ApiProperty({ enum: ASSESSMENT_OUTCOMES, nullable: true, description: 'set once completed' }) outcome: string | null;
  @ApiProperty(TIME) updatedAt: string;
}

export class AgeAssessmentResponse extends AssessmentState {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) personId: string;
  @ApiProperty({ description: 'an urgent alert was raised (a minor, or a disputed age, in a removal centre)' }) alertRaised: boolean;
}

class PendingCentre {
  @ApiProperty(UUID) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: CENTRE_KINDS }) kind: string;
}

class PendingAgeAssessment {
  @ApiProperty(UUID) stayId: string;
  @ApiProperty(UUID) personId: string;
  @ApiProperty({ description: 'given names, then the family name in capitals' }) name: string;
  @ApiProperty(DATE) dateOfBirth: string;
  @ApiProperty(TIME) checkedInAt: string;
  @ApiProperty({ ...INTEGER, description: 'whole days since check-in' }) waitingDays: number;
  @ApiProperty({ type: AssessmentState, nullable: true, description: 'the latest recorded state; null when none is recorded yet' }) assessment: AssessmentState | null;
}

export class PendingAgeAssessmentList {
  @ApiProperty({ type: PendingCentre }) centre: PendingCentre;
  @ApiProperty({ type: [PendingAgeAssessment], description: 'the longest waiting first' }) items: PendingAgeAssessment[];
}

export class MedicalReportResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) stayId: string;
  @ApiProperty({ enum: MEDICAL_REPORT_KINDS }) kind: string;
  @ApiProperty({ description: 'the decision-maker it was sent to' }) sentTo: string;
  @ApiProperty(TIME) sentAt: string;
  @ApiProperty(TIME) replyDueAt: string;
  @ApiProperty(NULLABLE_TIME) repliedAt: string | null;
  @ApiProperty(NULLABLE_STRING) replySummary: string | null;
}
