import { ApiProperty } from '@nestjs/swagger';
import { CASE_STATUSES, DECISION_KINDS, DOCUMENT_TYPES, DUBLIN_BASES, REFERRAL_STATUSES, TASK_KINDS, TASK_SOURCES, TRANSFER_APPEAL_OUTCOMES } from '@escale/cases';
import { EXIT_REASONS } from '@escale/stays';
import { INTEGER, NULLABLE_STRING, NULLABLE_TIME, NULLABLE_UUID, TIME, UUID } from './shared.js';

const DEADLINE_KINDS = ['registration', 'lodging', 'ofpra_decision', 'appeal', 'appeal_decision', 'dublin_reply', 'dublin_transfer'];

class ReferralMove {
  @ApiProperty({ enum: REFERRAL_STATUSES, nullable: true }) from: string | null;
  @ApiProperty({ enum: REFERRAL_STATUSES }) to: string;
  @ApiProperty(TIME) at: string;
  @ApiProperty({ ...NULLABLE_UUID, description: 'the user; null when the system moved it (a lapsed deadline)' }) by: string | null;
  @ApiProperty(NULLABLE_STRING) note: string | null;
  @ApiProperty({ enum: DECISION_KINDS, nullable: true }) decision: string | null;
  @ApiProperty({ description: 'recorded by the system, such as a silence taken as an acceptance' }) implicit: boolean;
}

class TransferAppeal {
  @ApiProperty(TIME) lodgedAt: string;
  @ApiProperty(NULLABLE_TIME) decidedAt: string | null;
  @ApiProperty({ enum: TRANSFER_APPEAL_OUTCOMES, nullable: true }) outcome: string | null;
}

class DublinState {
  @ApiProperty({ enum: DUBLIN_BASES, nullable: true }) basis: string | null;
  @ApiProperty(NULLABLE_TIME) abscondedAt: string | null;
  @ApiProperty({ type: TransferAppeal, nullable: true }) transferAppeal: TransferAppeal | null;
}

class ReferralDates {
  @ApiProperty(NULLABLE_TIME) gudaAppointmentAt: string | null;
  @ApiProperty(NULLABLE_TIME) ofpraInterviewAt: string | null;
  @ApiProperty(NULLABLE_TIME) cndaHearingAt: string | null;
}

export class ReferralResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) caseId: string;
  @ApiProperty({ enum: ['asylum'] }) kind: string;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status: string;
  @ApiProperty(INTEGER) version: number;
  @ApiProperty({ ...NULLABLE_TIME, description: 'the next legal deadline of the procedure' }) nextDeadline: string | null;
  @ApiProperty({ enum: DEADLINE_KINDS, nullable: true }) nextDeadlineKind: string | null;
  @ApiProperty() accelerated: boolean;
  @ApiProperty({ enum: REFERRAL_STATUSES, isArray: true, description: 'the statuses it may move to now' }) allowedMoves: string[];
  @ApiProperty({ enum: DECISION_KINDS, nullable: true }) decision: string | null;
  @ApiProperty({ enum: DECISION_KINDS, nullable: true }) appealDecision: string | null;
  @ApiProperty({ type: DublinState }) dublin: DublinState;
  @ApiProperty({ type: ReferralDates }) dates: ReferralDates;
  @ApiProperty(TIME) createdAt: string;
  @ApiProperty({ type: [ReferralMove] }) history: ReferralMove[];
}

