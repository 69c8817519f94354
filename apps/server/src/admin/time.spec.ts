import { isoToLocalDateTime, isoToTypedDateTime, localDateTimeToIso } from './time.js';

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

  it.each([
    ['15/01/2026 21:30', '2026-01-15T20:30:00.000Z'], // typed, winter
    ['15/07/2026 21:30', '2026-07-15T19:30:00.000Z'], // typed, summer
    ['5/7/2026 9:05', '2026-07-05T07:05:00.000Z'],
    ['15/07/2026, 21h30', '2026-07-15T19:30:00.000Z'],
    [' 25/10/2026 02:30 ', '2026-10-25T01:30:00.000Z'], // the repeated hour, typed
  ])('reads the typed %j as %s', (typed, iso) => {
    expect(localDateTimeToIso(typed)).toBe(iso);
  });

  it.each(['30/02/2026 10:00', '15/13/2026 10:00', '15/01/2026 24:00', '15/01/26 10:00', '15/01/2026', '2026/01/15 10:00'])('refuses the typed %j', (value) => {
    expect(localDateTimeToIso(value)).toBeNull();
  });

  it('shows an instant as typed in a date-and-time field', () => {
    expect(isoToTypedDateTime('2026-01-15T20:30:00.000Z')).toBe('15/01/2026 21:30');
    expect(isoToTypedDateTime('2026-07-05T07:05:00.000Z')).toBe('05/07/2026 09:05');
  });

  it.each(['', '21:30', '2026-02-30T10:00', '2026-01-15T24:00', '2026-01-15 21:30', '2026-01-15T21:30Z', 'tomorrow'])('refuses %j', (value) => {
    expect(localDateTimeToIso(value)).toBeNull();
  });

  it('shows an instant as a Paris wall-clock time', () => {
    expect(isoToLocalDateTime('2026-01-15T20:30:00.000Z')).toBe('2026-01-15T21:30');
    expect(isoToLocalDateTime('2026-07-15T19:30:00.000Z')).toBe('2026-07-15T21:30');
  });
});
