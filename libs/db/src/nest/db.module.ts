import { Module } from '@nestjs/common';

import { DbConfigurableModule } from './db.module-definition';
import { PrismaService } from './prisma.service';

/**
 * Provides PrismaService. `DbModule.register({ databaseUrl })`, or `registerAsync` with a factory
 * that reads the validated config (DATABASE_URL). Register `databaseReadinessProbe(prisma)` with
 * the service's health module so /readyz covers PostgreSQL.
 */
@Module({
  exports: [PrismaService],
  providers: [PrismaService],
})
export class DbModule extends DbConfigurableModule {}
