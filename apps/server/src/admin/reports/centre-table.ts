import { addDays, lastClosedMonthEnd, monthEnd, type OccupancyReport, type SpendReport } from '@escale/reports';
import type { ReportFormat } from './report-view.js';

/*
 * What a funder asks first: how full each centre was over the period, how many came and left,
 * and what it cost. One row per centre and one for all of them, from the same reports (and the
 * same disclosure control) as the rest of the page.
 */

export interface CentreFigures {
  centre: { id: string; code: string; name: string } | null;
  occupancy: OccupancyReport;
  spend: SpendReport;
}

/** A row of the table: the centre (or all centres), its occupancy and movements, its spend and cost per bed-night in each currency. */
export function centreRowView({ centre, occupancy, spend }: CentreFigures, fmt: ReportFormat) {
  const summary = occupancy.summary;
  const money = spend.summary;
  return {
    code: centre?.code ?? '',
    name: centre ? centre.name : fmt.t('reports.centres.total'),
    occupancyRate: fmt.rate(summary.occupancyRate),
    capacityBedNights: fmt.number(summary.capacityBedNights),
    occupiedBedNights: fmt.count(summary.occupiedBedNights),
    admissions: fmt.count(summary.admissions),
    discharges: fmt.count(summary.discharges),
    spent: money.length ? money.map((row) => fmt.money(row.amountCents, row.currency)).join(' · ') : fmt.money(0, 'EUR'),
    costPerBedNight: money.length ? money.map((row) => fmt.moneyCell(row.costPerBedNightCents, row.currency)) : [fmt.moneyCell(null, 'EUR')],
  };
}

export interface PeriodLink {
  label: string;
  title: string;
  from: string;
  to: string;
}

const quarterStart = (day: string) => `${day.slice(0, 4)}-${String(Math.floor((Number(day.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;

/**
 * The last month, quarter and year, as whole calendar periods of Paris time. Funders read only
 * months that can no longer change, so for them "last" counts back from the last such month.
 */
export function periodShortcuts(today: string, funder: boolean, fmt: ReportFormat): PeriodLink[] {
  const reference = funder ? addDays(lastClosedMonthEnd(today), 1) : today;
  const monthFrom = `${addDays(`${reference.slice(0, 7)}-01`, -1).slice(0, 7)}-01`;
  const quarterTo = addDays(quarterStart(reference), -1);
  const year = Number(reference.slice(0, 4)) - 1;
  const periods = [
    { key: 'reports.shortcuts.lastMonth', from: monthFrom, to: monthEnd(monthFrom) },
    { key: 'reports.shortcuts.lastQuarter', from: quarterStart(quarterTo), to: quarterTo },
    { key: 'reports.shortcuts.lastYear', from: `${year}-01-01`, to: `${year}-12-31` },
  ] as const;
  return periods.map(({ key, from, to }) => ({
    label: fmt.t(key),
    title: fmt.t('reports.shortcuts.period', { label: fmt.t(key), from: fmt.date(from), to: fmt.date(to) }),
    from,
    to,
  }));
}
