// Generated client: PrismaClient, the Prisma namespace (input types, errors), model types, enums.
export * from './generated/prisma/client';

export { DEFAULT_SCHEMA, parseDatabaseUrl, type DatabaseTarget } from './client/database-url.util';
export { createPgAdapter, pgPoolConfig } from './client/pg-adapter.factory';
export { createPrismaClient, type CreatePrismaClientOptions } from './client/prisma-client.factory';
export {
  isPrismaError,
  isUniqueConstraintViolation,
  PrismaErrorCode,
} from './client/prisma-error.util';
export {
  DATABASE_PROBE_NAME,
  databaseReadinessProbe,
  pingDatabase,
  type DatabaseReadinessProbe,
} from './health/database-readiness.probe';
export {
  applyMigrations,
  type ApplyMigrationsOptions,
  type ApplyMigrationsResult,
} from './migrations/apply-migrations.util';
export {
  createMigration,
  type CreatedMigration,
  type CreateMigrationOptions,
} from './migrations/create-migration.util';
export { DB_MIGRATIONS_DIR, DB_SCHEMA_PATH } from './migrations/db-paths.constants';
export {
  diffMigrationsToSchema,
  type DiffMigrationsToSchemaOptions,
} from './migrations/diff-migrations-to-schema.util';
export { ensureDatabase } from './migrations/ensure-database.util';
export { DbModule } from './nest/db.module';
export { DB_MODULE_OPTIONS, type DbModuleOptions } from './nest/db.module-definition';
export { PrismaService } from './nest/prisma.service';
