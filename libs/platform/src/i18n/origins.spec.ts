import { countryName, languageCode, languageName, languageOptions, nationalityCode, nationalityOptions } from './origins.js';

describe('nationalities and languages by name', () => {
  it('names a nationality in the page language from its alpha-3 code', () => {
    expect(countryName('en', 'ERI')).toBe('Eritrea');
    expect(countryName('fr', 'ERI')).toBe('Érythrée');
    expect(countryName('en', 'XYZ')).toBe('XYZ');
  });

  it('reads a nationality typed as a name in either language, an alpha-3 or an alpha-2 code', () => {
    expect(nationalityCode('Afghanistan')).toBe('AFG');
    expect(nationalityCode('  érythrée ')).toBe('ERI');
    expect(nationalityCode('Erythree')).toBe('ERI');
    expect(nationalityCode('Irak')).toBe('IRQ');
    expect(nationalityCode('sdn')).toBe('SDN');
    expect(nationalityCode('SY')).toBe('SYR');
    expect(nationalityCode('Atlantis')).toBe('Atlantis');
  });

  it('reads a language typed as a name in either language, or a code', () => {
    expect(languageCode('Tigrinya')).toBe('ti');
    expect(languageCode('tigrigna')).toBe('ti');
    expect(languageCode('Dari')).toBe('prs');
    expect(languageCode('pachto')).toBe('ps');
    expect(languageCode('Central Kurdish')).toBe('ckb');
    expect(languageCode('FA')).toBe('fa');
    expect(languageCode('Klingon')).toBe('Klingon');
  });

  it('offers the common nationalities and languages first, then the rest by name, each name once', () => {
    const nationalities = nationalityOptions('en');
    expect(nationalities.slice(0, 3).map((option) => option.code)).toEqual(['AFG', 'SYR', 'IRN']);
    expect(nationalities).toHaveLength(250);
    expect(nationalities.some((option) => option.code === 'XKK')).toBe(true); // Kosovo too, which ISO 3166-1 leaves to user-assigned codes
    const languages = languageOptions('fr');
    expect(languages.slice(0, 2)).toEqual([{ code: 'prs', name: 'dari' }, { code: 'ps', name: 'pachto' }]);
    expect(languages.find((option) => option.code === 'ti')?.name).toBe(languageName('fr', 'ti'));
    for (const options of [nationalities, languages, nationalityOptions('fr'), languageOptions('en')]) {
      expect(new Set(options.map((option) => option.name.toLowerCase())).size).toBe(options.length);
      // Every name offered reads back as its own code.
      for (const option of options) expect(option.code.length === 3 && option.code === option.code.toUpperCase() ? nationalityCode(option.name) : languageCode(option.name)).toBe(option.code);
    }
  });
});
