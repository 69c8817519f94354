import { addDays, eachDay, eachMonth, localDate, monthEnd, prorate } from './periods.js';

describe('report periods', () => {
  it('counts days across month, year and leap-day edges', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(monthEnd('2024-02-10')).toBe('2024-02-29');
    expect(monthEnd('2026-02-10')).toBe('2026-02-28');
    expect(eachDay('2026-03-28', '2026-04-02')).toHaveLength(6);
    expect(eachMonth('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('gives the local date of an instant, across the daylight-saving change', () => {
    expect(localDate(new Date('2026-03-28T23:30:00Z'), 'Europe/Paris')).toBe('2026-03-29');
    expect(localDate(new Date('2026-10-24T21:59:00Z'), 'Europe/Paris')).toBe('2026-10-24');
    expect(localDate(new Date('2026-10-24T22:00:00Z'), 'Europe/Paris')).toBe('2026-10-25');
  });

  it('spreads a yearly budget over months so that the months add up to the year exactly', () => {
    const amount = 1_000_000_01n;
    const months = eachMonth('2026-01-01', '2026-12-31').map((month) => prorate(amount, 2026, `${month}-01`, monthEnd(`${month}-01`)));
    expect(months.reduce((sum, part) => sum + part, 0n)).toBe(amount);
    expect(prorate(36_500n, 2026, '2026-01-01', '2026-01-01')).toBe(100n);
    expect(prorate(36_600n, 2024, '2024-01-01', '2024-12-31')).toBe(36_600n);
  });
});
