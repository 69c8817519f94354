import { dueState, higher, nextDueAfterCheck, nextDueAfterLevelChange } from './welfare-rules.js';

const intervals = { standard: 1440, heightened: 240, constant: 15, first: 60 };
const at = (iso: string) => new Date(iso);

describe('welfare rules', () => {
  it('sets the next check by the level interval, to the minute', () => {
    expect(nextDueAfterCheck(at('2026-11-20T22:00:00Z'), 'standard', intervals).toISOString()).toBe('2026-11-21T22:00:00.000Z');
    expect(nextDueAfterCheck(at('2026-11-20T22:00:00Z'), 'heightened', intervals).toISOString()).toBe('2026-11-21T02:00:00.000Z');
    expect(nextDueAfterCheck(at('2026-11-20T22:00:00Z'), 'constant', intervals).toISOString()).toBe('2026-11-20T22:15:00.000Z');
  });

  it('brings the next check forward when the level rises', () => {
    const due = nextDueAfterLevelChange(
      { changedAt: at('2026-11-21T08:00:00Z'), level: 'constant', lastCheckAt: at('2026-11-21T07:00:00Z'), checkedInAt: at('2026-11-20T20:00:00Z'), currentDue: at('2026-11-22T07:00:00Z') },
      intervals,
    );
    expect(due.toISOString()).toBe('2026-11-21T07:15:00.000Z');
  });

  it('moves the next check later when the level is lowered, from the last check', () => {
    const due = nextDueAfterLevelChange(
      { changedAt: at('2026-11-21T08:00:00Z'), level: 'standard', lastCheckAt: at('2026-11-21T07:50:00Z'), checkedInAt: at('2026-11-20T20:00:00Z'), currentDue: at('2026-11-21T08:05:00Z') },
      intervals,
    );
    expect(due.toISOString()).toBe('2026-11-22T07:50:00.000Z');
  });

  it('keeps an overdue check overdue when the level is lowered', () => {
    const due = nextDueAfterLevelChange(
      { changedAt: at('2026-11-21T08:00:00Z'), level: 'standard', lastCheckAt: at('2026-11-21T07:00:00Z'), checkedInAt: at('2026-11-20T20:00:00Z'), currentDue: at('2026-11-21T07:15:00Z') },
      intervals,
    );
    expect(due.toISOString()).toBe('2026-11-21T07:15:00.000Z');
  });

  it('never lowers a level for a vulnerability', () => {
    expect(higher('constant', 'heightened')).toBe('constant');
    expect(higher('standard', 'heightened')).toBe('heightened');
  });

  it('places a check on the board: overdue, due within the hour, or later', () => {
    const now = at('2026-11-20T22:00:00Z');
    expect(dueState(at('2026-11-20T21:59:00Z'), now)).toBe('overdue');
    expect(dueState(at('2026-11-20T22:00:00Z'), now)).toBe('due_soon');
    expect(dueState(at('2026-11-20T23:00:00Z'), now)).toBe('due_soon');
    expect(dueState(at('2026-11-20T23:01:00Z'), now)).toBe('later');
  });
});
