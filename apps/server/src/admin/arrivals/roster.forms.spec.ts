import { householdRef, readBirth, rosterRows } from './roster.forms.js';

describe('the roster form', () => {
  it('reads a date of birth, a year or an age; a year or an age is an estimate', () => {
    const today = { year: 2026 };
    expect(readBirth('2001-04-02', today)).toEqual({ dateOfBirth: '2001-04-02', estimated: false });
    expect(readBirth('2/4/2001', today)).toEqual({ dateOfBirth: '2001-04-02', estimated: false });
    expect(readBirth('1998', today)).toEqual({ dateOfBirth: '1998-01-01', estimated: true });
    expect(readBirth('25', today)).toEqual({ dateOfBirth: '2001-01-01', estimated: true });
    expect(readBirth('', today)).toEqual({ dateOfBirth: undefined, estimated: false });
    // Passed on as typed, for the arrivals rules to refuse.
    expect(readBirth('121', today)).toEqual({ dateOfBirth: '121', estimated: false });
    expect(readBirth('soon', today)).toEqual({ dateOfBirth: 'soon', estimated: false });
  });

  it('gives the same household ref to the same label, whatever its case or script', () => {
    expect(householdRef('Famille Ahmadi')).toBe(householdRef(' famille ahmadi '));
    expect(householdRef('1')).not.toBe(householdRef('2'));
    expect(householdRef('خانواده احمدی')).toMatch(/^h-[0-9a-f]{24}$/);
  });

  it('turns the posted columns into rows, drops empty rows and reads ticked boxes by row', () => {
    const rows = rosterRows({ ref: ['a-1', 'a-2', 'a-3'], familyName: ['Haile', '', 'Tesfay'], givenNames: ['Selam', '', ''], household: ['', '', ''], dobEstimated: ['2'], ageDisputed: [] });
    expect(rows.map((row) => row.ref)).toEqual(['a-1', 'a-3']);
    expect(rows[1]).toMatchObject({ familyName: 'Tesfay', dobEstimated: true, ageDisputed: false });
    expect(rows[0].dobEstimated).toBe(false);
  });
});
