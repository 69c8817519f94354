// Records the SQL the server sends to PostgreSQL, and asks PostgreSQL how it would run each
// statement. The server (TypeORM and the session store) talks to PostgreSQL through
// pg.Client#query, so wrapping that one method sees every statement with its parameters.
import pg from 'pg';

export interface CapturedStatement {
  text: string;
  values: unknown[];
}

type Query = (this: pg.Client, config: unknown, values?: unknown, callback?: unknown) => unknown;

export interface SqlCapture {
  /** The statements sent while `work` runs, in order. */
  during(work: () => Promise<unknown>): Promise<{ statements: CapturedStatement[] }>;
  /** Statements sent on this client (the test's own) are never recorded. */
  ignore(client: pg.Client): void;
  uninstall(): void;
}

export function installSqlCapture(): SqlCapture {
  const prototype = pg.Client.prototype as unknown as { query: Query };
  const original = prototype.query;
  const ignored = new WeakSet<pg.Client>();
  let recording: CapturedStatement[] | null = null;
  prototype.query = function query(this: pg.Client, config: unknown, values?: unknown, callback?: unknown) {
    if (recording && !ignored.has(this)) {
      const text = typeof config === 'string' ? config : (config as { text?: string } | undefined)?.text;
      const params = Array.isArray(values) ? values : (config as { values?: unknown[] } | undefined)?.values;
      if (text) recording.push({ text, values: [...(params ?? [])] });
    }
    return original.call(this, config, values, callback);
  };
  return {
    async during(work) {
      if (recording) throw new Error('a capture is already running');
      recording = [];
      try {
        await work();
        return { statements: recording };
      } finally {
        recording = null;
      }
    },
    ignore: (client) => ignored.add(client),
    uninstall: () => {
      prototype.query = original;
    },
  };
}

/** Statements a plan can be asked for; transaction control, SET and the like have none. */
export const plannable = (text: string) => /^\s*(?:\(\s*)*(select|insert|update|delete|with)\b/i.test(text);

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Alias?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

/**
 * The plan PostgreSQL would choose with sequential scans priced out of reach: any Seq Scan
 * left in it is one no index can replace. EXPLAIN without ANALYZE executes nothing, so
 * writes are planned, not made; the transaction is rolled back all the same.
 */
export async function planWithoutSeqScans(client: pg.Client, statement: CapturedStatement): Promise<PlanNode> {
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL enable_seqscan = off');
    const result = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${statement.text}`, statement.values);
    return result.rows[0]['QUERY PLAN'][0].Plan;
  } finally {
    await client.query('ROLLBACK');
  }
}

/** Every Seq Scan node of a plan on a table, with the filter it applies. */
export function seqScans(plan: PlanNode): { table: string; filter?: string }[] {
  const found: { table: string; filter?: string }[] = [];
  const walk = (node: PlanNode) => {
    if (node['Node Type'] === 'Seq Scan' && node['Relation Name']) found.push({ table: node['Relation Name'], filter: node.Filter });
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan);
  return found;
}

/** Every table a plan reads, by whatever kind of scan. */
export function scannedTables(plan: PlanNode): string[] {
  const found = new Set<string>();
  const walk = (node: PlanNode) => {
    if (node['Relation Name']) found.add(node['Relation Name']);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan);
  return [...found];
}

/** A statement on one line, for failure messages; a long one keeps its start and its end (FROM, WHERE). */
export const oneLine = (text: string, max = 500) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max / 2)} … ${flat.slice(-max / 2)}` : flat;
};
