import { isoToLocalDateTime, localDateTimeToIso } from './time.js';

describe('datetime-local values read as Paris time', () => {
  it.each([
    ['2026-01-15T21:30', '2026-01-15T20:30:00.000Z'], // winter: UTC+1
    ['2026-07-15T21:30', '2026-07-15T19:30:00.000Z'], // summer: UTC+2
    ['2026-07-15T21:30:15', '2026-07-15T19:30:15.000Z'],
    ['2026-03-29T01:59', '2026-03-29T00:59:00.000Z'], // just before clocks go forward
    ['2026-03-29T03:00', '2026-03-29T01:00:00.000Z'], // just after
    ['2026-03-29T02:30', '2026-03-29T01:30:00.000Z'], // a skipped time: read one hour later (03:30 CEST)
    ['2026-10-25T02:30', '2026-10-25T01:30:00.000Z'], // the repeated hour: the winter-time one
    ['2026-10-25T03:30', '2026-10-25T02:30:00.000Z'],
  ])('reads %s as %s', (local, iso) => {
    expect(localDateTimeToIso(local)).toBe(iso);
  });

  it.each(['', '21:30', '2026-02-30T10:00', '2026-01-15T24:00', '2026-01-15 21:30', '2026-01-15T21:30Z', 'tomorrow'])('refuses %j', (value) => {
    expect(localDateTimeToIso(value)).toBeNull();
  });

  it('shows an instant as a Paris wall-clock time', () => {
    expect(isoToLocalDateTime('2026-01-15T20:30:00.000Z')).toBe('2026-01-15T21:30');
    expect(isoToLocalDateTime('2026-07-15T19:30:00.000Z')).toBe('2026-07-15T21:30');
  });
});
