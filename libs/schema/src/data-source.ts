import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import { dataSourceOptions, loadConfigOrExit } from '@escale/platform';
import { ENTITIES } from './entities.js';

// Run from dist/libs/schema/src: the compiled migrations are in dist/migrations.
export const MIGRATIONS_GLOB = fileURLToPath(new URL('../../../migrations/*.js', import.meta.url));

/** The data source of the migration CLI (`npm run migrate`, `npm run migration:generate`). */
export default new DataSource(dataSourceOptions(loadConfigOrExit(), ENTITIES, [MIGRATIONS_GLOB]));
