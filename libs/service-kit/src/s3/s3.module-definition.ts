import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { S3ClientConfig } from '@aws-sdk/client-s3';

export interface S3ModuleOptions {
  /** SDK client options; `s3ClientOptions(config)` builds them from validated env. */
  client: S3ClientConfig;
  /**
   * Bucket the readiness probe checks with HeadBucket (which also proves the credentials can
   * reach it); without one the probe lists buckets.
   */
  probeBucket?: string;
}

export const {
  ConfigurableModuleClass: S3ConfigurableModule,
  MODULE_OPTIONS_TOKEN: S3_MODULE_OPTIONS,
} = new ConfigurableModuleBuilder<S3ModuleOptions>()
  .setExtras({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
