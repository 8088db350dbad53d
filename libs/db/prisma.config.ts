// Prisma CLI configuration for the `db` schema. The project's own scripts
// (libs/db/scripts) drive the WebAssembly schema engine and do not need it;
// it is here so that the native CLI (`prisma migrate deploy`, `prisma studio`)
// works unchanged where its engines can be installed.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  datasource: process.env['DATABASE_URL'] ? { url: process.env['DATABASE_URL'] } : undefined,
  migrations: { path: 'prisma/migrations' },
  schema: 'prisma/schema.prisma',
});
