import { DUPLICATE_THRESHOLD, foldWord, NAME_FLOOR, type MatchSubject, nameSimilarity, scoreDuplicate, wordSimilarity } from './duplicate-scoring.js';

const person = (givenNames: string, familyName: string, more: Partial<MatchSubject> = {}): MatchSubject => ({ givenNames, familyName, dateOfBirth: '1990-03-12', dobEstimated: false, sex: 'male', nationalities: ['AFG'], ...more });

describe('duplicate scoring', () => {
  it.each([
    ['mohammad', 'muhammad'],
    ['mohamed', 'mohammad'],
    ['mohammed', 'muhammad'],
    ['hosseini', 'husseini'],
    ['husaini', 'hosseini'],
    ['tesfay', 'tesfaye'],
    ['tesfai', 'tesfaye'],
    ['ahmed', 'ahmad'],
    ['youssef', 'yousef'],
  ])('folds %s and %s to the same sounds', (a, b) => {
    expect(foldWord(a)).toBe(foldWord(b));
    expect(wordSimilarity(a, b)).toBe(0.9);
  });

  it('scores a mere skeleton match (Hassan for Husseini, Mahmoud for Mohammad) or another consonant (Kazemi, Karimi) below a close spelling', () => {
    expect(wordSimilarity('kazemi', 'karimi')).toBeLessThan(0.6);
    expect(wordSimilarity('ahmadi', 'ahmadzai')).toBeLessThan(0.6);
    expect(wordSimilarity('brahim', 'ibrahim')).toBeGreaterThan(0.6);
    expect(wordSimilarity('husseini', 'hassan')).toBeLessThan(0.6);
    expect(wordSimilarity('mohammad', 'mahmoud')).toBeLessThan(0.6);
    expect(wordSimilarity('husseini', 'hosseini')).toBeGreaterThan(wordSimilarity('husseini', 'hassan'));
    expect(wordSimilarity('hosseini', 'hosseini')).toBe(1);
  });

  it('matches a name written in one word or two, and in either order', () => {
    expect(nameSimilarity(['abdul', 'rahman', 'nouri'], ['abdulrahman', 'nouri'])).toBeGreaterThan(0.85);
    expect(nameSimilarity(['nguyen', 'van', 'an'], ['an', 'nguyen', 'van'])).toBe(1);
  });

  it('gives "Hassan Mahmoud" for "Mohammad Husseini" no possible duplicate, even born the same day', () => {
    const result = scoreDuplicate(person('Mohammad', 'Husseini'), person('Hassan', 'Mahmoud'));
    expect(result.score).toBeLessThan(DUPLICATE_THRESHOLD);
  });

  it('ranks the same person under another spelling above a namesake born years apart', () => {
    const newcomer = person('Muhammad', 'Hosseini');
    const same = scoreDuplicate(newcomer, person('Mohammad', 'Husseini'));
    const namesake = scoreDuplicate(newcomer, person('Mohammad', 'Hosseini', { dateOfBirth: '1984-07-01', nationalities: ['IRN'] }));
    expect(same.score).toBeGreaterThan(namesake.score);
    expect(same.evidence).toEqual(['similar_name', 'same_date_of_birth', 'shared_nationality']);
    expect(namesake.evidence).toContain('other_date_of_birth');
  });

  it('counts a day and month swapped as a close date of birth, and another sex against', () => {
    const swapped = scoreDuplicate(person('Tesfay', 'Gebremedhin', { dateOfBirth: '1998-06-05' }), person('Tesfaye', 'Gebremedhin', { dateOfBirth: '1998-05-06' }));
    expect(swapped.evidence).toContain('close_date_of_birth');
    const otherSex = scoreDuplicate(person('Tesfay', 'Gebremedhin', { sex: 'female' }), person('Tesfaye', 'Gebremedhin'));
    expect(otherSex.evidence).toContain('other_sex');
    expect(otherSex.score).toBeLessThan(swapped.score);
  });

  it('weighs a shared common given name less than a shared family name', () => {
    expect(nameSimilarity(['mohammad', 'rahimi'], ['mohammad', 'karimi'])).toBeLessThan(NAME_FLOOR);
    expect(nameSimilarity(['mohammad', 'rahimi'], ['rahimi'])).toBeGreaterThan(nameSimilarity(['reza', 'rahimi'], ['rahimi']));
    expect(scoreDuplicate(person('Mohammad', 'Rahimi'), person('Mohammad', 'Nazari')).score).toBeLessThan(DUPLICATE_THRESHOLD);
  });

  it('takes a shared identity document as the same person, whatever the spelling', () => {
    const passport = { kind: 'passport', value: 'P 123-456', issuingCountry: 'AFG' };
    const result = scoreDuplicate(person('Gul', 'Ahmadzai', { identifiers: [passport] }), person('Golab', 'Ahmadzay', { dateOfBirth: '1991-01-01', identifiers: [{ ...passport, value: 'p123456' }] }));
    expect(result.score).toBeGreaterThanOrEqual(0.99);
    expect(result.evidence).toContain('same_identifier');
  });
});
