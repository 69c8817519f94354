import { translate, ValidationFailed } from '@escale/platform';
import { CheckInDto } from '@escale/stays';
import { formProblem, validated } from './forms.js';
import { checkOriginLists, originInputValues, originListField, originListFields, readOriginList } from './origins.forms.js';

describe('languages and nationalities on the forms', () => {
  it('reads the inputs in order, by name in either language or by code, skipping empty ones', () => {
    expect(readOriginList('language', ['dari', '', 'Pashto, ti', 'klingon'])).toEqual({ codes: ['prs', 'ps', 'ti', 'klingon'], inputs: [1, 3, 3, 4] });
    expect(readOriginList('nationality', ['Afghanistan', 'érythrée', 'sy'])).toEqual({ codes: ['AFG', 'ERI', 'SYR'], inputs: [1, 2, 3] });
    expect(readOriginList('language', ['', ' '])).toEqual({ codes: [], inputs: [] });
    expect(readOriginList('language', undefined)).toBeUndefined();
  });

  it('ties each refused item to the input it was typed in, with what is wrong with it', async () => {
    const languages = readOriginList('language', ['pachto', '', 'klingon', 'Pashto']);
    const error = await validated(CheckInDto, {
      person: { familyName: 'Ahmadi', givenNames: 'Gul', dateOfBirth: '2001-02-03', dobEstimated: false, sex: 'female', nationalities: ['AFG'], languages: languages!.codes },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect(Object.keys((error as ValidationFailed).details.fields as object).sort()).toEqual(['person.languages.1', 'person.languages.2']);
    const problem = formProblem(error, 'fr', originListFields('language', 'person.languages', 'languages', languages));
    expect(problem.fields).toEqual({ 'languages-3': translate('fr', 'origins.error.language'), 'languages-4': translate('fr', 'origins.error.languageTwice') });
  });

  it('checks lists outside a DTO by the same rules', () => {
    expect(() => checkOriginLists({ kind: 'language', path: 'person.languages', list: readOriginList('language', ['ps', 'dari']) })).not.toThrow();
    let refused: unknown;
    try {
      checkOriginLists(
        { kind: 'nationality', path: 'person.nationalities', list: readOriginList('nationality', ['Atlantis']) },
        { kind: 'language', path: 'person.languages', list: readOriginList('language', ['ps', 'ps']) },
      );
    } catch (error) {
      refused = error;
    }
    expect((refused as ValidationFailed).details.fields).toEqual({ 'person.nationalities.0': ['is not an ISO 3166-1 alpha-3 country code'], 'person.languages.1': ['repeats item 0'] });
  });

  it('shows fixed inputs in order, labelled first and others, with the recorded codes by name', () => {
    const field = originListField('fr', 'language', { name: 'languages', idPrefix: 'edit-languages', legend: 'person.languages', values: originInputValues('fr', 'language', ['ps', 'prs']), errors: { 'edit-languages-2': 'Non' } });
    expect(field.inputs).toEqual([
      { id: 'edit-languages-1', label: translate('fr', 'origins.language.main'), value: 'pachto', error: undefined },
      { id: 'edit-languages-2', label: translate('fr', 'origins.language.other', { number: 2 }), value: 'dari', error: 'Non' },
      { id: 'edit-languages-3', label: translate('fr', 'origins.language.other', { number: 3 }), value: '', error: undefined },
    ]);
    expect(field).toMatchObject({ invalid: true, max: 10, datalistId: 'edit-languages-names', labelOther: translate('fr', 'origins.language.other', { number: '{{number}}' }) });
    expect(field.options[0]).toEqual({ code: 'prs', name: 'dari' });
    expect(originListField('en', 'nationality', { name: 'nationalities', idPrefix: 'n', legend: 'person.nationalities' }).inputs).toHaveLength(2);
  });
});
