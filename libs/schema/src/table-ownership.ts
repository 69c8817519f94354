import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Which context owns each table, and where SQL in one context names a table of another. A table is
 * owned by the context whose `@Entity` declares it; the few tables no entity maps are declared here.
 * The coupling this finds is invisible to the compiler and to the module graph: a statement in
 * `libs/privacy` that reads `welfare_checks` breaks at run time when welfare renames a column.
 */
const TABLES_WITHOUT_ENTITY: Record<string, string> = {
  audit_anchors: 'audit',
  audit_chain: 'audit',
  audit_checkpoints: 'audit',
  audit_pending: 'audit',
  // Summaries the reports read, kept by triggers their migrations create.
  interpreter_use_months: 'reports',
  occupancy_months: 'reports',
  people_served_days: 'reports',
  stay_visits: 'reports',
};

/** SQL keywords after which a table is named, in upper case as the code base writes them. */
const TABLE_AFTER = /\b(?:FROM|JOIN|INTO|UPDATE|DELETE FROM|TRUNCATE|REFERENCES|TABLE)\s+(?:ONLY\s+)?"?([a-z_][a-z0-9_]*)"?/g;

export interface ForeignReference {
  context: string;
  file: string;
  table: string;
  owner: string;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every table and its owning context, from the entities of each lib. */
export function tableOwners(root: string): Map<string, string> {
  const owners = new Map(Object.entries(TABLES_WITHOUT_ENTITY));
  const libs = join(root, 'libs');
  for (const context of readdirSync(libs)) {
    for (const file of sourceFiles(join(libs, context, 'src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/@Entity\(\s*'([a-z_]+)'/g)) owners.set(match[1], context);
    }
  }
  return owners;
}

/** Every place a lib's SQL names a table another context owns (one entry per occurrence). */
export function foreignReferences(root: string): ForeignReference[] {
  const owners = tableOwners(root);
  const found: ForeignReference[] = [];
  const libs = join(root, 'libs');
  for (const context of readdirSync(libs)) {
    // The schema lib gathers every entity for the migrations: it owns no table and queries none.
    if (context === 'schema') continue;
    for (const file of sourceFiles(join(libs, context, 'src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(TABLE_AFTER)) {
        const owner = owners.get(match[1]);
        if (owner && owner !== context) found.push({ context, file: relative(root, file), table: match[1], owner });
      }
    }
  }
  return found;
}

/** The references counted per context and table, as `context → table (owner)`. */
export function countByPair(references: ForeignReference[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { context, table, owner } of references) {
    const key = `${context} → ${table} (${owner})`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}
