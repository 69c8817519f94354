import { protect, type Relation, type Suppression } from './disclosure.js';
import { LOS_BUCKETS, LOS_UPPER_DAYS, REFERRAL_OUTCOMES } from './figures.js';
import { ALL, type CentreInfo, EXIT_MEASURES, Grid, LOS_MEASURES } from './grid.js';

/** The counts of people in a month's published table, per centre and for all centres together. */
export const TABLE_COUNTS = ['nights', 'in', 'out', 'waiting', 'over', ...EXIT_MEASURES, ...LOS_MEASURES, ...REFERRAL_OUTCOMES.map((outcome) => `referral:${outcome}`)];

/** A month's published table: every cell, the hidden ones, and the lengths of stay behind the statistics. */
export interface PublishedTable {
  month: string;
  cells: Record<string, number>;
  hidden: Record<string, Suppression>;
  lengths: Record<string, { tenths: Record<string, number>; seconds: number }>;
}
/**
 * What a reader of a month's table knows ties its cells together: each count for all centres is
 * the sum of the centres' counts; departures split by exit reason and by length of stay; no more
 * stays beyond the legal maximum than departures, nor than the lengths of stay that can pass it;
 * no more occupied bed-nights than beds in service. A relation is kept only if the month's counts
 * satisfy it (beds taken out of service or a changed legal maximum can break the last two).
 */
function tableRelations(month: string, centres: CentreInfo[], values: ReadonlyMap<string, number>): Relation[] {
  const key = (measure: string, centre: string) => Grid.key(measure, centre, month);
  const ids = centres.map((c) => c.id);
  const relations: Relation[] = [];
  for (const measure of TABLE_COUNTS) relations.push({ terms: [[key(measure, ALL), 1], ...ids.map((id) => [key(measure, id), -1] as const)], sense: '=', rhs: 0 });
  for (const centre of [...ids, ALL]) {
    for (const parts of [EXIT_MEASURES, LOS_MEASURES]) relations.push({ terms: [[key('out', centre), 1], ...parts.map((measure) => [key(measure, centre), -1] as const)], sense: '=', rhs: 0 });
    relations.push({ terms: [[key('over', centre), 1], [key('out', centre), -1]], sense: '<=', rhs: 0 });
    relations.push({ terms: [[key('nights', centre), 1], [key('capacity', centre), -1]], sense: '<=', rhs: 0 });
  }
  for (const centre of centres) {
    const beyond = LOS_BUCKETS.filter((bucket) => LOS_UPPER_DAYS[bucket] > centre.maxStayDays);
    relations.push({ terms: [[key('over', centre.id), 1], ...beyond.map((bucket) => [key(`los:${bucket}`, centre.id), -1] as const)], sense: '<=', rhs: 0 });
  }
  const holds = (relation: Relation) => {
    const total = relation.terms.reduce((sum, [cell, coefficient]) => sum + coefficient * (values.get(cell) ?? 0), 0);
    return relation.sense === '=' ? total === relation.rhs : total <= relation.rhs;
  };
  return relations.filter(holds);
}

/** A month's table from its grid: every count for each centre and for all, and the cells disclosure control hides. */
export async function tableOf(month: string, centres: CentreInfo[], grid: Grid): Promise<PublishedTable> {
  const values = new Map<string, number>();
  for (const centre of [...centres.map((c) => c.id), ALL]) for (const measure of ['capacity', ...TABLE_COUNTS]) values.set(Grid.key(measure, centre, month), grid.get(measure, centre, month));
  const counted = new Set([...values.keys()].filter((key) => !key.startsWith('capacity|')));
  const hidden = await protect(values, counted, tableRelations(month, centres, values));
  const lengths: PublishedTable['lengths'] = {};
  for (const [centre, { tenths, seconds }] of grid.lengths) lengths[centre] = { tenths: Object.fromEntries(tenths), seconds };
  return { month, cells: Object.fromEntries(values), hidden: Object.fromEntries(hidden), lengths };
}

/** The funders' grid: the months' published tables, each as it was published. */
export function gridOfTables(tables: PublishedTable[]): Grid {
  const grid = new Grid();
  for (const table of tables) {
    for (const [key, value] of Object.entries(table.cells)) grid.values.set(key, value);
    for (const [key, suppression] of Object.entries(table.hidden)) grid.hidden.set(key, suppression);
    for (const [centre, { tenths, seconds }] of Object.entries(table.lengths)) {
      let lengths = grid.lengths.get(centre);
      if (!lengths) grid.lengths.set(centre, (lengths = { tenths: new Map(), seconds: 0 }));
      lengths.seconds += seconds;
      for (const [value, n] of Object.entries(tenths)) lengths.tenths.set(Number(value), (lengths.tenths.get(Number(value)) ?? 0) + n);
    }
  }
  return grid;
}
