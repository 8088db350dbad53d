import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type ConfigModuleOptions } from '@tickline/service-kit';

import { appConfigSchema } from './app-config.schema';
import { PublisherModule } from './publisher.module';

@Module({})
export class AppModule {
  /** `options.env` replaces the process environment (tests). */
  static forRoot(options: ConfigModuleOptions = {}): DynamicModule {
    return {
      imports: [ConfigModule.forRoot(appConfigSchema, options), PublisherModule],
      module: AppModule,
    };
  }
}
