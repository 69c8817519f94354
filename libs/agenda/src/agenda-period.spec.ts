import { ValidationFailed } from '@escale/platform';
import { agendaPeriod } from './agenda-period.js';

const now = new Date('2026-11-20T21:40:00Z');
const DAY = 86_400_000;
const fields = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationFailed) return error.details.fields;
    throw error;
  }
  return null;
};

describe('agendaPeriod', () => {
  it('is everything overdue and the next 7 days when nothing is asked', () => {
    expect(agendaPeriod(now)).toEqual({ from: null, until: new Date(now.getTime() + 7 * DAY) });
  });

  it('reads days as whole UTC days and instants as given, `to` included', () => {
    expect(agendaPeriod(now, '2026-11-22', '2026-11-22')).toEqual({ from: new Date('2026-11-22T00:00:00Z'), until: new Date('2026-11-23T00:00:00Z') });
    expect(agendaPeriod(now, '2026-11-22T08:00:00+01:00', '2026-11-22T09:00:00Z')).toEqual({ from: new Date('2026-11-22T07:00:00Z'), until: new Date('2026-11-22T09:00:00.001Z') });
  });

  it('runs a week from a later `from` when `to` is not given', () => {
    expect(agendaPeriod(now, '2026-12-01')).toEqual({ from: new Date('2026-12-01T00:00:00Z'), until: new Date('2026-12-08T00:00:00Z') });
  });

  it('refuses a period that runs backwards or lasts more than 92 days', () => {
    expect(fields(() => agendaPeriod(now, '2026-11-25', '2026-11-24'))).toEqual({ to: ['must not be before from'] });
    expect(fields(() => agendaPeriod(now, '2026-11-01', '2027-02-01'))).toEqual({ to: ['must be at most 92 days after from'] });
    expect(fields(() => agendaPeriod(now, undefined, '2027-03-01'))).toEqual({ to: ['must be at most 92 days after now'] });
    expect(fields(() => agendaPeriod(now, '2026-11-01', '2026-12-31'))).toBeNull();
  });
});
