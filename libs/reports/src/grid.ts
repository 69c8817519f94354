import { EXIT_REASONS } from '@escale/stays';
import { publishCell, publishSum, type Published, type Suppression, isExact } from './disclosure.js';
import { lengthStatistics, LOS_BUCKETS } from './figures.js';

/** The key of all centres together in a grid. */
export const ALL = '*';

export interface CentreInfo {
  id: string;
  code: string;
  maxStayDays: number;
}

/** The cells of a report: counts per measure, centre (or all) and period, and the ones hidden from funders. */
export class Grid {
  readonly values = new Map<string, number>();
  readonly hidden = new Map<string, Suppression>();
  /** Lengths of the stays that ended in the report's period, per centre (or all): tenths of a day and the exact sum. */
  readonly lengths = new Map<string, { tenths: Map<number, number>; seconds: number }>();
  static key = (measure: string, centre: string, period: string) => `${measure}|${centre}|${period}`;
  get = (measure: string, centre: string, period: string) => this.values.get(Grid.key(measure, centre, period)) ?? 0;
  add(measure: string, centre: string, period: string, value: number): void {
    const key = Grid.key(measure, centre, period);
    this.values.set(key, (this.values.get(key) ?? 0) + value);
  }
  cell(measure: string, centre: string, period: string, suppressed: boolean): Published {
    const key = Grid.key(measure, centre, period);
    const value = this.values.get(key) ?? 0;
    return suppressed ? publishCell(value, this.hidden.get(key)) : value;
  }
  sum(measure: string, centre: string, periods: string[], suppressed: boolean): Published {
    const keys = periods.map((period) => Grid.key(measure, centre, period));
    if (!suppressed) return keys.reduce((sum, key) => sum + (this.values.get(key) ?? 0), 0);
    return publishSum(keys, this.values, this.hidden);
  }
}

export const EXIT_MEASURES = EXIT_REASONS.map((reason) => `exit:${reason}`);
export const LOS_MEASURES = LOS_BUCKETS.map((bucket) => `los:${bucket}`);

/**
 * Mean, median and 90th percentile length of the stays that ended in the months, for a centre (or
 * all). For funders only where the departures and every length band of every month are published
 * exactly: the statistics then tell nothing about a hidden count (a mean of 95 days over five
 * stays would put one of them in the 91+ band).
 */
export function statisticsOf(grid: Grid, centre: string, months: string[], suppressed: boolean): { meanDays: number | null; medianDays: number | null; p90Days: number | null } | null {
  if (suppressed && !['out', ...LOS_MEASURES].every((measure) => isExact(grid.sum(measure, centre, months, true)))) return null;
  const lengths = grid.lengths.get(centre);
  return lengthStatistics(lengths?.tenths ?? new Map(), lengths?.seconds ?? 0);
}

