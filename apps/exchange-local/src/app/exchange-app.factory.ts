import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { BootstrapSync } from '../bootstrap/bootstrap-sync.service';
import { PublicUrl } from '../common/public-url.service';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import { ObjectStore } from '../storage/object-store.service';

import { ExchangeAppModule } from './exchange-app.module';
import { configureExchangeApp, createExpressAdapter } from './exchange-app.util';

export interface StartOptions {
  readonly logger?: LoggerService | LogLevel[] | false;
}

/**
 * Builds, prepares (asset bucket, bootstrap accounts and products) and starts exchange-local on
 * the configured host and port (0 picks a free port). The database schema must be migrated.
 */
export async function startExchangeApp(
  config: ExchangeConfig,
  options: StartOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(ExchangeAppModule.forRoot(config), createExpressAdapter(), {
    bodyParser: false,
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  });
  configureExchangeApp(app, config);
  app.enableShutdownHooks();
  await app.get(ObjectStore).ensureAssetBucket();
  await app.get(BootstrapSync).apply();
  await app.listen(config.port, config.host);
  app.get(PublicUrl).setListeningUrl(await app.getUrl());
  return app;
}
