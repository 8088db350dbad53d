import { z } from 'zod';

import { urlField } from './config-fields.util';

/** PostgreSQL connection for services that use `@tickline/db`. */
export function databaseConfigFields() {
  return {
    DATABASE_URL: urlField({ protocols: ['postgres', 'postgresql'] })
      .meta({ sensitive: true })
      .describe('postgresql://user:password@host:port/database'),
  };
}

export type DatabaseConfig = z.output<z.ZodObject<ReturnType<typeof databaseConfigFields>>>;
