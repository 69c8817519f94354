import { CONFIDENTIAL, type CellGroup, publishCell, publishSum, SMALL_COUNT, suppress } from './disclosure.js';

const grid = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('disclosure control', () => {
  it('hides counts from 1 to 4, never 0 or 5', () => {
    const values = grid({ a: 0, b: 1, c: 4, d: 5 });
    const hidden = suppress(values, []);
    expect([...hidden.keys()].sort()).toEqual(['b', 'c']);
    expect(['a', 'b', 'c', 'd'].map((key) => publishCell(values.get(key)!, hidden.get(key)))).toEqual([0, SMALL_COUNT, SMALL_COUNT, 5]);
  });

  it('hides a second cell when a total would give the hidden one back', () => {
    const values = grid({ total: 40, a: 3, b: 12, c: 25 });
    const groups: CellGroup[] = [{ total: 'total', members: ['a', 'b', 'c'] }];
    const hidden = suppress(values, groups);
    expect(hidden.get('a')).toBe('primary');
    expect(hidden.get('b')).toBe('secondary');
    expect(hidden.has('c')).toBe(false);
    expect(publishCell(12, hidden.get('b'))).toBe(CONFIDENTIAL);
  });

  it('leaves a group alone when two parts are already hidden', () => {
    const values = grid({ total: 30, a: 3, b: 2, c: 25 });
    const hidden = suppress(values, [{ total: 'total', members: ['a', 'b', 'c'] }]);
    expect([...hidden.keys()].sort()).toEqual(['a', 'b']);
  });

  it('follows a hidden cell through groups that share it until every group is safe', () => {
    // Rows are centres, columns are days; each row and each column has a published total.
    const values = grid({ r1c1: 2, r1c2: 10, r1c3: 20, r1: 32, r2c1: 8, r2c2: 9, r2c3: 30, r2: 47, c1: 10, c2: 19, c3: 50, all: 79 });
    const groups: CellGroup[] = [
      { total: 'r1', members: ['r1c1', 'r1c2', 'r1c3'] },
      { total: 'r2', members: ['r2c1', 'r2c2', 'r2c3'] },
      { total: 'c1', members: ['r1c1', 'r2c1'] },
      { total: 'c2', members: ['r1c2', 'r2c2'] },
      { total: 'c3', members: ['r1c3', 'r2c3'] },
      { total: 'all', members: ['r1', 'r2'] },
      { total: 'all', members: ['c1', 'c2', 'c3'] },
    ];
    const hidden = suppress(values, groups);
    for (const group of groups) {
      const count = [group.total, ...group.members].filter((key) => hidden.has(key)).length;
      expect(count === 0 || count >= 2).toBe(true);
    }
    expect(hidden.get('r1c1')).toBe('primary');
  });

  it('publishes a sum exactly only when none of its cells is hidden', () => {
    const values = grid({ jan: 20, feb: 3, mar: 30 });
    const hidden = suppress(values, []);
    expect(publishSum(['jan', 'mar'], values, hidden)).toBe(50);
    expect(publishSum(['jan', 'feb', 'mar'], values, hidden)).toBe(CONFIDENTIAL);
    expect(publishSum(['feb'], values, hidden)).toBe(SMALL_COUNT);
  });

  it('is the same whichever order the groups come in', () => {
    const values = grid({ t: 50, a: 1, b: 7, c: 7, d: 35 });
    const one = suppress(values, [{ total: 't', members: ['a', 'b', 'c', 'd'] }]);
    const two = suppress(values, [{ total: 't', members: ['d', 'c', 'b', 'a'] }]);
    expect([...one.entries()].sort()).toEqual([...two.entries()].sort());
    expect(one.get('b')).toBe('secondary');
  });
});
