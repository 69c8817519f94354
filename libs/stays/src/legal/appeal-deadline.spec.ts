import { appealDeadlineAt } from './appeal-deadline.js';

const HOUR = 3_600_000;
const periods = { withoutDeparturePeriodMs: 48 * HOUR, withDeparturePeriodMs: 30 * 24 * HOUR };

describe('appealDeadlineAt', () => {
  const notified = new Date('2031-03-29T22:30:00Z');

  it('gives 48 hours from the notification to an order without a departure period, across a change of clocks', () => {
    expect(appealDeadlineAt('without_departure_period', notified, periods).toISOString()).toBe('2031-03-31T22:30:00.000Z');
  });

  it('gives 30 days to an order with a departure period', () => {
    expect(appealDeadlineAt('with_departure_period', notified, periods).toISOString()).toBe('2031-04-28T22:30:00.000Z');
  });

  it('follows the configured periods', () => {
    expect(appealDeadlineAt('without_departure_period', notified, { ...periods, withoutDeparturePeriodMs: 72 * HOUR }).toISOString()).toBe('2031-04-01T22:30:00.000Z');
  });
});
