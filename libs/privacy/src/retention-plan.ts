import type { RetentionCategory } from '@escale/platform';
import { type ColumnSpec, DATA_CLASSIFICATION, type Generalisation, isErased, periodOf, specOf, type Subject, type TableSpec } from './data-classification.js';

/** One statement of a run: its kind (for the run's details), SQL over the people `$1` returning `person_id`, and further parameters. */
export type RetentionStep = [kind: string, sql: string, params?: unknown[]];

const MICROSECOND = `interval '1 microsecond'`;

/** The rows of a table that belong to the people `ref` (`= ANY($1)` or `= p.id`). */
function belongs(subject: Subject, ref: string): string {
  const own = subject.match ? subject.match.replaceAll('{person}', ref) : `${subject.personId} ${ref}`;
  return subject.where ? `${subject.where} AND ${own}` : own;
}
const fromClause = (subject: Subject, keyword: 'FROM' | 'USING') => (subject.from ? ` ${keyword} ${subject.from}` : '');

interface Erasure {
  column: string;
  to: string;
}

function erasures(table: TableSpec, category: RetentionCategory): Erasure[] {
  if (table.deleteAfter) return [];
  return Object.entries(table.columns)
    .map(([column, value]) => [column, specOf(value)] as const)
    .filter(([, spec]) => isErased(spec) && periodOf(spec) === category)
    .map(([column, spec]) => ({ column, to: spec.to ?? 'NULL' }));
}

const changed = (list: { column: string; to: string }[], row = 't') => list.map(({ column, to }) => `${row}.${column} IS DISTINCT FROM ${to}`).join(' OR ');

/**
 * The SQL a generalisation gives for column `x` of row `t`. A stay keeps its nights (a person
 * present at a local midnight), the local days of its arrival and departure, and stays inside
 * its own bounds, so no other stay of the bed or the person can overlap it: check-in moves to
 * the last instant of its day, check-out to the first of its; a stay within one day becomes an
 * instant. A time already at midnight is kept.
 */
export function generalised(how: Exclude<Generalisation, 'keep'>, column: string, subject: Subject, tieBreak = 't.ctid'): string {
  const zone = subject.timezone ?? `'UTC'`;
  const x = `t.${column}`;
  const dayOf = (value: string) => `date_trunc('day', ${value}, ${zone})`;
  if (typeof how === 'object') return how.sql;
  if (how === 'year_band') return `CASE WHEN ${x} IS NULL THEN NULL ELSE make_date(extract(year FROM ${x})::int - extract(year FROM ${x})::int % 5, 1, 1) END`;
  if (how === 'day') {
    return `CASE WHEN ${x} IS NULL OR ${x} = ${dayOf(x)} THEN ${x}
                 ELSE ${dayOf(x)} + row_number() OVER (PARTITION BY ${subject.personId}, ${dayOf(x)} ORDER BY ${x}, ${tieBreak}) * ${MICROSECOND} END`;
  }
  const start = 't.checked_in_at';
  const end = 't.checked_out_at';
  const sameDay = `(${end} <> ${dayOf(end)} AND ${dayOf(end)} = ${dayOf(start)})`;
  if (how === 'stay_start') {
    return `CASE WHEN ${end} IS NULL OR ${start} = ${dayOf(start)} THEN ${start}
                 WHEN ${sameDay} THEN ${dayOf(start)} + ${MICROSECOND}
                 ELSE greatest(${start}, ${dayOf(`${dayOf(start)} + interval '25 hours'`)} - ${MICROSECOND}) END`;
  }
  return `CASE WHEN ${end} IS NULL OR ${end} = ${dayOf(end)} THEN ${end}
               WHEN ${sameDay} THEN ${dayOf(start)} + ${MICROSECOND}
               ELSE least(${end}, ${dayOf(end)} + ${MICROSECOND}) END`;
}

function generalisations(table: TableSpec): [column: string, how: Exclude<Generalisation, 'keep'>][] {
  return Object.entries(table.columns)
    .map(([column, value]) => [column, specOf(value)] as const)
    .filter((entry): entry is readonly [string, ColumnSpec & { generalise: Exclude<Generalisation, 'keep'> }] => entry[1].class === 'quasi_identifier' && entry[1].generalise !== undefined && entry[1].generalise !== 'keep')
    .map(([column, spec]) => [column, spec.generalise]);
}

/** Records of a person on the same day keep the order they are read in: by their times, then id. */
const tieBreak = (table: TableSpec, columns: [string, unknown][]) =>
  [...columns.filter(([, how]) => how === 'day').map(([column]) => `t.${column}`), 'id' in table.columns ? 't.id' : 't.ctid'].join(', ');

const personTables = () => Object.entries(DATA_CLASSIFICATION).filter((entry): entry is [string, TableSpec & { subject: Subject }] => entry[1].subject !== null && entry[1].subject !== 'household');
const householdTables = () => Object.entries(DATA_CLASSIFICATION).filter(([, table]) => table.subject === 'household');

/** A household's rows once every member who stayed with it is anonymised, for a batch of people `$1`. */
const HOUSEHOLD_DONE = `t.id IN (SELECT s.household_id FROM stays s WHERE s.person_id = ANY($1))
  AND NOT EXISTS (SELECT 1 FROM stays s JOIN people q ON q.id = s.person_id WHERE s.household_id = t.id AND q.anonymised_at IS NULL)`;
const HOUSEHOLD_ZONE = `coalesce((SELECT z.timezone FROM stays s JOIN centres z ON z.id = s.centre_id WHERE s.household_id = t.id LIMIT 1), 'UTC')`;

