import { DynamicModule, Module } from '@nestjs/common';

import { ConfigService } from '../config/config.service';
import { HealthModule } from '../health/health.module';
import { s3ClientOptions } from './s3-client.factory';
import type { S3Config } from './s3-config.schema';
import { S3ConfigurableModule } from './s3.module-definition';
import { S3Service } from './s3.service';

/**
 * Provides S3Service and registers the `s3` readiness probe. `register`/`registerAsync` take
 * explicit options; `forRoot()` builds them from the validated config.
 */
@Module({
  exports: [S3Service],
  imports: [HealthModule],
  providers: [S3Service],
})
export class S3Module extends S3ConfigurableModule {
  static forRoot<C extends S3Config>(
    options: { isGlobal?: boolean; probeBucket?: (config: C) => string } = {},
  ): DynamicModule {
    return S3Module.registerAsync({
      isGlobal: options.isGlobal,
      inject: [ConfigService],
      useFactory: (config: ConfigService<C>) => {
        const values = config.all();
        if (values.S3_REGION === undefined) {
          throw new Error(
            'S3Module.forRoot() needs the S3 variables: spread s3ConfigFields() into the config schema.',
          );
        }
        return { client: s3ClientOptions(values), probeBucket: options.probeBucket?.(values) };
      },
    });
  }
}
