import { type DynamicModule, Module } from '@nestjs/common';
import {
  ConfigModule,
  HealthModule,
  LoggingModule,
  MetricsModule,
  serviceConfigFields,
  ShutdownModule,
} from '@tickline/service-kit';
import { z } from 'zod';

import { AdminModule } from '../admin/admin.module';
import { AssetsModule } from '../assets/assets.module';
import { AuthModule } from '../auth/auth.module';
import { BootstrapModule } from '../bootstrap/bootstrap.module';
import { CatalogModule } from '../catalog/catalog.module';
import { ExchangeConfigModule } from '../config/exchange-config.module';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import { DataSetsModule } from '../data-sets/data-sets.module';
import { EventActionsModule } from '../event-actions/event-actions.module';
import { EventsModule } from '../events/events.module';
import { JobsCoreModule } from '../jobs/jobs-core.module';
import { JobsModule } from '../jobs/jobs.module';
import { PersistenceModule } from '../persistence/persistence.module';
import { ProtocolModule } from '../protocol/protocol.module';
import { RevisionsModule } from '../revisions/revisions.module';
import { StorageModule } from '../storage/storage.module';
import { TagsModule } from '../tags/tags.module';

import { ExchangeShutdown } from './exchange-shutdown.service';

/** The service kit's own variables, fed from ExchangeConfig.serviceEnv. */
const serviceKitSchema = z.object(
  serviceConfigFields({ serviceName: 'exchange-local', port: 19500 }),
);

/**
 * The whole service: Data Exchange and Catalog APIs, job and change set runners, the event
 * outbox, and the service kit's logging, health, metrics and drain-first shutdown.
 */
@Module({})
export class ExchangeAppModule {
  static forRoot(config: ExchangeConfig): DynamicModule {
    return {
      module: ExchangeAppModule,
      imports: [
        AdminModule,
        AssetsModule,
        AuthModule,
        BootstrapModule,
        CatalogModule,
        DataSetsModule,
        EventActionsModule,
        EventsModule,
        ConfigModule.forRoot(serviceKitSchema, { env: config.serviceEnv }),
        ExchangeConfigModule.forRoot(config),
        HealthModule,
        JobsCoreModule,
        JobsModule,
        LoggingModule,
        MetricsModule,
        PersistenceModule,
        ProtocolModule,
        RevisionsModule,
        ShutdownModule,
        StorageModule,
        TagsModule,
      ],
      providers: [ExchangeShutdown],
    };
  }
}
