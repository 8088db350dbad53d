import type { INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import express from 'express';

import type { ExchangeConfig } from '../config/exchange-config.loader';
import { rawBodyMiddleware } from '../protocol/raw-body.middleware';
import { requestIdMiddleware } from '../protocol/request-id.middleware';

/** Paths whose bodies are streamed by their handlers instead of being read up front. */
export const STREAMED_PATH_PREFIXES = ['/_transfer/'] as const;

/**
 * The express instance the Nest app runs on. Routing must be case-sensitive (`/DescribeEntity`
 * is an operation, `/describeentity` is not), which express only honours when set before its
 * router is first used.
 */
export function createExpressAdapter(): ExpressAdapter {
  const server = express();
  server.set('case sensitive routing', true);
  server.set('etag', false);
  server.disable('x-powered-by');
  return new ExpressAdapter(server);
}

/** Middleware every exchange-local app needs before Nest routes a request. */
export function configureExchangeApp(app: INestApplication, config: ExchangeConfig): void {
  app.use(requestIdMiddleware);
  app.use(
    rawBodyMiddleware({ limitBytes: config.maxBodyBytes, skipPrefixes: STREAMED_PATH_PREFIXES }),
  );
}
