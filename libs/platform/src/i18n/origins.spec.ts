import {
  countryName,
  isLanguageCode,
  isNationalityCode,
  languageCode,
  languageName,
  languageOptions,
  nationalityCode,
  nationalityOptions,
  originListProblems,
  originName,
} from './origins.js';

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

  it('knows the codes it stores: ISO 639-1, or three letters for a language with none; ISO 3166-1 alpha-3', () => {
    for (const code of ['ps', 'fa', 'ar', 'ti', 'am', 'so', 'sq', 'vi', 'tr', 'en', 'fr', 'prs', 'ckb', 'kmr', 'bal', 'tig', 'bej']) expect(isLanguageCode(code)).toBe(true);
    // Not languages, unknown, written otherwise, or the three-letter form of a two-letter code.
    for (const code of ['xx', 'zzz', 'und', 'mul', 'zxx', 'PS', 'fas', 'per', 'ara', 'p', 'pash', '']) expect(isLanguageCode(code)).toBe(false);
    for (const code of ['AFG', 'ERI', 'SDN', 'XKK']) expect(isNationalityCode(code)).toBe(true);
    for (const code of ['AF', 'afg', 'XYZ', 'AFGH', '']) expect(isNationalityCode(code)).toBe(false);
    // Everything the pickers offer is a code the API takes.
    for (const locale of ['en', 'fr'] as const) {
      for (const option of languageOptions(locale)) expect([option.code, isLanguageCode(option.code)]).toEqual([option.code, true]);
      for (const option of nationalityOptions(locale)) expect([option.code, isNationalityCode(option.code)]).toEqual([option.code, true]);
    }
  });

  it('names each refused item of a list by its index, and why: unknown, misspelt, or given twice', () => {
    expect([...originListProblems('language', ['prs', 'ps', 'fa'])]).toEqual([]);
    expect(Object.fromEntries(originListProblems('language', ['ps', 'xx', 'PS', 'fas', 'ps', 7]))).toEqual({
      1: 'is not an ISO 639 language code',
      2: 'must be in lower case: ps',
      3: 'is written fa (ISO 639-1)',
      4: 'repeats item 0',
      5: 'must be an ISO 639 language code',
    });
    expect(Object.fromEntries(originListProblems('nationality', ['AFG', 'AF', 'afg', 'XYZ', 'AFG']))).toEqual({
      1: 'must be an ISO 3166-1 alpha-3 code in upper case: AFG',
      2: 'must be an ISO 3166-1 alpha-3 code in upper case: AFG',
      3: 'is not an ISO 3166-1 alpha-3 country code',
      4: 'repeats item 0',
    });
  });

  it('shows a code by the name the picker offers for it, in the page language', () => {
    expect(originName('fr', 'language', 'ps')).toBe('pachto');
    expect(originName('en', 'language', 'prs')).toBe('Dari');
    expect(originName('fr', 'nationality', 'AFG')).toBe('Afghanistan');
    // A name two codes share carries its code, so that it reads back as that code.
    const kurmanji = originName('en', 'language', 'kmr');
    expect(languageCode(kurmanji)).toBe('kmr');
    expect(originName('en', 'language', 'qqq')).toBe('qqq');
  });
});
