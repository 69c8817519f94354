import { stringify } from 'csv-stringify/sync';
import type { RegisterRow } from './stays.service.js';

export const REGISTER_COLUMNS = ['stayId', 'personId', 'familyName', 'givenNames', 'dateOfBirth', 'sex', 'nationalities', 'unit', 'bed', 'checkedInAt', 'checkedOutAt', 'exitReason', 'destination'] as const;

/** Spreadsheet programs run cells starting with these as formulas: prefix them. */
const defuse = (value: unknown) => (typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** The register as CSV, one row per stay, for the API and the register page alike. */
export function registerCsv(rows: RegisterRow[]): string {
  return stringify(
    rows.map((row) => REGISTER_COLUMNS.map((column) => defuse(row[column]))),
    { header: true, columns: [...REGISTER_COLUMNS] },
  );
}
