import { dateTimeFormat, isMessageKey, type Locale, type MessageKey, numberFormat, translate } from '@escale/platform';
import {
  eachDay,
  eachMonth,
  type Granularity,
  isExact,
  type OccupancyReport,
  type OccupancyRow,
  type Published,
  SMALL_COUNT,
  SPEND_CATEGORIES,
  type SpendReport,
} from '@escale/reports';
import { barChart, columnChart, lineChart } from './charts.js';

/*
 * What the report pages show, from the reports as the service gives them: every figure written
 * in the page's language, hidden counts kept as their marks, and the charts drawn from the same
 * numbers as the tables under them. Only aggregates reach here; nothing names a person.
 */

/** A figure as a table shows it; `mark` says why there is no number: hidden as small, hidden so a small one cannot be worked out, or not available. */
export interface Cell {
  text: string;
  mark?: 'small' | 'confidential' | 'missing';
}

export const MISSING: Cell = { text: '—', mark: 'missing' };

/** Numbers, money, periods and counts in the page's language. */
export class ReportFormat {
  private readonly intl: string;

  constructor(readonly locale: Locale) {
    this.intl = locale === 'fr' ? 'fr-FR' : 'en-GB';
  }

  t(key: MessageKey, params: Record<string, unknown> = {}): string {
    return translate(this.locale, key, params);
  }

  /** The label of a value from the data (an exit reason, a category), or the value itself when the catalogue has none. */
  label(prefix: string, value: string): string {
    const key = `${prefix}${value}`;
    return isMessageKey(key) ? this.t(key) : value;
  }

