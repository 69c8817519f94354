import { DomainError, NotFound, translate, ValidationFailed } from '@escale/platform';
import { CheckInDto } from '@escale/stays';
import { FormReader, formProblem, pagination, queryString, validated } from './forms.js';

describe('admin forms', () => {
  it('reads lists, whole numbers, checkboxes and euros as typed in a form', () => {
    const read = new FormReader();
    expect(read.list(' AFG, eri ;\nSYR ', (code) => code.toUpperCase())).toEqual(['AFG', 'ERI', 'SYR']);
    expect(read.list('')).toEqual([]);
    expect(read.text('  ')).toBeUndefined();
    expect(read.integer('12')).toBe(12);
    expect(read.integer('1.5')).toBe('1.5'); // left for the DTO to refuse
    expect(read.checked('true')).toBe(true);
    expect(read.checked(undefined)).toBe(false);
    expect(read.cents('amount', '12,5')).toBe(1250);
    expect(read.cents('amount', '20')).toBe(2000);
    expect(read.cents('amount', '0.07')).toBe(7);
    expect(read.problems).toEqual({});
    expect(read.cents('amount', '12,345')).toBeUndefined();
    expect(read.dateTime('at', 'tonight')).toBeUndefined();
    expect(Object.keys(read.problems)).toEqual(['amount', 'at']);
  });

  it('validates by the service DTO and reports every field, with the problems found while reading', async () => {
    const read = new FormReader();
    const error = await validated(
      CheckInDto,
      { person: { familyName: 'Hosseini', givenNames: undefined, dateOfBirth: '2001-02-30x', dobEstimated: false, sex: 'male', nationalities: ['AF'], languages: [] }, checkedInAt: read.dateTime('checkedInAt', 'nope') },
      read.problems,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationFailed);
    const fields = Object.keys((error as ValidationFailed).details.fields as object).sort();
    expect(fields).toEqual(['checkedInAt', 'person.dateOfBirth', 'person.givenNames', 'person.nationalities.0']);
  });

  it('turns a refusal into translated messages by field, and lets other errors through', () => {
    const fields = { 'person.familyName': { id: 'familyName', message: 'fieldError.familyName' as const } };
    const problem = formProblem(new ValidationFailed({ 'person.familyName': ['should not be empty'], person: ['either'] }), 'fr', fields);
    expect(problem).toMatchObject({ status: 400, message: translate('fr', 'errors.VALIDATION_FAILED'), fields: { familyName: translate('fr', 'fieldError.familyName') } });
    expect(problem.items).toEqual([{ id: 'familyName', message: translate('fr', 'fieldError.familyName') }]);

    const taken = formProblem(new DomainError('BED_OCCUPIED', 'The bed is occupied.'), 'en', {}, { BED_OCCUPIED: 'bedId' });
    expect(taken).toMatchObject({ status: 409, href: '#bedId', fields: { bedId: translate('en', 'errors.BED_OCCUPIED') } });

    expect(() => formProblem(new NotFound('centre'), 'en', {})).toThrow(NotFound);
    expect(() => formProblem(new Error('bug'), 'en', {})).toThrow('bug');
  });

  it('links to the previous and next pages', () => {
    expect(pagination({ items: [1, 2], total: 5, limit: 2, offset: 2 }, (offset) => `/x?offset=${offset}`)).toEqual({ from: 3, to: 4, total: 5, previous: '/x?offset=0', next: '/x?offset=4' });
    expect(pagination({ items: [], total: 0, limit: 50, offset: 0 }, String)).toMatchObject({ from: 0, previous: null, next: null });
    expect(queryString({ a: 'x y', b: undefined, c: '', d: 0 })).toBe('?a=x+y&d=0');
  });
});
