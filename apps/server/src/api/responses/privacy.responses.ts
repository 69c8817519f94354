import { ApiProperty, type ApiPropertyOptions, PickType } from '@nestjs/swagger';
import { ROLES } from '@escale/platform';
import { EXIT_REASONS, WELFARE_LEVELS } from '@escale/stays';
import { PersonResponse } from './people.responses.js';
import { INTEGER, NULLABLE_STRING, NULLABLE_TIME, NULLABLE_UUID, TIME, UUID } from './shared.js';

/**
 * Records listed as stored, one object per row, each with its id; the other fields follow the
 * stored columns (SubjectAccessExport in libs/privacy), so they are described as open objects.
 */
const records = (description: string): ApiPropertyOptions => ({
  type: 'array',
  items: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } }, additionalProperties: true },
  description,
});

class LegalHold {
  @ApiProperty() hold: boolean;
  @ApiProperty(NULLABLE_STRING) reason: string | null;
  @ApiProperty(NULLABLE_UUID) by: string | null;
  @ApiProperty(NULLABLE_TIME) at: string | null;
}

/** The person as recorded: the fields of a person's API answer, then what the export adds. */
class ExportedPerson extends PickType(PersonResponse, ['id', 'familyName', 'givenNames', 'aliases', 'dateOfBirth', 'dobEstimated', 'ageDisputed', 'sex', 'nationalities', 'languages', 'interpreterNeeded'] as const) {
  @ApiProperty(TIME) createdAt: string;
  @ApiProperty(NULLABLE_TIME) anonymisedAt: string | null;
  @ApiProperty({ type: LegalHold }) legalHold: LegalHold;
}

class ExportedCentre {
  @ApiProperty(UUID) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty(TIME) firstSeenAt: string;
}

class ExportedHousehold {
  @ApiProperty(UUID) id: string;
  @ApiProperty(NULLABLE_STRING) label: string | null;
  @ApiProperty(TIME) createdAt: string;
}

class ExportedInterception {
  @ApiProperty(UUID) id: string;
  @ApiProperty(TIME) occurredAt: string;
  @ApiProperty() location: string;
  @ApiProperty() agency: string;
  @ApiProperty(INTEGER) groupSize: number;
}

class ExportedStay {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) centreId: string;
  @ApiProperty() centreName: string;
  @ApiProperty() unitName: string;
  @ApiProperty() bedLabel: string;
  @ApiProperty(UUID) caseId: string;
  @ApiProperty(NULLABLE_UUID) householdId: string | null;
  @ApiProperty(NULLABLE_UUID) interceptionId: string | null;
  @ApiProperty(TIME) checkedInAt: string;
  @ApiProperty(NULLABLE_TIME) checkedOutAt: string | null;
  @ApiProperty({ enum: EXIT_REASONS, nullable: true }) exitReason: string | null;
  @ApiProperty(NULLABLE_STRING) destination: string | null;
  @ApiProperty(TIME) legalLimitAt: string;
  @ApiProperty(NULLABLE_TIME) authorisedUntil: string | null;
  @ApiProperty(NULLABLE_TIME) asylumClaimWindowEndsAt: string | null;
  @ApiProperty() ageAssessmentRequired: boolean;
  @ApiProperty({ enum: WELFARE_LEVELS }) welfareLevel: string;
  @ApiProperty(NULLABLE_UUID) transferredFromId: string | null;
}

class ExportedLegalRecord {
  @ApiProperty(records('hearings of their stays')) hearings: object[];
  @ApiProperty(records('orders to leave France, with their appeals')) removalOrders: object[];
  @ApiProperty(records('lawyers and consular contacts')) contacts: object[];
}

class ExportedAuditEvent {
  @ApiProperty(TIME) at: string;
  @ApiProperty() action: string;
  @ApiProperty() entityType: string;
  @ApiProperty(NULLABLE_UUID) entityId: string | null;
  @ApiProperty(NULLABLE_UUID) actorId: string | null;
  @ApiProperty({ enum: ROLES, nullable: true }) actorRole: string | null;
  @ApiProperty() outcome: string;
}

class ExportedAuditEvents {
  @ApiProperty({ ...INTEGER, description: 'every event; beyond the first 10,000 they are counted, not listed' }) total: number;
  @ApiProperty({ type: [ExportedAuditEvent], description: 'oldest first' }) items: ExportedAuditEvent[];
}

export class SubjectAccessExportResponse {
  @ApiProperty({ enum: ['escale-subject-access/1'] }) format: string;
  @ApiProperty(TIME) exportedAt: string;
  @ApiProperty({ type: ExportedPerson }) person: ExportedPerson;
  @ApiProperty({ type: [ExportedCentre], description: 'the centres that have known the person' }) centres: ExportedCentre[];
  @ApiProperty({ type: [ExportedHousehold] }) households: ExportedHousehold[];
  @ApiProperty({ type: [ExportedInterception] }) interceptions: ExportedInterception[];
  @ApiProperty({ type: [ExportedStay] }) stays: ExportedStay[];
  @ApiProperty({ type: ExportedLegalRecord }) legalRecord: ExportedLegalRecord;
  @ApiProperty(records('extensions of the holding authority')) extensions: object[];
  @ApiProperty(records('property deposited, with its return')) property: object[];
  @ApiProperty(records('welfare checks')) welfareChecks: object[];
  @ApiProperty(records('welfare level changes; a reason written by the system is in French')) welfareLevels: object[];
  @ApiProperty(records('medical reports and their replies')) medicalReports: object[];
  @ApiProperty(records('vulnerabilities recorded')) vulnerabilities: object[];
  @ApiProperty(records('age assessments')) ageAssessments: object[];
  @ApiProperty(records('cases, each with its history, notes and tasks (titles in French)')) cases: object[];
  @ApiProperty(records('referrals, each with its history and its documents as metadata only')) referrals: object[];
  @ApiProperty(records('notices, with the printed text while it is kept')) notices: object[];
  @ApiProperty(records('alerts raised on their stays')) alerts: object[];
  @ApiProperty({ type: ExportedAuditEvents, description: 'who read or changed the person’s records' }) auditEvents: ExportedAuditEvents;
}
