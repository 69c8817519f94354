import type { OutcomesReport, OutlookRow } from '@escale/reports';
import { MISSING, type ReportFormat } from './report-view.js';

/* The outcomes and the capacity outlook as the report pages show them. */

/** Where a length-of-stay bucket lies against the legal maximum: wholly within it, across it, or beyond it. */
export function againstMaximum(bucket: string, maximumDays: number): 'within' | 'across' | 'beyond' {
  const range = /^(\d+)-(\d+)$/.exec(bucket);
  const open = /^(\d+)\+$/.exec(bucket);
  const from = Number((range ?? open)![1]);
  // A bucket "a-b" holds stays of a days up to (not including) b + 1 days; a stay is over the maximum when longer than it.
  const upTo = range ? Number(range[2]) + 1 : Number.POSITIVE_INFINITY;
  if (upTo <= maximumDays) return 'within';
  if (from > maximumDays) return 'beyond';
  return 'across';
}

const bucketLabel = (bucket: string, fmt: ReportFormat): string => {
  const open = /^(\d+)\+$/.exec(bucket);
  if (open) return fmt.t('reports.los.bucketOpen', { from: open[1] });
  const [from, to] = bucket.split('-');
  return fmt.t('reports.los.bucket', { from, to });
};

/** Length of stay and what became of the people who left: every count published as the service gives it. */
export function outcomesView(report: OutcomesReport, fmt: ReportFormat) {
  const los = report.lengthOfStay;
  const maximum = los.legalMaximumDays;
  return {
    exitReasons: report.exitReasons.map((row) => ({ key: row.reason, label: fmt.label('exitReason.', row.reason), count: fmt.count(row.count) })),
    referralOutcomes: report.referralOutcomes.map((row) => ({ key: row.outcome, label: fmt.label('referralStatus.', row.outcome), count: fmt.count(row.count) })),
    lengthOfStay: {
      stays: fmt.count(los.stays),
      meanDays: fmt.decimal(los.meanDays),
      medianDays: fmt.decimal(los.medianDays),
      p90Days: fmt.decimal(los.p90Days),
      legalMaximumDays: maximum === null ? null : fmt.number(maximum),
      overLegalMaximum: fmt.count(los.overLegalMaximum),
    },
    distribution: los.distribution.map((row) => ({
      key: row.bucket,
      label: bucketLabel(row.bucket, fmt),
      count: fmt.count(row.count),
      againstMaximum: maximum === null ? null : fmt.t(`reports.los.${againstMaximum(row.bucket, maximum)}`),
    })),
    interpreterUse: report.interpreterUse?.map((row) => ({
      language: row.language,
      handedOver: fmt.number(row.handedOver),
      withInterpreter: fmt.number(row.withInterpreter),
      byPhone: fmt.number(row.byPhone),
      unreviewed: fmt.number(row.unreviewed),
    })) ?? null,
  };
}

/** Days until each centre is full at its recent arrival rate and length of stay. */
export function outlookView(rows: readonly OutlookRow[], fmt: ReportFormat, centreNames: ReadonlyMap<string, string>) {
  return rows.map((row) => ({
    centreId: row.centreId,
    centre: row.centreCode,
    name: centreNames.get(row.centreId) ?? '',
    capacity: fmt.number(row.capacity),
    occupied: row.occupied === null ? MISSING : fmt.count(row.occupied),
    arrivalsPerDay: fmt.decimal(row.arrivalsPerDay, 2),
    meanStayDays: fmt.decimal(row.meanStayDays),
    expectedOccupancy: fmt.decimal(row.expectedOccupancy),
    daysUntilFull:
      row.daysUntilFull === null
        ? fmt.t('reports.outlook.notFilling')
        : row.daysUntilFull === 0
          ? fmt.t('reports.outlook.fullNow')
          : fmt.t('reports.outlook.days', { count: fmt.number(row.daysUntilFull) }),
    soon: row.daysUntilFull !== null && row.daysUntilFull <= 7,
    basis: fmt.t('reports.outlook.basisPeriod', { from: fmt.date(row.basis.from), to: fmt.date(row.basis.to) }),
  }));
}
