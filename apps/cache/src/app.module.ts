import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type ConfigModuleOptions } from '@tickline/service-kit';

import { appConfigSchema } from './app-config.schema';
import { FeedModule } from './kafka/feed.module';
import { GrpcModule } from './grpc/grpc.module';
import { ApiModule } from './rest/api.module';

@Module({})
export class AppModule {
  /** `options.env` replaces the process environment (tests). */
  static forRoot(options: ConfigModuleOptions = {}): DynamicModule {
    return {
      imports: [ConfigModule.forRoot(appConfigSchema, options), ApiModule, FeedModule, GrpcModule],
      module: AppModule,
    };
  }
}
