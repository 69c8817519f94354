import { stringify } from 'csv-stringify/sync';
import type { AuditRecord } from './audit.service.js';

export const AUDIT_CSV_COLUMNS = ['seq', 'id', 'at', 'actorId', 'action', 'entityType', 'entityId', 'centreId', 'outcome', 'origin', 'requestId', 'subjectIds'] as const;

/** Spreadsheet programs run cells starting with these as formulas: prefix them. */
const defuse = (value: unknown) => (typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** Audit events as CSV rows, the header with the first batch only, so an export can be written batch by batch. */
export function auditCsv(rows: readonly AuditRecord[], withHeader: boolean): string {
  return stringify(
    rows.map((row) => AUDIT_CSV_COLUMNS.map((column) => defuse(column === 'at' ? row.atExact : column === 'subjectIds' ? row.subjectIds.join(' ') : row[column]))),
    { header: withHeader, columns: [...AUDIT_CSV_COLUMNS] },
  );
}
