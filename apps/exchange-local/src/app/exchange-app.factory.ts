import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';

import { BootstrapSync } from '../bootstrap/bootstrap-sync.service';
import { PublicUrl } from '../common/public-url.service';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import { ObjectStore } from '../storage/object-store.service';

import { ExchangeAppModule } from './exchange-app.module';
import { configureExchangeApp, createExpressAdapter } from './exchange-app.util';

/**
 * Builds, prepares (asset bucket, bootstrap accounts and products) and starts exchange-local on
 * the configured host and port (0 picks a free port), logging JSON through the service kit's
 * pino logger. The database schema must be migrated. Not the kit's bootstrapService: the AWS
 * wire protocol needs its own express settings (case-sensitive routes, raw request bodies) and
 * its own error envelope.
 */
export async function startExchangeApp(config: ExchangeConfig): Promise<INestApplication> {
  const app = await NestFactory.create(ExchangeAppModule.forRoot(config), createExpressAdapter(), {
    abortOnError: false,
    bodyParser: false,
    bufferLogs: true,
    // Idle keep-alive sockets would otherwise hold the server open after draining.
    forceCloseConnections: true,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  configureExchangeApp(app, config);
  // Exit 0 after a clean close instead of re-raising the signal (exit code 143 reads as a crash).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.get(ObjectStore).ensureAssetBucket();
  await app.get(BootstrapSync).apply();
  await app.listen(config.port, config.host);
  app.get(PublicUrl).setListeningUrl(await app.getUrl());
  return app;
}
