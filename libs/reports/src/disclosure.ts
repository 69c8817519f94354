import * as highsPackage from 'highs';
import type { Highs } from 'highs';

/**
 * Statistical disclosure control for what funders read (DOMAIN.md "Funders"). Everything a funder
 * reads comes from one published table per month: counts per centre and for all centres together,
 * and the relations between them (a total is the sum of its parts, departures split by exit reason
 * and by length of stay, no more nights than beds). A count from 0 to 4 is hidden as "<5"
 * (primary suppression: zeros are hidden with the small counts, so "<5" never means "1 to 4").
 * Hidden cells are then audited as statistical offices do (tau-Argus): every published relation
 * becomes a linear constraint, and the smallest and largest value each hidden cell can take is
 * solved for by linear programming (HiGHS). While a small count has fewer than three possible
 * values, or another hidden cell only one, a further cell is hidden (secondary suppression, the
 * smallest visible cell that shares a relation with it), and the audit runs again.
 */

export const SMALL_COUNT = '<5';
/** A count hidden only so that a small one cannot be worked out from it. */
export const CONFIDENTIAL = '[c]';

export type Published = number | typeof SMALL_COUNT | typeof CONFIDENTIAL;
export type Suppression = 'primary' | 'secondary';

/** The largest count hidden as "<5"; every count published exactly is above it. */
export const SMALL_MAX = 4;
/** A count hidden as "<5" keeps at least this many possible values; any other hidden cell at least two. */
export const SMALL_RANGE = 3;

/**
 * A published relation between cells: the sum of `terms` (cell, coefficient) is equal to, or at
 * most, `rhs`. Cells not under control (beds in service) are constants of the relation.
 */
export interface Relation {
  terms: readonly (readonly [string, number])[];
  sense: '=' | '<=';
  rhs: number;
}

/** A hidden cell's possible values, as worked out from everything published with it. */
export interface CellRange {
  min: number;
  max: number;
}

export const isSmall = (value: number): boolean => value >= 0 && value <= SMALL_MAX;

// The package's types describe a CommonJS module; its ES module build exports the loader as default.
const highsLoader = ((highsPackage as unknown as { default?: () => Promise<Highs> }).default ?? highsPackage) as unknown as () => Promise<Highs>;
let solver: Promise<Highs> | undefined;
const highs = (): Promise<Highs> => (solver ??= highsLoader());

/** The bounds a reader knows of a hidden cell from its mark alone. */
const boundsOf = (suppression: Suppression): [number, number] => (suppression === 'primary' ? [0, SMALL_MAX] : [SMALL_MAX + 1, Number.POSITIVE_INFINITY]);

/**
 * The smallest and largest value of each hidden cell given the published cells and relations,
 * each worked out by linear programming over the hidden cells it is connected to. Exact values
 * are rounded inwards to whole counts.
 */
export async function hiddenRanges(values: ReadonlyMap<string, number>, hidden: ReadonlyMap<string, Suppression>, relations: readonly Relation[]): Promise<Map<string, CellRange>> {
  const ranges = new Map<string, CellRange>();
  // Each relation with the published cells moved to its right-hand side.
  const reduced: Relation[] = [];
  for (const relation of relations) {
    let rhs = relation.rhs;
    const terms: [string, number][] = [];
    for (const [key, coefficient] of relation.terms) {
      if (hidden.has(key)) terms.push([key, coefficient]);
      else rhs -= coefficient * (values.get(key) ?? 0);
    }
    if (terms.length > 0) reduced.push({ terms, sense: relation.sense, rhs });
  }
  // Hidden cells connected by relations, found with a union-find.
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(key, root);
    return root;
  };
  for (const key of hidden.keys()) parent.set(key, key);
  for (const relation of reduced) for (const [key] of relation.terms.slice(1)) parent.set(find(key), find(relation.terms[0][0]));
  const components = new Map<string, { keys: string[]; relations: Relation[] }>();
  for (const key of [...hidden.keys()].sort()) {
    const root = find(key);
    if (!components.has(root)) components.set(root, { keys: [], relations: [] });
    components.get(root)!.keys.push(key);
  }
  for (const relation of reduced) components.get(find(relation.terms[0][0]))!.relations.push(relation);
  const lp = await highs();
  for (const { keys, relations: own } of components.values()) {
    if (own.length === 0) {
      for (const key of keys) {
        const [min, max] = boundsOf(hidden.get(key)!);
        ranges.set(key, { min, max });
      }
      continue;
    }
    const name = new Map(keys.map((key, i) => [key, `x${i}`]));
    const row = (terms: readonly (readonly [string, number])[]) => terms.map(([key, c]) => `${c < 0 ? '-' : '+'} ${Math.abs(c)} ${name.get(key)}`).join(' ');
    const body = [
      'Subject To',
      ...own.map((relation, i) => ` r${i}: ${row(relation.terms)} ${relation.sense} ${relation.rhs}`),
      'Bounds',
      ...keys.map((key) => {
        const [low, high] = boundsOf(hidden.get(key)!);
        return ` ${low} <= ${name.get(key)} <= ${Number.isFinite(high) ? high : '+inf'}`;
      }),
      'End',
    ].join('\n');
    // One model per component, its objective moved from cell to cell: each bound starts from the last solution.
    const model = lp.createModel({ format: 'lp', data: `Minimize\n obj: ${name.get(keys[0])}\n${body}` });
    try {
      model.options.set('output_flag', false);
      const status = lp.constants.modelStatus;
      // The parser numbers columns as it meets them: find each cell's.
      const column = keys.map((key) => model.getColByName(name.get(key)!));
      keys.forEach((key, i) => {
        if (i > 0) (model.changeColCost(column[i - 1], 0), model.changeColCost(column[i], 1));
        const extreme = (sense: 'minimize' | 'maximize'): number => {
          model.changeObjectiveSense(lp.constants.objectiveSense[sense]);
          const { modelStatus } = model.run();
          if (modelStatus === status.unbounded || modelStatus === status.unboundedOrInfeasible) return sense === 'maximize' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
          if (modelStatus !== status.optimal) throw new Error(`The published relations have no solution (status ${modelStatus})`);
          return model.getObjectiveValue();
        };
        ranges.set(key, { min: Math.ceil(extreme('minimize') - 1e-6) + 0, max: Math.floor(extreme('maximize') + 1e-6) + 0 });
      });
    } finally {
      model.dispose();
    }
  }
  return ranges;
}

