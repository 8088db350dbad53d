import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { PoolConfig } from 'pg';

export interface DbModuleOptions {
  /** postgresql://user:password@host:port/database[?schema=name] */
  databaseUrl: string;
  /** pg pool settings (max connections, timeouts). */
  pool?: PoolConfig;
  /** Log every query at debug level (noisy; for troubleshooting). */
  logQueries?: boolean;
}

export const {
  ConfigurableModuleClass: DbConfigurableModule,
  MODULE_OPTIONS_TOKEN: DB_MODULE_OPTIONS,
} = new ConfigurableModuleBuilder<DbModuleOptions>()
  .setExtras({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
