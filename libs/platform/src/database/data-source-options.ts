import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityList = MixedList<Function | string | EntitySchema>;
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type MigrationList = MixedList<Function | string>;

/** One definition of the connection, shared by both apps, the migration CLI and the tests. */
export function dataSourceOptions(config: AppConfig, entities: EntityList, migrations: MigrationList = []): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.databaseUrl,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    // TypeORM's own error log prints query parameters, which may be a person's data: off.
    logging: false,
    extra: { max: 10, application_name: 'escale' },
  };
}
