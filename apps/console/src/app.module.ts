import { DynamicModule, Module } from '@nestjs/common';
import {
  ConfigModule,
  HealthModule,
  KafkaModule,
  ShutdownModule,
  type ConfigModuleOptions,
} from '@tickline/service-kit';

import { AlertsFeedService } from './alerts/alerts-feed.service';
import { appConfigSchema } from './app-config.schema';
import { BackendClient } from './backends/backend.client';
import { BackendsController } from './backends/backends.controller';
import { StreamProxyController } from './backends/stream-proxy.controller';
import { MessageRatesService } from './rates/message-rates.service';
import { StaticController } from './static/static.controller';

@Module({})
export class AppModule {
  /** `options.env` replaces the process environment (tests). */
  static forRoot(options: ConfigModuleOptions = {}): DynamicModule {
    return {
      imports: [
        ConfigModule.forRoot(appConfigSchema, options),
        KafkaModule.forRoot(),
        HealthModule,
        ShutdownModule,
      ],
      controllers: [StaticController, BackendsController, StreamProxyController],
      providers: [BackendClient, AlertsFeedService, MessageRatesService],
      module: AppModule,
    };
  }
}
