/** Bulk loading helpers: big set-based inserts from column arrays, and index work done once at the end. */
import type pg from 'pg';

export type ColumnType = 'uuid' | 'text' | 'int' | 'bigint' | 'bool' | 'date' | 'ms' | 'jsonb' | 'text[]' | 'char3[]' | 'uuid[]';

export interface Column<T> {
  name: string;
  type: ColumnType;
  value: (item: T, index: number) => unknown;
}

const PARAM_TYPE: Record<ColumnType, string> = {
  uuid: 'uuid[]',
  text: 'text[]',
  int: 'int[]',
  bigint: 'bigint[]',
  bool: 'bool[]',
  date: 'date[]',
  ms: 'bigint[]',
  // A JSON value travels as its text and is cast in the select.
  jsonb: 'text[]',
  // Arrays travel as their literal ('{fa,en}') and are cast in the select.
  'text[]': 'text[]',
  'char3[]': 'text[]',
  'uuid[]': 'text[]',
};

const selectExpression = (column: string, type: ColumnType) => {
  switch (type) {
    case 'ms':
      return `timestamptz 'epoch' + ${column} * interval '1 millisecond'`;
    case 'jsonb':
      return `${column}::jsonb`;
    case 'text[]':
      return `${column}::varchar[]`;
    case 'char3[]':
      return `${column}::char(3)[]`;
    case 'uuid[]':
      return `${column}::uuid[]`;
    default:
      return column;
  }
};

const quoted = (value: string) => `"${value.replace(/(["\\])/g, '\\$1')}"`;

/** One element of an array literal, as PostgreSQL reads it. */
function element(type: ColumnType, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  switch (type) {
    case 'ms':
      return String(Math.round(value as number));
    case 'int':
    case 'bigint':
      return String(value);
    case 'bool':
      return value ? 't' : 'f';
    case 'uuid':
    case 'date':
      return value as string;
    case 'text':
      return quoted(value as string);
    case 'jsonb':
      return quoted(JSON.stringify(value));
    default:
      // An array column travels as the quoted text of its own literal.
      return quoted(`{${(value as string[]).map(quoted).join(',')}}`);
  }
}

/**
 * Inserts `count` rows, `batch` at a time, each batch one INSERT … SELECT … FROM unnest(…):
 * a few statements for a million rows rather than a million statements. Each column is sent
 * as one array literal, written here, which is far cheaper than letting the driver convert
 * a million values one by one.
 */
export async function insertRows<T>(client: pg.ClientBase, table: string, columns: Column<T>[], items: readonly T[], batch = 25_000): Promise<number> {
  const names = columns.map((column) => column.name).join(', ');
  const aliases = columns.map((_, i) => `c${i}`);
  const sql = `INSERT INTO ${table} (${names})
    SELECT ${columns.map((column, i) => selectExpression(aliases[i], column.type)).join(', ')}
      FROM unnest(${columns.map((column, i) => `$${i + 1}::${PARAM_TYPE[column.type]}`).join(', ')}) AS t(${aliases.join(', ')})`;
  for (let from = 0; from < items.length; from += batch) {
    const to = Math.min(items.length, from + batch);
    const params = columns.map((column) => {
      const parts: string[] = new Array(to - from);
      // Times are whole milliseconds (rounding keeps their order, so no check can tip over).
      for (let i = from; i < to; i++) parts[i - from] = element(column.type, column.value(items[i], i));
      return `{${parts.join(',')}}`;
    });
    await client.query(sql, params);
  }
  return items.length;
}

export interface DeferredSchema {
  indexes: { name: string; table: string; definition: string }[];
  constraints: { name: string; table: string; type: string; definition: string }[];
}

/**
 * Drops the secondary indexes, exclusion constraints and foreign keys of the tables about to be
 * filled, so PostgreSQL builds and checks each once over the whole table rather than row by
 * row (as a restore does). `restoreSchema` puts back exactly what was there, which re-checks
 * every row against every constraint.
 */
export async function deferSchema(client: pg.ClientBase, tables: string[]): Promise<DeferredSchema> {
  const { rows: indexes } = await client.query<{ name: string; table: string; definition: string }>(
    `SELECT ic.relname AS name, tc.relname AS table, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = tc.relnamespace
      WHERE n.nspname = 'public' AND tc.relname = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY tc.relname, ic.relname`,
    [tables],
  );
  const { rows: constraints } = await client.query<{ name: string; table: string; type: string; definition: string }>(
    `SELECT k.conname AS name, tc.relname AS table, k.contype AS type, pg_get_constraintdef(k.oid) AS definition
       FROM pg_constraint k JOIN pg_class tc ON tc.oid = k.conrelid JOIN pg_namespace n ON n.oid = tc.relnamespace
      WHERE n.nspname = 'public' AND k.contype IN ('f', 'x')
        AND (tc.relname = ANY($1) OR k.confrelid IN (SELECT c.oid FROM pg_class c WHERE c.relname = ANY($1) AND c.relnamespace = n.oid))
      ORDER BY k.contype DESC, tc.relname, k.conname`,
    [tables],
  );
  for (const constraint of constraints) await client.query(`ALTER TABLE "${constraint.table}" DROP CONSTRAINT "${constraint.name}"`);
  for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`);
  return { indexes, constraints };
}

export async function restoreSchema(client: pg.ClientBase, deferred: DeferredSchema, progress: (what: string) => void): Promise<void> {
  for (const index of deferred.indexes) {
    progress(`index ${index.name}`);
    await client.query(index.definition);
  }
  // Exclusion constraints first (they build their own indexes), then the foreign keys.
  for (const constraint of deferred.constraints) {
    progress(`constraint ${constraint.name}`);
    await client.query(`ALTER TABLE "${constraint.table}" ADD CONSTRAINT "${constraint.name}" ${constraint.definition}`);
  }
}

/** Fails when an index or constraint captured before the load is missing or different after it. */
export async function assertSchemaRestored(client: pg.ClientBase, tables: string[], before: DeferredSchema): Promise<void> {
  // Constraint names are unique per table only; names here are unique across the schema.
  const after = await client.query<{ name: string; definition: string }>(
    `SELECT 'index ' || ic.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid
      WHERE tc.relname = ANY($1)
     UNION ALL
     SELECT 'constraint ' || k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k
      WHERE k.contype IN ('f', 'x')`,
    [tables],
  );
  // PostgreSQL prints a re-created expression with its casts in other places: compare without them.
  const normalised = (definition: string | undefined) => definition?.replace(/::[a-z_ ]+(\[\])?/g, '').replace(/[()\s]/g, '');
  const present = new Map(after.rows.map((row) => [row.name, normalised(row.definition)]));
  const expected = [...before.indexes.map((item) => ({ ...item, name: `index ${item.name}` })), ...before.constraints.map((item) => ({ ...item, name: `constraint ${item.name}` }))];
  const missing = expected.filter((item) => present.get(item.name) !== normalised(item.definition));
  if (missing.length) throw new Error(`the schema was not restored: ${missing.map((item) => item.name).join(', ')}`);
}
