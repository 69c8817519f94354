import { nameSkeleton, normaliseName, searchText } from './name-matching.js';

describe('name matching', () => {
  it('normalises case, accents and punctuation', () => {
    expect(normaliseName("  Élodie-Marie  N'Diaye ")).toBe('elodie marie n diaye');
    expect(normaliseName('Gößmann')).toBe('gossmann');
  });

  it.each([
    ['Mohammad', 'Muhammad'],
    ['Mohammad', 'Mohamed'],
    ['Mohammed', 'Muhammed'],
    ['Hosseini', 'Husseini'],
    ['Tesfay', 'Tesfaye'],
    ['Ahmad', 'Ahmed'],
    ['Youssef', 'Yusuf'],
    ['Abdulrahman', 'Abdourahmane'],
    ['Khaled', 'Khalid'],
    ['Shirin', 'Chirine'],
  ])('gives %s and %s the same skeleton', (a, b) => {
    expect(nameSkeleton(a)).toBe(nameSkeleton(b));
  });

  it.each([
    ['Mohammad', 'Hosseini'],
    ['Tesfay', 'Tekle'],
    ['Amina', 'Omar'],
  ])('keeps %s and %s apart', (a, b) => {
    expect(nameSkeleton(a)).not.toBe(nameSkeleton(b));
  });

  it('joins every name and alias into the search text', () => {
    expect(searchText(['Hosseini', 'Ali Reza', 'Alireza'])).toBe('hosseini ali reza alireza');
  });
});
