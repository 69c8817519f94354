import { stringify } from 'csv-stringify/sync';
import type { RegisterEntry, RegisterRow } from './register.service.js';

export const REGISTER_COLUMNS = ['stayId', 'personId', 'familyName', 'givenNames', 'dateOfBirth', 'sex', 'nationalities', 'unit', 'bed', 'checkedInAt', 'checkedOutAt', 'exitReason', 'destination', 'entries'] as const;

/** Spreadsheet programs run cells starting with these as formulas: prefix them. */
const defuse = (value: unknown) => (typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** An entry in one line: its time, its kind and its facts in alphabetical order (`2026-11-20T21:40:00.000Z placement authorisedUntil=… legalLimitAt=…`). */
export function registerEntryText(entry: RegisterEntry): string {
  const facts = Object.entries(entry)
    .filter(([key]) => key !== 'at' && key !== 'kind')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${String(value).replace(/[;\r\n]+/g, ' ')}`);
  return [entry.at, entry.kind, ...facts].join(' ');
}

/** The register as CSV, one row per stay with its entries in one cell (separated by "; "), for the API and the register page alike. */
export function registerCsv(rows: RegisterRow[]): string {
  return stringify(
    rows.map((row) => REGISTER_COLUMNS.map((column) => defuse(column === 'entries' ? row.entries.map(registerEntryText).join('; ') : row[column]))),
    { header: true, columns: [...REGISTER_COLUMNS] },
  );
}