  number(value: number, digits = 0): string {
    return numberFormat(this.intl, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  }

  /** A published count: a number, or its disclosure mark. */
  count(value: Published): Cell {
    if (isExact(value)) return { text: this.number(value) };
    return { text: value, mark: value === SMALL_COUNT ? 'small' : 'confidential' };
  }

  decimal(value: number | null, digits = 1): Cell {
    return value === null ? MISSING : { text: this.number(value, digits) };
  }

  rate(value: number | null): Cell {
    if (value === null) return MISSING;
    return { text: numberFormat(this.intl, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value) };
  }

  money(cents: number, currency: string): string {
    return numberFormat(this.intl, { style: 'currency', currency }).format(cents / 100);
  }

  moneyCell(cents: number | null | undefined, currency: string): Cell {
    return cents === null || cents === undefined ? MISSING : { text: this.money(cents, currency) };
  }

  /** A calendar date (YYYY-MM-DD). */
  date(day: string): string {
    return dateTimeFormat(this.intl, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
  }

  /** A month (YYYY-MM) such as "March 2026". */
  month(month: string): string {
    return dateTimeFormat(this.intl, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
  }

  /** A report's period: a month or a day, long for tables, short for chart axes. */
  period(period: string, granularity: Granularity, style: 'long' | 'short'): string {
    if (granularity === 'month') {
      return style === 'long' ? this.month(period) : dateTimeFormat(this.intl, { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(new Date(`${period}-01T00:00:00Z`));
    }
    return style === 'long' ? this.date(period) : dateTimeFormat(this.intl, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${period}T00:00:00Z`));
  }
}

/** The periods of a report, in order, whether or not any row has figures for them. */
export const periodsOf = (report: { from: string; to: string; granularity: Granularity }): string[] =>
  report.granularity === 'day' ? eachDay(report.from, report.to) : eachMonth(report.from, report.to);

/** A published count as a chart draws it: a number, or nothing with its mark. */
const plotted = (values: readonly Published[]) => ({
  values: values.map((value) => (isExact(value) ? value : null)),
  marks: values.map((value) => (isExact(value) ? null : value)),
});

const occupancyCells = (row: OccupancyRow | Omit<OccupancyRow, 'period' | 'centreId' | 'centreCode'>, fmt: ReportFormat) => ({
  capacity: fmt.number(row.capacity),
  capacityBedNights: fmt.number(row.capacityBedNights),
  occupiedBedNights: fmt.count(row.occupiedBedNights),
  occupancyRate: fmt.rate(row.occupancyRate),
  admissions: fmt.count(row.admissions),
  discharges: fmt.count(row.discharges),
  arrivalsWithoutBed: fmt.count(row.arrivalsWithoutBed),
});

/** Occupancy over the periods (for the chosen centre, or all centres together), its two charts, and the figures by centre. */
export function occupancyView(report: OccupancyReport, fmt: ReportFormat, id = 'occupancy') {
  const rows = report.centreId ? report.items : report.totals;
  const categories = rows.map((row) => fmt.period(row.period, report.granularity, 'short'));
  const span = { from: fmt.date(report.from), to: fmt.date(report.to) };
  const occupied = plotted(rows.map((row) => row.occupiedBedNights));
  const admissions = plotted(rows.map((row) => row.admissions));
  const discharges = plotted(rows.map((row) => row.discharges));
  const integer = (value: number) => fmt.number(value);
  return {
    summary: occupancyCells(report.summary, fmt),
    rows: rows.map((row) => ({ period: fmt.period(row.period, report.granularity, 'long'), ...occupancyCells(row, fmt) })),
    byCentre: report.centreId ? [] : report.items.map((row) => ({ period: fmt.period(row.period, report.granularity, 'long'), centre: row.centreCode ?? '', ...occupancyCells(row, fmt) })),
    occupancyChart: lineChart({
      id: `${id}-chart`,
      title: fmt.t('reports.occupancy.chartTitle'),
      description: fmt.t('reports.occupancy.chartDescription', span),
      categories,
      series: [
        { name: fmt.t('reports.occupancy.occupiedBedNights'), ...occupied },
        { name: fmt.t('reports.occupancy.capacityBedNights'), values: rows.map((row) => row.capacityBedNights) },
      ],
      format: integer,
      integers: true,
    }),
    movementChart: columnChart({
      id: `${id}-movement-chart`,
      title: fmt.t('reports.movement.chartTitle'),
      description: fmt.t('reports.movement.chartDescription', span),
      categories,
      series: [
        { name: fmt.t('reports.occupancy.admissions'), ...admissions },
        { name: fmt.t('reports.occupancy.discharges'), ...discharges },
      ],
      format: integer,
      integers: true,
    }),
  };
}

const currenciesOf = (report: SpendReport) => [...new Set([...report.summary.map((row) => row.currency), ...report.items.map((row) => row.currency)])].sort();

const share = (part: number, whole: number, fmt: ReportFormat): Cell => (whole > 0 ? fmt.rate(part / whole) : MISSING);

/** Spend over the whole period by category, per currency: a bar per category and a table with each one's share. */
export function spendByCategoryView(report: SpendReport, fmt: ReportFormat, id = 'spend-category') {
  return currenciesOf(report).map((currency, index) => {
    const amounts = new Map<string, number>();
    for (const row of report.items) if (row.currency === currency) amounts.set(row.key, (amounts.get(row.key) ?? 0) + row.amountCents);
    const keys = [...SPEND_CATEGORIES, ...[...amounts.keys()].filter((key) => !(SPEND_CATEGORIES as readonly string[]).includes(key)).sort()];
    const total = [...amounts.values()].reduce((sum, amount) => sum + amount, 0);
    const rows = keys.map((key) => ({ key, label: fmt.label('reports.category.', key), amount: amounts.get(key) ?? 0 }));
    return {
      currency,
      total: fmt.money(total, currency),
      rows: rows.map((row) => ({ key: row.key, label: row.label, amount: fmt.money(row.amount, currency), share: share(row.amount, total, fmt) })),
      chart: barChart({
        id: `${id}-chart-${index}`,
        title: fmt.t('reports.spend.chartTitle', { currency }),
        description: fmt.t('reports.spend.chartDescription', { from: fmt.date(report.from), to: fmt.date(report.to), total: fmt.money(total, currency) }),
        rows: rows.map((row) => ({ label: row.label, value: row.amount, text: fmt.money(row.amount, currency) })),
      }),
    };
  });
}

/**
 * Budget against actual, per currency: the spend and the budget's share of each period added up
 * over the periods (the burn chart), and each funding source over the whole period.
 */
export function budgetView(report: SpendReport, fmt: ReportFormat, sourceNames: ReadonlyMap<string, string>, id = 'budget') {
  const periods = periodsOf(report);
  return currenciesOf(report).map((currency, index) => {
    const rows = report.items.filter((row) => row.currency === currency);
    const spentIn = new Map<string, number>();
    const budgetIn = new Map<string, number>();
    const bySource = new Map<string, { spent: number; budget: number }>();
    for (const row of rows) {
      spentIn.set(row.period, (spentIn.get(row.period) ?? 0) + row.amountCents);
      budgetIn.set(row.period, (budgetIn.get(row.period) ?? 0) + (row.budgetCents ?? 0));
      const source = bySource.get(row.key) ?? { spent: 0, budget: 0 };
      source.spent += row.amountCents;
      source.budget += row.budgetCents ?? 0;
      bySource.set(row.key, source);
    }
    let spentSoFar = 0;
    let budgetSoFar = 0;
    const burn = periods.map((period) => {
      const spent = spentIn.get(period) ?? 0;
      const budget = budgetIn.get(period) ?? 0;
      spentSoFar += spent;
      budgetSoFar += budget;
      return { period, spent, budget, spentSoFar, budgetSoFar };
    });
    const totals = [...bySource.values()].reduce((sum, source) => ({ spent: sum.spent + source.spent, budget: sum.budget + source.budget }), { spent: 0, budget: 0 });
    const money = (cents: number) => fmt.money(cents, currency);
    return {
      currency,
      burn: burn.map((row) => ({
        period: fmt.period(row.period, report.granularity, 'long'),
        spent: money(row.spent),
        spentSoFar: money(row.spentSoFar),
        budget: money(row.budget),
        budgetSoFar: money(row.budgetSoFar),
        used: share(row.spentSoFar, row.budgetSoFar, fmt),
      })),
      sources: [...bySource.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, source]) => ({
          key,
          name: sourceNames.get(key) ?? '',
          spent: money(source.spent),
          budget: money(source.budget),
          remaining: money(source.budget - source.spent),
          over: source.spent > source.budget,
          used: share(source.spent, source.budget, fmt),
        })),
      total: { spent: money(totals.spent), budget: money(totals.budget), remaining: money(totals.budget - totals.spent), over: totals.spent > totals.budget, used: share(totals.spent, totals.budget, fmt) },
      chart: lineChart({
        id: `${id}-chart-${index}`,
        title: fmt.t('reports.budget.chartTitle', { currency }),
        description: fmt.t('reports.budget.chartDescription', { from: fmt.date(report.from), to: fmt.date(report.to), spent: money(totals.spent), budget: money(totals.budget) }),
        categories: burn.map((row) => fmt.period(row.period, report.granularity, 'short')),
        series: [
          { name: fmt.t('reports.budget.spentSoFar'), values: burn.map((row) => row.spentSoFar) },
          { name: fmt.t('reports.budget.budgetSoFar'), values: burn.map((row) => row.budgetSoFar) },
        ],
        format: (cents) => numberFormat(fmt.locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency, notation: 'compact' }).format(cents / 100),
      }),
    };
  });
}

/** The money figures of the whole period, per currency: spend, budget, cost per bed-night and per person. */
export function moneySummaryView(report: SpendReport, fmt: ReportFormat) {
  return report.summary.map((row) => ({
    currency: row.currency,
    spent: fmt.money(row.amountCents, row.currency),
    budget: fmt.money(row.budgetCents, row.currency),
    costPerBedNight: fmt.moneyCell(row.costPerBedNightCents, row.currency),
    costPerPerson: fmt.moneyCell(row.costPerPersonCents, row.currency),
  }));
}
