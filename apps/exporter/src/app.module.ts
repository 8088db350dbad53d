import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type ConfigModuleOptions } from '@tickline/service-kit';

import { appConfigSchema } from './app-config.schema';
import { CatalogModule } from './catalog/catalog.module';
import { ExportsModule } from './exports/exports.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { OpenApiController } from './openapi/openapi.controller';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { TriggersModule } from './triggers/triggers.module';

@Module({})
export class AppModule {
  /** `options.env` replaces the process environment (tests). */
  static forRoot(options: ConfigModuleOptions = {}): DynamicModule {
    return {
      controllers: [OpenApiController],
      imports: [
        CatalogModule,
        ConfigModule.forRoot(appConfigSchema, options),
        ExportsModule,
        InfrastructureModule,
        SubscriptionsModule,
        TriggersModule,
      ],
      module: AppModule,
    };
  }
}
