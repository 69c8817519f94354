/**
 * Statistical disclosure control for what funders read (DOMAIN.md: counts below 5 are shown as
 * "<5"). Counts of people are cells of a grid; a cell from 1 to 4 is hidden (primary
 * suppression), and because a published total minus the other published cells would give it
 * back, each additive group (a total and the cells it sums) is made to hide either nothing or at
 * least two of its parts (secondary suppression, smallest cell first, until nothing changes).
 * A figure over a range of cells is published only if it hides none of them, so no two ranges
 * can be subtracted to recover a hidden cell.
 */

export const SMALL_COUNT = '<5';
/** A count hidden only so that a small one cannot be worked out from it. */
export const CONFIDENTIAL = '[c]';

export type Published = number | typeof SMALL_COUNT | typeof CONFIDENTIAL;
export type Suppression = 'primary' | 'secondary';

export interface CellGroup {
  total: string;
  members: readonly string[];
}

export const isSmall = (value: number): boolean => value >= 1 && value <= 4;

export function suppress(values: ReadonlyMap<string, number>, groups: readonly CellGroup[]): Map<string, Suppression> {
  const hidden = new Map<string, Suppression>();
  for (const [key, value] of values) if (isSmall(value)) hidden.set(key, 'primary');
  const valueOf = (key: string) => values.get(key) ?? 0;
  for (let changed = true; changed; ) {
    changed = false;
    for (const group of groups) {
      const parts = [group.total, ...group.members];
      if (parts.filter((key) => hidden.has(key)).length !== 1) continue;
      // The smallest visible non-zero part, ties broken by key so the choice never depends on the query.
      const candidates = group.members
        .filter((key) => !hidden.has(key) && valueOf(key) > 0)
        .sort((a, b) => valueOf(a) - valueOf(b) || (a < b ? -1 : a > b ? 1 : 0));
      const next = candidates[0] ?? (hidden.has(group.total) ? undefined : group.total);
      if (next === undefined) continue;
      hidden.set(next, 'secondary');
      changed = true;
    }
  }
  return hidden;
}

/** How one cell is shown. */
export function publishCell(value: number, suppression: Suppression | undefined): Published {
  if (suppression === 'primary' || isSmall(value)) return SMALL_COUNT;
  if (suppression === 'secondary') return CONFIDENTIAL;
  return value;
}

/** How a sum over several cells is shown: exactly only if none of them is hidden. */
export function publishSum(keys: Iterable<string>, values: ReadonlyMap<string, number>, hidden: ReadonlyMap<string, Suppression>): Published {
  let sum = 0;
  let anyHidden = false;
  for (const key of keys) {
    sum += values.get(key) ?? 0;
    if (hidden.has(key)) anyHidden = true;
  }
  if (isSmall(sum)) return SMALL_COUNT;
  return anyHidden ? CONFIDENTIAL : sum;
}

/** True when a published figure is an exact number. */
export const isExact = (value: Published): value is number => typeof value === 'number';