/**
 * The statements that erase a category for the people `$1`, made from the classification: rows
 * that are a record of the category are deleted, the category's columns set to their erased
 * value; at identity, the quasi-identifiers are generalised too and a household loses its label
 * once all who stayed with it are anonymised.
 */
export function erasureSteps(category: RetentionCategory): RetentionStep[] {
  const steps: RetentionStep[] = [];
  for (const [name, table] of personTables()) {
    const { subject } = table;
    if (table.deleteAfter === category) {
      steps.push([`${name}.deleted`, `DELETE FROM ${name} t${fromClause(subject, 'USING')} WHERE ${belongs(subject, '= ANY($1)')} RETURNING ${subject.personId} AS person_id`]);
      continue;
    }
    const list = erasures(table, category);
    if (list.length > 0) {
      steps.push([
        `${name}.${category}`,
        `UPDATE ${name} t SET ${list.map(({ column, to }) => `${column} = ${to}`).join(', ')}${fromClause(subject, 'FROM')}
          WHERE ${belongs(subject, '= ANY($1)')} AND (${changed(list)}) RETURNING ${subject.personId} AS person_id`,
      ]);
    }
  }
  if (category !== 'identity') return steps;
  for (const [name, table] of personTables()) {
    const columns = generalisations(table);
    if (columns.length === 0 || table.deleteAfter) continue;
    const { subject } = table;
    const source = subject.from ? `${name} t, ${subject.from}` : `${name} t`;
    steps.push([
      `${name}.generalised`,
      `UPDATE ${name} t SET ${columns.map(([column]) => `${column} = g.${column}`).join(', ')}
         FROM (SELECT t.ctid AS row_id, ${subject.personId} AS person_id, ${columns.map(([column, how]) => `${generalised(how, column, subject, tieBreak(table, columns))} AS ${column}`).join(', ')}
                 FROM ${source} WHERE ${belongs(subject, '= ANY($1)')}) g
        WHERE t.ctid = g.row_id AND (${columns.map(([column]) => `t.${column} IS DISTINCT FROM g.${column}`).join(' OR ')})
        RETURNING g.person_id`,
    ]);
  }
  for (const [name, table] of householdTables()) {
    const list = erasures(table, 'identity');
    if (list.length > 0) {
      steps.push([`${name}.identity`, `UPDATE ${name} t SET ${list.map(({ column, to }) => `${column} = ${to}`).join(', ')} WHERE ${HOUSEHOLD_DONE} AND (${changed(list)}) RETURNING NULL::uuid AS person_id`]);
    }
    const columns = generalisations(table);
    if (columns.length > 0) {
      const subject: Subject = { personId: 't.id', timezone: HOUSEHOLD_ZONE };
      steps.push([
        `${name}.generalised`,
        `UPDATE ${name} t SET ${columns.map(([column]) => `${column} = g.${column}`).join(', ')}
           FROM (SELECT t.ctid AS row_id, ${columns.map(([column, how]) => `${generalised(how, column, subject)} AS ${column}`).join(', ')} FROM ${name} t WHERE ${HOUSEHOLD_DONE}) g
          WHERE t.ctid = g.row_id AND (${columns.map(([column]) => `t.${column} IS DISTINCT FROM g.${column}`).join(' OR ')})
          RETURNING NULL::uuid AS person_id`,
      ]);
    }
  }
  return steps;
}

/**
 * Households no one ever stayed with (a group recorded on arrival and then not housed together):
 * about no one person, their identifying columns are erased once the identity period has passed
 * since they were recorded (`$1`).
 */
export function unlinkedHouseholdSteps(): RetentionStep[] {
  return householdTables().flatMap(([name, table]) => {
    const list = erasures(table, 'identity');
    if (list.length === 0) return [];
    return [
      [
        `${name}.unlinked_erased`,
        `UPDATE ${name} t SET ${list.map(({ column, to }) => `${column} = ${to}`).join(', ')}
          WHERE t.created_at <= $1 AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.household_id = t.id) AND (${changed(list)})
          RETURNING NULL::uuid AS person_id`,
      ] satisfies RetentionStep,
    ];
  });
}

/** An SQL condition: the person `p` has something of the category left to erase. */
export function holdsCategory(category: Exclude<RetentionCategory, 'identity'>): string {
  const parts: string[] = [];
  for (const [name, table] of personTables()) {
    const { subject } = table;
    const source = subject.from ? `${name} t, ${subject.from}` : `${name} t`;
    if (table.deleteAfter === category) parts.push(`EXISTS (SELECT 1 FROM ${source} WHERE ${belongs(subject, '= p.id')})`);
    else {
      const list = erasures(table, category);
      if (list.length > 0) parts.push(`EXISTS (SELECT 1 FROM ${source} WHERE ${belongs(subject, '= p.id')} AND (${changed(list)}))`);
    }
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

/**
 * SQL counting a table's rows about the person `$1` that still hold a personal value (or, for a
 * table of records deleted whole, that still exist): zero for everyone anonymised.
 */
export function personalDataLeft(name: string): string | null {
  const table = DATA_CLASSIFICATION[name];
  if (!table || table.subject === null || table.subject === 'household') return null;
  const { subject } = table;
  const source = subject.from ? `${name} t, ${subject.from}` : `${name} t`;
  if (table.deleteAfter) return `SELECT count(*)::int AS n FROM ${source} WHERE ${belongs(subject, '= $1')}`;
  const list = (['documents', 'notices', 'health', 'identity'] as const).flatMap((category) => erasures(table, category));
  return list.length ? `SELECT count(*)::int AS n FROM ${source} WHERE ${belongs(subject, '= $1')} AND (${changed(list)})` : null;
}
