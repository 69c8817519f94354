import { CONFIDENTIAL, hiddenRanges, protect, publishCell, publishSum, type Relation, SMALL_COUNT } from './disclosure.js';

const grid = (entries: Record<string, number>) => new Map(Object.entries(entries));
/** total = the sum of the parts. */
const sum = (total: string, parts: string[]): Relation => ({ terms: [[total, 1], ...parts.map((part) => [part, -1] as const)], sense: '=', rhs: 0 });

describe('disclosure control', () => {
  it('hides every count from 0 to 4 as "<5", so that the mark never means "at least one"', async () => {
    const values = grid({ a: 0, b: 1, c: 4, d: 5 });
    const hidden = await protect(values, new Set(values.keys()), []);
    expect([...hidden.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(['a', 'b', 'c', 'd'].map((key) => publishCell(values.get(key)!, hidden.get(key)))).toEqual([SMALL_COUNT, SMALL_COUNT, SMALL_COUNT, 5]);
  });

  it('works out a hidden cell exactly when a total gives it back, and the range it keeps otherwise', async () => {
    const values = grid({ total: 40, a: 3, b: 12, c: 25 });
    const relations = [sum('total', ['a', 'b', 'c'])];
    expect((await hiddenRanges(values, new Map([['a', 'primary']]), relations)).get('a')).toEqual({ min: 3, max: 3 });
    const ranges = await hiddenRanges(values, new Map([['a', 'primary'], ['b', 'secondary']]), relations);
    // a + b = 15 with a in 0..4 and b at least 5.
    expect(ranges.get('a')).toEqual({ min: 0, max: 4 });
    expect(ranges.get('b')).toEqual({ min: 11, max: 15 });
  });

  it('hides the smallest related cell while a small count has fewer than three possible values', async () => {
    const values = grid({ total: 40, a: 3, b: 12, c: 25 });
    const hidden = await protect(values, new Set(values.keys()), [sum('total', ['a', 'b', 'c'])]);
    expect(hidden.get('a')).toBe('primary');
    expect(hidden.get('b')).toBe('secondary');
    expect(hidden.has('c')).toBe(false);
    expect(publishCell(12, hidden.get('b'))).toBe(CONFIDENTIAL);
  });

  it('hides more than two cells when two hidden small counts would pin each other', async () => {
    // a + b = 8 with both in 0..4 leaves a = b = 4: two hidden cells are not enough.
    const values = grid({ total: 28, a: 4, b: 4, c: 20 });
    const relations = [sum('total', ['a', 'b', 'c'])];
    expect((await hiddenRanges(values, new Map([['a', 'primary'], ['b', 'primary']]), relations)).get('a')).toEqual({ min: 4, max: 4 });
    const hidden = await protect(values, new Set(values.keys()), relations);
    expect(hidden.size).toBeGreaterThan(2);
    const ranges = await hiddenRanges(values, hidden, relations);
    expect(ranges.get('a')!.max - ranges.get('a')!.min).toBeGreaterThanOrEqual(2);
  });

  it('follows hidden cells through a table with row and column totals until no cell is pinned', async () => {
    // Rows are centres, columns exit reasons; every row and column has a published total.
    const cells: Record<string, number> = { r1c1: 3, r1c2: 9, r1c3: 14, r2c1: 7, r2c2: 2, r2c3: 30, r3c1: 11, r3c2: 16, r3c3: 1 };
    const values = grid({ ...cells, r1: 26, r2: 39, r3: 28, c1: 21, c2: 27, c3: 45, all: 93 });
    const relations = [
      ...['r1', 'r2', 'r3'].map((row) => sum(row, ['c1', 'c2', 'c3'].map((col) => `${row}${col}`))),
      ...['c1', 'c2', 'c3'].map((col) => sum(col, ['r1', 'r2', 'r3'].map((row) => `${row}${col}`))),
      sum('all', ['r1', 'r2', 'r3']),
    ];
    const hidden = await protect(values, new Set(values.keys()), relations);
    const ranges = await hiddenRanges(values, hidden, relations);
    for (const [key, suppression] of hidden) {
      const width = ranges.get(key)!.max - ranges.get(key)!.min + 1;
      expect(width).toBeGreaterThanOrEqual(suppression === 'primary' ? 3 : 2);
    }
    expect(['r1c1', 'r2c2', 'r3c3'].every((key) => hidden.get(key) === 'primary')).toBe(true);
  });

  it('respects inequalities: no more stays over the legal maximum than departures', async () => {
    const values = grid({ out: 6, over: 2 });
    const relations: Relation[] = [{ terms: [['over', 1], ['out', -1]], sense: '<=', rhs: 0 }];
    const ranges = await hiddenRanges(values, new Map([['over', 'primary']]), relations);
    expect(ranges.get('over')).toEqual({ min: 0, max: 4 });
  });

  it('publishes a sum over several cells only if none is hidden, and "[c]" whatever its value otherwise', () => {
    const values = grid({ jan: 12, feb: 2, mar: 7 });
    const hidden = new Map([['feb', 'primary' as const]]);
    expect(publishSum(['jan', 'mar'], values, hidden)).toBe(19);
    expect(publishSum(['jan', 'feb'], values, hidden)).toBe(CONFIDENTIAL);
    expect(publishSum(['feb'], values, hidden)).toBe(SMALL_COUNT);
    expect(publishSum(['feb', 'feb2'], grid({ feb: 1, feb2: 1 }), new Map())).toBe(CONFIDENTIAL);
  });
});