/** Too narrow for its mark: a small count with fewer than three possible values, or another hidden cell with one. */
export const tooNarrow = (suppression: Suppression, range: CellRange): boolean => range.max - range.min + 1 < (suppression === 'primary' ? SMALL_RANGE : 2);

/**
 * The cells to hide among `counted` (counts of people; other cells are published as they are):
 * every small count, then, until the audit finds no hidden cell too narrow, the smallest visible
 * count sharing a relation with each cell that is.
 */
export async function protect(values: ReadonlyMap<string, number>, counted: ReadonlySet<string>, relations: readonly Relation[]): Promise<Map<string, Suppression>> {
  const hidden = new Map<string, Suppression>();
  for (const key of counted) if (isSmall(values.get(key) ?? 0)) hidden.set(key, 'primary');
  const related = new Map<string, Set<string>>();
  for (const relation of relations) {
    const keys = relation.terms.map(([key]) => key).filter((key) => counted.has(key));
    for (const key of keys) {
      if (!related.has(key)) related.set(key, new Set());
      for (const other of keys) if (other !== key) related.get(key)!.add(other);
    }
  }
  const byValue = (a: string, b: string) => (values.get(a) ?? 0) - (values.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
  for (;;) {
    const ranges = await hiddenRanges(values, hidden, relations);
    const narrow = [...ranges].filter(([key, range]) => tooNarrow(hidden.get(key)!, range)).map(([key]) => key).sort();
    if (narrow.length === 0) return hidden;
    let added = 0;
    for (const key of narrow) {
      const neighbours = [...(related.get(key) ?? [])].filter((other) => !hidden.has(other)).sort(byValue);
      // Nothing visible beside it: the next cell out, through the cells it is related to.
      const next = neighbours[0] ?? nearestVisible(key, related, hidden, byValue);
      if (next === undefined) continue;
      hidden.set(next, 'secondary');
      added += 1;
    }
    if (added === 0) throw new Error(`Disclosure control cannot protect ${narrow.join(', ')}`);
  }
}

/** The smallest visible cell reached first, breadth first, from `start` through related cells. */
function nearestVisible(start: string, related: ReadonlyMap<string, Set<string>>, hidden: ReadonlyMap<string, Suppression>, order: (a: string, b: string) => number): string | undefined {
  const seen = new Set([start]);
  let frontier = [start];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const key of frontier) for (const other of related.get(key) ?? []) if (!seen.has(other)) (seen.add(other), next.push(other));
    const visible = next.filter((key) => !hidden.has(key)).sort(order);
    if (visible.length > 0) return visible[0];
    frontier = next;
  }
  return undefined;
}

/** How one cell is shown. */
export function publishCell(value: number, suppression: Suppression | undefined): Published {
  if (suppression === 'primary' || isSmall(value)) return SMALL_COUNT;
  if (suppression === 'secondary') return CONFIDENTIAL;
  return value;
}

/**
 * How a sum over several cells (months) is shown: exactly if none of them is hidden, so it tells
 * nothing the cells do not; otherwise "[c]" whatever its value, so the mark tells nothing either.
 * A sum of one cell is shown as the cell.
 */
export function publishSum(keys: Iterable<string>, values: ReadonlyMap<string, number>, hidden: ReadonlyMap<string, Suppression>): Published {
  const cells = [...keys];
  if (cells.length === 1) return publishCell(values.get(cells[0]) ?? 0, hidden.get(cells[0]));
  let sum = 0;
  for (const key of cells) {
    const value = values.get(key) ?? 0;
    if (hidden.has(key) || isSmall(value)) return CONFIDENTIAL;
    sum += value;
  }
  return sum;
}

/** True when a published figure is an exact number. */
export const isExact = (value: Published): value is number => typeof value === 'number';
