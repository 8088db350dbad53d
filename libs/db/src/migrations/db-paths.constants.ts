import { resolve } from 'node:path';

// Two levels up from src/migrations (tests, tsx) and from dist/migrations (built code) alike.
const LIB_ROOT = resolve(__dirname, '..', '..');

/** The `db` library's own Prisma schema. */
export const DB_SCHEMA_PATH = resolve(LIB_ROOT, 'prisma', 'schema.prisma');
/** The `db` library's migration history. */
export const DB_MIGRATIONS_DIR = resolve(LIB_ROOT, 'prisma', 'migrations');
