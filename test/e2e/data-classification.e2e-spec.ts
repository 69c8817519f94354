import pg from 'pg';
import { DATA_CLASSES, DATA_CLASSIFICATION, specOf } from '@escale/privacy';
import { createTestDatabase, dropTestDatabase } from '../support/databases.js';

describe('data classification', () => {
  let database: { name: string; url: string };
  let columns: string[];

  beforeAll(async () => {
    database = await createTestDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        `SELECT c.table_name || '.' || c.column_name AS name
           FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
          WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' ORDER BY 1`,
      );
      columns = rows.map((row) => row.name);
    } finally {
      await client.end();
    }
  });

  afterAll(async () => {
    if (database) await dropTestDatabase(database.name);
  });

  const classified = () => Object.entries(DATA_CLASSIFICATION).flatMap(([table, spec]) => Object.keys(spec.columns).map((column) => `${table}.${column}`));

  it('reads a real schema', () => {
    expect(columns.length).toBeGreaterThan(300);
    expect(columns).toContain('people.family_name');
  });

  it('classifies every column of the migrated schema', () => {
    const known = new Set(classified());
    expect(columns.filter((column) => !known.has(column))).toEqual([]);
  });

  it('classifies no column the schema no longer has', () => {
    const present = new Set(columns);
    expect(classified().filter((column) => !present.has(column))).toEqual([]);
  });

  it('uses only the documented classes', () => {
    const classes = Object.values(DATA_CLASSIFICATION).flatMap((spec) => Object.values(spec.columns).map((column) => specOf(column).class));
    expect(classes.filter((name) => !(name in DATA_CLASSES))).toEqual([]);
  });
});
