import { pastTime } from './past-time.js';

describe('pastTime', () => {
  const now = new Date('2026-11-20T12:00:00Z');
  const fields = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return (error as { details: { fields: Record<string, string[]> } }).details.fields;
    }
    return null;
  };

  it('is now when not given, and now when a little ahead', () => {
    expect(pastTime(now, 'at', undefined)).toEqual(now);
    expect(pastTime(now, 'at', '2026-11-20T12:00:30Z')).toEqual(now);
    expect(pastTime(now, 'at', '2026-11-19T12:00:00Z')).toEqual(new Date('2026-11-19T12:00:00Z'));
  });

  it('refuses the future, the long past and what comes before its start, naming the field', () => {
    expect(fields(() => pastTime(now, 'at', '2026-11-20T12:05:00Z'))).toEqual({ at: ['must not be in the future'] });
    expect(fields(() => pastTime(now, 'at', '2026-10-01T12:00:00Z'))).toEqual({ at: ['must be within the last 30 days'] });
    expect(fields(() => pastTime(now, 'at', '2026-11-19T12:00:00Z', { notBefore: { at: now, message: 'must not be before the check-in' } }))).toEqual({ at: ['must not be before the check-in'] });
    expect(pastTime(now, 'at', '2026-01-01T00:00:00Z', { maxBackdateMs: Number.POSITIVE_INFINITY })).toEqual(new Date('2026-01-01T00:00:00Z'));
  });
});
