import { lengthStatistics } from './figures.js';

describe('lengthStatistics', () => {
  it('interpolates the median and 90th percentile between ranks, as percentile_cont does', () => {
    // Lengths 1.0, 2.0, 2.0, 3.5 and 10.0 days.
    const tenths = new Map([[10, 1], [20, 2], [35, 1], [100, 1]]);
    const seconds = (1 + 2 + 2 + 3.5 + 10) * 86_400;
    expect(lengthStatistics(tenths, seconds)).toEqual({ stays: 5, meanDays: 3.7, medianDays: 2, p90Days: 7.4 });
  });

  it('interpolates between the middle two of an even count', () => {
    expect(lengthStatistics(new Map([[10, 1], [30, 1]]), 4 * 86_400)).toMatchObject({ stays: 2, medianDays: 2, p90Days: 2.8 });
  });

  it('has no statistics without stays', () => {
    expect(lengthStatistics(new Map([[10, 0]]), 0)).toEqual({ stays: 0, meanDays: null, medianDays: null, p90Days: null });
  });
});
