import { stringify } from 'csv-stringify/sync';
import { isMessageKey, type Locale, type MessageKey, translate } from '@escale/platform';
import { isExact, type OccupancyReport, type OutcomesReport, type Published, type SpendReport } from '@escale/reports';

/*
 * The reports as CSV files for the people who open them in a spreadsheet, in the language of the
 * page they came from: headers in that language, rates as percentages, money in currency units.
 * French files are what French Excel reads as columns and numbers: UTF-8 with a byte-order mark,
 * ";" between fields, a decimal comma. English ones have "," and a decimal point (and the mark
 * too, so that accented centre names survive Excel). Hidden counts keep their marks ("<5", "[c]").
 * The API keeps its own CSV, with codes for headers and rates as fractions.
 */

/** The conventions of a file in one language. */
export class CsvDialect {
  readonly delimiter: string;
  private readonly decimalSeparator: string;

  constructor(readonly locale: Locale) {
    this.delimiter = locale === 'fr' ? ';' : ',';
    this.decimalSeparator = locale === 'fr' ? ',' : '.';
  }

  t(key: MessageKey, params: Record<string, unknown> = {}): string {
    return translate(this.locale, key, params);
  }

  /** A number with a fixed count of decimals and no grouping, which spreadsheets read as a number. */
  number(value: number | null | undefined, digits = 0): string {
    if (value === null || value === undefined) return '';
    return value.toFixed(digits).replace('.', this.decimalSeparator);
  }

  /** A published count: the number, or its mark. */
  count(value: Published): string {
    return isExact(value) ? this.number(value) : value;
  }

  /** A rate (0.1107) as a percentage with two decimals (11.07), the header saying "(%)". */
  percent(rate: number | null): string {
    return rate === null ? '' : this.number(rate * 100, 2);
  }

  money(cents: number | null | undefined): string {
    return cents === null || cents === undefined ? '' : this.number(cents / 100, 2);
  }

  /** The file: the byte-order mark, then the header and the rows, quoted only where needed. */
  file(header: string[], rows: string[][]): string {
    return `\uFEFF${stringify([header, ...rows], { delimiter: this.delimiter, record_delimiter: '\r\n' })}`;
  }

  /** The label of a value from the data, or the value itself when the catalogue has none. */
  label(prefix: string, value: string): string {
    const key = `${prefix}${value}`;
    return isMessageKey(key) ? this.t(key) : value;
  }
}

const percentHeader = (csv: CsvDialect, key: MessageKey) => csv.t('reports.csv.percent', { label: csv.t(key) });

export function occupancyCsvFor(report: OccupancyReport, csv: CsvDialect): string {
  const header = [
    csv.t('reports.period'),
    csv.t('reports.csv.centreCode'),
    csv.t('reports.csv.centreId'),
    csv.t('reports.occupancy.capacity'),
    csv.t('reports.occupancy.capacityBedNights'),
    csv.t('reports.occupancy.occupiedBedNights'),
    percentHeader(csv, 'reports.occupancy.rate'),
    csv.t('reports.occupancy.admissions'),
    csv.t('reports.occupancy.discharges'),
    csv.t('reports.occupancy.arrivalsWithoutBed'),
  ];
  return csv.file(
    header,
    report.items.map((row) => [
      row.period,
      row.centreCode ?? '',
      row.centreId ?? '',
      csv.number(row.capacity),
      csv.number(row.capacityBedNights),
      csv.count(row.occupiedBedNights),
      csv.percent(row.occupancyRate),
      csv.count(row.admissions),
      csv.count(row.discharges),
      csv.count(row.arrivalsWithoutBed),
    ]),
  );
}

export function spendCsvFor(report: SpendReport, csv: CsvDialect): string {
  const byCategory = report.groupBy === 'category';
  const header = [
    csv.t('reports.period'),
    csv.t(byCategory ? 'reports.spend.category' : 'reports.budget.source'),
    csv.t('reports.csv.currency'),
    csv.t('reports.spend.amount'),
    ...(byCategory ? [] : [csv.t('reports.budget.budgetShare')]),
    csv.t('reports.csv.costPerBedNight'),
  ];
  return csv.file(
    header,
    report.items.map((row) => [
      row.period,
      byCategory ? csv.label('reports.category.', row.key) : row.key,
      row.currency,
      csv.money(row.amountCents),
      ...(byCategory ? [] : [csv.money(row.budgetCents ?? 0)]),
      csv.money(row.costPerBedNightCents),
    ]),
  );
}

export function outcomesCsvFor(report: OutcomesReport, csv: CsvDialect): string {
  const los = report.lengthOfStay;
  const section = {
    exits: csv.t('reports.outcomes.exitReasons'),
    referrals: csv.t('reports.outcomes.referralOutcomes'),
    los: csv.t('reports.los.title'),
    lengths: csv.t('reports.los.distributionCaption'),
    notices: csv.t('reports.csv.notices'),
  };
  const bucket = (value: string) => {
    const open = /^(\d+)\+$/.exec(value);
    if (open) return csv.t('reports.los.bucketOpen', { from: open[1] });
    const [from, to] = value.split('-');
    return csv.t('reports.los.bucket', { from, to });
  };
  return csv.file(
    [csv.t('reports.csv.section'), csv.t('reports.csv.item'), csv.t('reports.csv.value')],
    [
      ...report.exitReasons.map((row) => [section.exits, csv.label('exitReason.', row.reason), csv.count(row.count)]),
      ...report.referralOutcomes.map((row) => [section.referrals, csv.label('referralStatus.', row.outcome), csv.count(row.count)]),
      [section.los, csv.t('reports.los.stays'), csv.count(los.stays)],
      [section.los, csv.t('reports.los.mean'), csv.number(los.meanDays, 1)],
      [section.los, csv.t('reports.los.median'), csv.number(los.medianDays, 1)],
      [section.los, csv.t('reports.los.p90'), csv.number(los.p90Days, 1)],
      [section.los, csv.t('reports.los.overLegalMaximum'), csv.count(los.overLegalMaximum)],
      ...los.distribution.map((row) => [section.lengths, bucket(row.bucket), csv.count(row.count)]),
      ...(report.interpreterUse ?? []).flatMap((row) => [
        [section.notices, csv.t('reports.csv.noticesHandedOver', { language: row.language }), csv.number(row.handedOver)],
        [section.notices, csv.t('reports.csv.noticesWithInterpreter', { language: row.language }), csv.number(row.withInterpreter)],
        [section.notices, csv.t('reports.csv.noticesByPhone', { language: row.language }), csv.number(row.byPhone)],
        [section.notices, csv.t('reports.csv.noticesUnreviewed', { language: row.language }), csv.number(row.unreviewed)],
      ]),
    ],
  );
}
