import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GRANULARITIES, SPEND_CATEGORIES, SPEND_GROUPINGS } from '@escale/reports';
import { INTEGER, NULLABLE_NUMBER, NULLABLE_STRING, NULLABLE_UUID, PUBLISHED } from './shared.js';

/** What every report answers about its own scope. */
class ReportScope {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ enum: GRANULARITIES }) granularity: string;
  @ApiProperty(NULLABLE_UUID) centreId: string | null;
  @ApiProperty({ description: 'true for funders: small counts hidden ("<5", "[c]"), whole complete months only' }) suppressed: boolean;
}

class OccupancyFigures {
  @ApiProperty({ description: 'beds in service, on average over the period’s nights' }) capacity: number;
  @ApiProperty(INTEGER) capacityBedNights: number;
  @ApiProperty(PUBLISHED) occupiedBedNights: number | string;
  @ApiProperty({ ...NULLABLE_NUMBER, description: 'occupied over available bed-nights; null when not published' }) occupancyRate: number | null;
  @ApiProperty(PUBLISHED) admissions: number | string;
  @ApiProperty(PUBLISHED) discharges: number | string;
  @ApiProperty({ ...PUBLISHED, description: 'arrivals put on the waiting list, no suitable bed being free' }) arrivalsWithoutBed: number | string;
}

export class OccupancyRow extends OccupancyFigures {
  @ApiProperty({ example: '2026-11' }) period: string;
  @ApiProperty(NULLABLE_UUID) centreId: string | null;
  @ApiProperty(NULLABLE_STRING) centreCode: string | null;
}

export class OccupancyReportResponse extends ReportScope {
  @ApiProperty({ type: [OccupancyRow] }) items: OccupancyRow[];
  @ApiProperty({ type: [OccupancyRow], description: 'all centres together, per period (only when no centre is chosen)' }) totals: OccupancyRow[];
  @ApiProperty({ type: OccupancyFigures, description: 'the whole period for the chosen scope' }) summary: OccupancyFigures;
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
}

export class SpendRow {
  @ApiProperty({ example: '2026-11' }) period: string;
  @ApiProperty({ description: 'the category or the funding source, by `groupBy`' }) key: string;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty(INTEGER) amountCents: number;
  @ApiPropertyOptional(INTEGER) budgetCents?: number;
  @ApiPropertyOptional({ nullable: true, type: 'integer' }) costPerBedNightCents?: number | null;
}

class SpendSummary {
  @ApiProperty() currency: string;
  @ApiProperty(INTEGER) amountCents: number;
  @ApiProperty(INTEGER) budgetCents: number;
  @ApiProperty({ nullable: true, type: 'integer' }) costPerBedNightCents: number | null;
  @ApiProperty({ nullable: true, type: 'integer' }) costPerPersonCents: number | null;
}

export class SpendReportResponse extends ReportScope {
  @ApiProperty({ enum: SPEND_GROUPINGS }) groupBy: string;
  @ApiProperty({ type: [SpendRow] }) items: SpendRow[];
  @ApiProperty({ type: [SpendSummary], description: 'one per currency' }) summary: SpendSummary[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
}

class ExitReasonCount {
  @ApiProperty() reason: string;
  @ApiProperty(PUBLISHED) count: number | string;
}

class ReferralOutcomeCount {
  @ApiProperty() outcome: string;
  @ApiProperty(PUBLISHED) count: number | string;
}

class BucketCount {
  @ApiProperty({ example: '0-7' }) bucket: string;
  @ApiProperty(PUBLISHED) count: number | string;
}

class LengthOfStay {
  @ApiProperty(PUBLISHED) stays: number | string;
  @ApiProperty(NULLABLE_NUMBER) meanDays: number | null;
  @ApiProperty(NULLABLE_NUMBER) medianDays: number | null;
  @ApiProperty(NULLABLE_NUMBER) p90Days: number | null;
  @ApiProperty({ ...NULLABLE_NUMBER, description: 'the centre’s legal maximum stay, when one centre is chosen' }) legalMaximumDays: number | null;
  @ApiProperty(PUBLISHED) overLegalMaximum: number | string;
  @ApiProperty({ type: [BucketCount] }) distribution: BucketCount[];
}

class InterpreterUseRow {
  @ApiProperty() language: string;
  @ApiProperty(INTEGER) handedOver: number;
  @ApiProperty(INTEGER) withInterpreter: number;
  @ApiProperty(INTEGER) byPhone: number;
  @ApiProperty(INTEGER) unreviewed: number;
}

export class OutcomesReportResponse extends ReportScope {
  @ApiProperty({ type: [ExitReasonCount] }) exitReasons: ExitReasonCount[];
  @ApiProperty({ type: [ReferralOutcomeCount] }) referralOutcomes: ReferralOutcomeCount[];
  @ApiProperty({ type: LengthOfStay }) lengthOfStay: LengthOfStay;
  @ApiProperty({ type: [InterpreterUseRow], nullable: true, description: 'null for funders' }) interpreterUse: InterpreterUseRow[] | null;
}


export class SpendLineResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ enum: SPEND_CATEGORIES }) category: string;
  @ApiProperty({ description: 'a funding source code' }) fundingSource: string;
  @ApiProperty(INTEGER) amountCents: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty(NULLABLE_STRING) description: string | null;
  @ApiProperty({ ...NULLABLE_UUID, description: 'the CSV import it came from' }) importId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class SpendLinePage {
  @ApiProperty({ type: [SpendLineResponse] }) items: SpendLineResponse[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
}

export class BudgetResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty(INTEGER) year: number;
  @ApiProperty() fundingSource: string;
  @ApiProperty(INTEGER) amountCents: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class BudgetList {
  @ApiProperty({ type: [BudgetResponse] }) items: BudgetResponse[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
}

export class FundingSourceResponse {
  @ApiProperty({ example: 'BOP303' }) code: string;
  @ApiProperty() name: string;
}

export class FundingSourceList {
  @ApiProperty({ type: [FundingSourceResponse] }) items: FundingSourceResponse[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
}

class OutlookBasis {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
}

class OutlookRow {
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty() centreCode: string;
  @ApiProperty(INTEGER) capacity: number;
  @ApiProperty({ nullable: true, type: 'integer', description: 'people present now; null for funders, who read published months only' }) occupied: number | null;
  @ApiProperty(NULLABLE_NUMBER) arrivalsPerDay: number | null;
  @ApiProperty(NULLABLE_NUMBER) meanStayDays: number | null;
  @ApiProperty({ ...NULLABLE_NUMBER, description: 'where occupancy settles at this arrival rate and length of stay (Little’s law)' }) expectedOccupancy: number | null;
  @ApiProperty({ ...NULLABLE_NUMBER, description: 'days until every bed is taken; 0 when full now, null when not expected to fill' }) daysUntilFull: number | null;
  @ApiProperty({ type: OutlookBasis, description: 'the period the rates are measured over' }) basis: OutlookBasis;
}

export class OutlookList {
  @ApiProperty({ type: [OutlookRow] }) items: OutlookRow[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
}

class CurrencyTotal {
  @ApiProperty() currency: string;
  @ApiProperty({ ...INTEGER, description: 'in minor units' }) amountCents: number;
}

export class SpendImportResponse {
  @ApiProperty({ format: 'uuid', description: 'the import, which its spend lines name' }) importId: string;
  @ApiProperty({ ...INTEGER, description: 'spend lines recorded' }) imported: number;
  @ApiProperty({ type: [CurrencyTotal], description: 'the amounts imported, per currency' }) totals: CurrencyTotal[];
}
