import { DomainError, NotFound } from '@escale/platform';
import { importFileRefused } from '@escale/reports';
import { ReportFormat } from './report-view.js';
import { formatImportTotals, importProblem, parseImportTotals } from './spend-import.js';

const en = new ReportFormat('en');
const fr = new ReportFormat('fr');
const MB = 1024 * 1024;

describe('importProblem', () => {
  it('lists every bad row with its column, in the page’s language', () => {
    const error = new DomainError('VALIDATION_FAILED', 'The file has errors; nothing was imported.', {
      rows: [
        { row: 3, field: 'category', message: 'must be one of accommodation, …' },
        { row: 3, field: 'amount', message: 'must be a positive amount such as 1234.56' },
        { row: 7, field: 'somethingNew', message: 'is odd' },
      ],
    });
    const problem = importProblem(error, fr, 5 * MB);
    expect(problem.status).toBe(400);
    expect(problem.message).toBe(fr.t('spend.import.refused'));
    expect(problem.fileMessages).toEqual([]);
    expect(problem.rows).toEqual([
      { row: 3, column: 'category', message: expect.stringContaining('legal_aid') },
      { row: 3, column: 'amount', message: fr.t('spend.importError.amount') },
      { row: 7, column: 'somethingNew', message: 'is odd' },
    ]);
  });

  it('says what is wrong with the file as a whole', () => {
    const error = importFileRefused([
      { problem: 'missingColumn', column: 'fundingSource' },
      { problem: 'unknownColumn', column: 'colour' },
      { problem: 'tooManyLines', max: 20_000 },
    ]);
    // The API keeps its English words for each problem; the page says them from the codes.
    expect(error.details.fields).toEqual({ file: ['has no column fundingSource', 'has an unknown column colour', 'holds more than 20000 lines'] });
    expect(importProblem(error, en, 5 * MB).fileMessages).toEqual([
      en.t('spend.importError.missingColumn', { column: 'fundingSource' }),
      en.t('spend.importError.unknownColumn', { column: 'colour' }),
      en.t('spend.importError.tooManyLines', { max: '20,000' }),
    ]);
    expect(importProblem(error, fr, 5 * MB).fileMessages[2]).toBe(fr.t('spend.importError.tooManyLines', { max: fr.number(20_000) }));
    const unreadable = importFileRefused([{ problem: 'unreadable' }], 'Invalid Closing Quote');
    expect(unreadable.details.fields).toEqual({ file: ['is not a readable CSV file: Invalid Closing Quote'] });
    expect(importProblem(unreadable, en, MB).fileMessages).toEqual([en.t('spend.importError.unreadable')]);
    expect(importProblem(importFileRefused([{ problem: 'noFile' }]), fr, MB).fileMessages).toEqual([fr.t('spend.importError.noFile')]);
  });

  it('says how large a file may be', () => {
    const problem = importProblem(new DomainError('PAYLOAD_TOO_LARGE', 'too large'), en, 5 * MB);
    expect(problem.status).toBe(413);
    expect(problem.fileMessages).toEqual([en.t('spend.importError.tooLarge', { size: '5' })]);
  });

  it('leaves any other error to the error page', () => {
    expect(() => importProblem(new NotFound('centre'), en, MB)).toThrow(NotFound);
    expect(() => importProblem(new Error('bug'), en, MB)).toThrow('bug');
  });
});

describe('import totals in the page address', () => {
  it('round-trips', () => {
    const totals = [
      { currency: 'EUR', amountCents: 123456 },
      { currency: 'GBP', amountCents: 5 },
    ];
    expect(parseImportTotals(formatImportTotals(totals))).toEqual(totals);
  });

  it('ignores anything that is not totals', () => {
    expect(parseImportTotals(undefined)).toEqual([]);
    expect(parseImportTotals('EUR:12,<b>:3')).toEqual([]);
    expect(parseImportTotals('eur:12')).toEqual([]);
  });
});
