import { stringify } from 'csv-stringify/sync';
import type { OccupancyReport, OutcomesReport, SpendReport } from './reports.service.js';

const OCCUPANCY_COLUMNS = ['period', 'centreCode', 'centreId', 'capacity', 'capacityBedNights', 'occupiedBedNights', 'occupancyRate', 'admissions', 'discharges', 'arrivalsWithoutBed'] as const;
const SPEND_COLUMNS = ['period', 'key', 'currency', 'amountCents', 'budgetCents', 'costPerBedNightCents'] as const;

const csv = (header: readonly string[], rows: unknown[][]) => stringify(rows, { header: true, columns: [...header] });
const blank = (value: unknown) => (value === null || value === undefined ? '' : value);

/** The report's rows as CSV; hidden counts keep their marks ("<5", "[c]"). */
export function occupancyCsv(report: OccupancyReport): string {
  return csv(OCCUPANCY_COLUMNS, report.items.map((row) => OCCUPANCY_COLUMNS.map((column) => blank(row[column]))));
}

export function spendCsv(report: SpendReport): string {
  return csv(SPEND_COLUMNS, report.items.map((row) => SPEND_COLUMNS.map((column) => blank(row[column]))));
}

export function outcomesCsv(report: OutcomesReport): string {
  const los = report.lengthOfStay;
  return csv(['section', 'key', 'value'], [
    ...report.exitReasons.map((row) => ['exitReason', row.reason, row.count]),
    ...report.referralOutcomes.map((row) => ['referralOutcome', row.outcome, row.count]),
    ['lengthOfStay', 'stays', los.stays],
    ['lengthOfStay', 'meanDays', blank(los.meanDays)],
    ['lengthOfStay', 'medianDays', blank(los.medianDays)],
    ['lengthOfStay', 'p90Days', blank(los.p90Days)],
    ['lengthOfStay', 'overLegalMaximum', los.overLegalMaximum],
    ...los.distribution.map((row) => ['lengthOfStayDays', row.bucket, row.count]),
    ...(report.interpreterUse ?? []).flatMap((row) => [
      ['noticesHandedOver', row.language, row.handedOver],
      ['noticesWithInterpreter', row.language, row.withInterpreter],
      ['noticesInterpreterByPhone', row.language, row.byPhone],
      ['noticesUnreviewedTranslation', row.language, row.unreviewed],
    ]),
  ]);
}
