import { DomainError, isMessageKey, statusOf } from '@escale/platform';
import { type ImportFileProblem, type ImportRowError, SPEND_CATEGORIES } from '@escale/reports';
import type { ReportFormat } from './report-view.js';

/** What the import form shows when a file is refused: a summary, problems with the file as a whole, and each bad row. */
export interface ImportProblem {
  status: number;
  message: string;
  fileMessages: string[];
  rows: { row: number; column: string; message: string }[];
}

/** A problem with the file as a whole, by the code the service gives it. */
function fileMessage(problem: ImportFileProblem, fmt: ReportFormat): string {
  switch (problem.problem) {
    case 'missingColumn':
      return fmt.t('spend.importError.missingColumn', { column: problem.column });
    case 'unknownColumn':
      return fmt.t('spend.importError.unknownColumn', { column: problem.column });
    case 'empty':
      return fmt.t('spend.importError.empty');
    case 'tooManyLines':
      return fmt.t('spend.importError.tooManyLines', { max: fmt.number(problem.max) });
    case 'noFile':
      return fmt.t('spend.importError.noFile');
    default:
      return fmt.t('spend.importError.unreadable');
  }
}

function rowMessage(error: ImportRowError, fmt: ReportFormat): string {
  if (error.field === 'category') return fmt.t('spend.importError.category', { categories: SPEND_CATEGORIES.join(', ') });
  const key = `spend.importError.${error.field}`;
  return isMessageKey(key) ? fmt.t(key) : error.message;
}

/**
 * Turns a refused import into what the form shows: every row's errors (the service lists them
 * all, up to its limit), or what is wrong with the file itself. Any other error is thrown again,
 * for the error page.
 */
export function importProblem(error: unknown, fmt: ReportFormat, maxBytes: number): ImportProblem {
  if (!(error instanceof DomainError)) throw error;
  const status = statusOf(error.code);
  if (error.code === 'PAYLOAD_TOO_LARGE') {
    return { status, message: fmt.t('spend.import.refused'), fileMessages: [fmt.t('spend.importError.tooLarge', { size: fmt.number(maxBytes / (1024 * 1024)) })], rows: [] };
  }
  if (error.code !== 'VALIDATION_FAILED') throw error;
  const rows = (error.details.rows as ImportRowError[] | undefined) ?? [];
  const problems = (error.details.fileProblems as ImportFileProblem[] | undefined) ?? [];
  return {
    status,
    message: fmt.t('spend.import.refused'),
    fileMessages: problems.map((problem) => fileMessage(problem, fmt)),
    rows: rows.map((row) => ({ row: row.row, column: row.field, message: rowMessage(row, fmt) })),
  };
}

/** An import's outcome as the page's address carries it after the redirect: "EUR:123456,GBP:500". */
export function parseImportTotals(text: string | undefined): { currency: string; amountCents: number }[] {
  if (!text) return [];
  const totals = text.split(',').map((part) => /^([A-Z]{3}):(\d{1,16})$/.exec(part));
  if (totals.some((match) => !match)) return [];
  return totals.map((match) => ({ currency: match![1], amountCents: Number(match![2]) }));
}

export const formatImportTotals = (totals: readonly { currency: string; amountCents: number }[]): string =>
  totals.map((total) => `${total.currency}:${total.amountCents}`).join(',');
