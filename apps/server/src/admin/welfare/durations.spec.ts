import { durationText } from './durations.js';

describe('durationText', () => {
  it('says minutes, then hours and minutes, then days and hours', () => {
    expect(durationText('en', 0)).toBe('0 min');
    expect(durationText('en', 45)).toBe('45 min');
    expect(durationText('en', 125)).toBe('2 h 05 min');
    expect(durationText('en', 60 * 24 * 3 + 60 * 4 + 10)).toBe('3 d 4 h');
    expect(durationText('fr', 60 * 24 + 60)).toBe('1 j 1 h');
  });
});
