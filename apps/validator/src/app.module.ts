import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type ConfigModuleOptions } from '@tickline/service-kit';

import { appConfigSchema } from './app-config.schema';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { PipelineModule } from './pipeline/pipeline.module';

@Module({})
export class AppModule {
  /** `options.env` replaces the process environment (tests). */
  static forRoot(options: ConfigModuleOptions = {}): DynamicModule {
    return {
      imports: [
        ConfigModule.forRoot(appConfigSchema, options),
        InfrastructureModule,
        PipelineModule,
      ],
      module: AppModule,
    };
  }
}