export class ReferralPage {
  @ApiProperty({ type: [ReferralResponse] }) items: ReferralResponse[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
}

export class ReferralList {
  @ApiProperty({ type: [ReferralResponse] }) items: ReferralResponse[];
}

class CaseMove {
  @ApiProperty(NULLABLE_STRING) from: string | null;
  @ApiProperty() to: string;
  @ApiProperty(TIME) at: string;
  @ApiProperty(NULLABLE_UUID) by: string | null;
  @ApiProperty(NULLABLE_STRING) note: string | null;
  @ApiProperty({ enum: ['check_out_undone'], nullable: true }) noteKind: string | null;
}

class CaseNote {
  @ApiProperty(UUID) id: string;
  @ApiProperty() text: string;
  @ApiProperty(TIME) at: string;
  @ApiProperty(NULLABLE_UUID) by: string | null;
}

export class TaskResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) caseId: string;
  @ApiProperty({ enum: TASK_SOURCES }) source: string;
  @ApiProperty({ enum: TASK_KINDS }) kind: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) params: object;
  @ApiProperty({ description: 'in the reader’s language' }) title: string;
  @ApiProperty(TIME) dueAt: string;
  @ApiProperty(NULLABLE_UUID) assignedTo: string | null;
  @ApiProperty(NULLABLE_TIME) doneAt: string | null;
}

export class CaseResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) personId: string;
  @ApiProperty(NULLABLE_UUID) stayId: string | null;
  @ApiProperty(UUID) centreId: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiProperty(NULLABLE_UUID) caseworkerId: string | null;
  @ApiProperty(INTEGER) version: number;
  @ApiProperty(TIME) openedAt: string;
  @ApiProperty({ enum: CASE_STATUSES, isArray: true }) allowedStatuses: string[];
  @ApiProperty({ type: [CaseMove] }) history: CaseMove[];
  @ApiProperty({ type: [CaseNote] }) notes: CaseNote[];
  @ApiProperty({ type: [TaskResponse] }) tasks: TaskResponse[];
}

export class CaseNoteResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty() text: string;
  @ApiProperty(TIME) at: string;
}

export class DocumentResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) referralId: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: DOCUMENT_TYPES, description: 'from the file’s first bytes, not its name' }) contentType: string;
  @ApiProperty(INTEGER) sizeBytes: number;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) sha256: string;
  @ApiProperty(TIME) uploadedAt: string;
}

export class DocumentList {
  @ApiProperty({ type: [DocumentResponse] }) items: DocumentResponse[];
}

/** A referral document's bytes, in the type it was recognised as. */
export const DOCUMENT_CONTENT = Object.fromEntries(DOCUMENT_TYPES.map((type) => [type, { schema: { type: 'string' as const, format: 'binary' } }]));

class DepartedOpenCase {
  @ApiProperty(UUID) caseId: string;
  @ApiProperty(UUID) personId: string;
  @ApiProperty(UUID) centreId: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiProperty({ ...TIME, description: 'the check-out of their last stay' }) departedAt: string;
  @ApiProperty({ enum: EXIT_REASONS }) exitReason: string;
  @ApiProperty({ enum: ['asylum_referral_open', 'not_moved'], description: 'why the case is still open: a referral still moving, or nobody moved it' }) why: string;
  @ApiProperty({ enum: REFERRAL_STATUSES, nullable: true }) openReferralStatus: string | null;
}

export class DepartedOpenCasePage {
  @ApiProperty({ type: [DepartedOpenCase], description: 'the longest departed first' }) items: DepartedOpenCase[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
}

class DashboardCase {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) personId: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiProperty(UUID) centreId: string;
  @ApiProperty(TIME) openedAt: string;
}

class DashboardDeadline {
  @ApiProperty(UUID) referralId: string;
  @ApiProperty(UUID) caseId: string;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status: string;
  @ApiProperty({ enum: DEADLINE_KINDS }) deadlineKind: string;
  @ApiProperty(TIME) dueAt: string;
}

export class DashboardResponse {
  @ApiProperty({ type: [DashboardCase], description: 'the caller’s open cases, newest first (at most 100)' }) myCases: DashboardCase[];
  @ApiProperty({ type: [DashboardDeadline], description: 'referral deadlines passed or due within 7 days, soonest first (at most 100)' }) upcomingDeadlines: DashboardDeadline[];
  @ApiProperty({ type: [TaskResponse], description: 'tasks overdue, the caller’s or nobody’s (at most 100)' }) overdueTasks: TaskResponse[];
}
