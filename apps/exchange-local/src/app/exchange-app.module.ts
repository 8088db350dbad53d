import { type DynamicModule, Module } from '@nestjs/common';

import { AssetsModule } from '../assets/assets.module';
import { AuthModule } from '../auth/auth.module';
import { BootstrapModule } from '../bootstrap/bootstrap.module';
import { CatalogModule } from '../catalog/catalog.module';
import { ExchangeConfigModule } from '../config/exchange-config.module';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import { DataSetsModule } from '../data-sets/data-sets.module';
import { EventActionsModule } from '../event-actions/event-actions.module';
import { EventsModule } from '../events/events.module';
import { HealthModule } from '../health/health.module';
import { JobsCoreModule } from '../jobs/jobs-core.module';
import { JobsModule } from '../jobs/jobs.module';
import { PersistenceModule } from '../persistence/persistence.module';
import { ProtocolModule } from '../protocol/protocol.module';
import { RevisionsModule } from '../revisions/revisions.module';
import { StorageModule } from '../storage/storage.module';
import { TagsModule } from '../tags/tags.module';

/** The whole service: Data Exchange and Catalog APIs, job runner, event outbox, health. */
@Module({})
export class ExchangeAppModule {
  static forRoot(config: ExchangeConfig): DynamicModule {
    return {
      module: ExchangeAppModule,
      imports: [
        AssetsModule,
        AuthModule,
        BootstrapModule,
        CatalogModule,
        DataSetsModule,
        EventActionsModule,
        EventsModule,
        ExchangeConfigModule.forRoot(config),
        HealthModule,
        JobsCoreModule,
        JobsModule,
        PersistenceModule,
        ProtocolModule,
        RevisionsModule,
        StorageModule,
        TagsModule,
      ],
    };
  }
}
