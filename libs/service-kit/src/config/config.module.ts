import { DynamicModule, Logger, Module } from '@nestjs/common';
import { z } from 'zod';

import { VALIDATED_CONFIG } from './config.constants';
import { ConfigService } from './config.service';
import { Env, parseConfig, redactConfig } from './parse-config.util';

export interface ConfigModuleOptions {
  /**
   * Variables to validate instead of the process environment (tests pass their own). This
   * module is the only place in a service that reads `process.env`.
   */
  env?: Env;
}

@Module({})
export class ConfigModule {
  /** Global: config is read everywhere, and one validated copy must serve all modules. */
  static forRoot<S extends z.ZodObject>(
    schema: S,
    options: ConfigModuleOptions = {},
  ): DynamicModule {
    return {
      exports: [ConfigService, VALIDATED_CONFIG],
      global: true,
      module: ConfigModule,
      providers: [
        ConfigService,
        {
          provide: VALIDATED_CONFIG,
          useFactory: () => {
            const config = Object.freeze(parseConfig(schema, options.env ?? process.env));
            new Logger(ConfigModule.name).log({
              msg: 'Configuration loaded.',
              config: redactConfig(schema, config),
            });
            return config;
          },
        },
      ],
    };
  }
}
