import { addWorkingDays, easterSunday, frenchPublicHolidays, isFrenchWorkingDay } from './working-days.js';

describe('French public holidays', () => {
  it('computes Easter Sunday', () => {
    expect(easterSunday(2026)).toEqual(new Date('2026-04-05T00:00:00Z'));
    expect(easterSunday(2027)).toEqual(new Date('2027-03-28T00:00:00Z'));
    expect(easterSunday(2028)).toEqual(new Date('2028-04-16T00:00:00Z'));
    expect(easterSunday(2038)).toEqual(new Date('2038-04-25T00:00:00Z'));
  });

  it('has the eight fixed days, Easter Monday, Ascension and Whit Monday', () => {
    expect([...frenchPublicHolidays(2027)].sort()).toEqual([
      '2027-01-01', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-08', '2027-05-17', '2027-07-14', '2027-08-15', '2027-11-01', '2027-11-11', '2027-12-25',
    ]);
  });

  it('reads the day in Paris: 23:30 UTC on 13 July is already 14 July there', () => {
    expect(isFrenchWorkingDay(new Date('2026-07-13T21:30:00Z'))).toBe(true);
    expect(isFrenchWorkingDay(new Date('2026-07-13T22:30:00Z'))).toBe(false);
  });
});

describe('working days', () => {
  it('skips the weekend', () => {
    expect(addWorkingDays(new Date('2026-11-21T08:00:00Z'), 1)).toEqual(new Date('2026-11-23T08:00:00Z'));
  });

  it('skips 1 May: Thursday 30 April 2026 + 3 is Wednesday 6 May', () => {
    expect(addWorkingDays(new Date('2026-04-30T09:00:00Z'), 3)).toEqual(new Date('2026-05-06T09:00:00Z'));
  });

  it('in 2027, 1 and 8 May fall on a Saturday: Friday 30 April + 3 is Wednesday 5 May', () => {
    expect(addWorkingDays(new Date('2027-04-30T09:00:00Z'), 3)).toEqual(new Date('2027-05-05T09:00:00Z'));
  });

  it('skips Ascension: Tuesday 4 May 2027 + 3 is Monday 10 May', () => {
    expect(addWorkingDays(new Date('2027-05-04T09:00:00Z'), 3)).toEqual(new Date('2027-05-10T09:00:00Z'));
  });

  it('skips Easter Monday and Whit Monday', () => {
    expect(addWorkingDays(new Date('2026-04-03T09:00:00Z'), 1)).toEqual(new Date('2026-04-07T09:00:00Z'));
    expect(addWorkingDays(new Date('2027-05-14T09:00:00Z'), 1)).toEqual(new Date('2027-05-18T09:00:00Z'));
  });

  it('skips 14 July and Christmas', () => {
    expect(addWorkingDays(new Date('2026-07-10T09:00:00Z'), 3)).toEqual(new Date('2026-07-16T09:00:00Z'));
    expect(addWorkingDays(new Date('2026-12-24T09:00:00Z'), 1)).toEqual(new Date('2026-12-28T09:00:00Z'));
  });
});
