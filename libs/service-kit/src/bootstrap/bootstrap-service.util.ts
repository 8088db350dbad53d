import {
  DynamicModule,
  INestApplication,
  Logger as NestLogger,
  NestApplicationOptions,
  Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import pino from 'pino';

import { ConfigService } from '../config/config.service';
import { ConfigValidationError } from '../config/config-validation.error';
import type { ServiceConfig } from '../config/service-config.schema';
import { ServiceRootModule } from './service-root.module';

export interface ServiceAppOptions {
  /** Extra Nest application options (the kit's own settings win where they overlap). */
  nest?: NestApplicationOptions;
}

export interface BootstrapOptions extends ServiceAppOptions {
  /** Interface to listen on; all interfaces by default (containers). */
  host?: string;
}

/**
 * Creates (does not start) the Nest app with the kit's modules around `appModule`, logging
 * through pino. Tests use this and call `listen`/`close` themselves.
 */
export async function createServiceApp(
  appModule: Type | DynamicModule,
  options: ServiceAppOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(ServiceRootModule.wrap(appModule), {
    ...options.nest,
    // Throw instead of killing the process, and keep the stack of a config error out of the
    // log: bootstrapService prints one clear line for it.
    abortOnError: false,
    autoFlushLogs: false,
    bufferLogs: true,
    // Idle keep-alive sockets would otherwise hold the HTTP server open after draining.
    forceCloseConnections: true,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  return app;
}

/**
 * The whole of a service's `main.ts`: create the app, close it gracefully on SIGTERM/SIGINT
 * (drain callbacks first, then module destroy hooks, HTTP server, shutdown hooks), listen on
 * PORT and log the URL. A configuration error ends the process with exit code 1 and a single
 * log line naming each bad variable.
 */
export async function bootstrapService(
  appModule: Type | DynamicModule,
  options: BootstrapOptions = {},
): Promise<INestApplication> {
  let app: INestApplication;
  try {
    app = await createServiceApp(appModule, options);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      pino(
        {
          base: undefined,
          formatters: { level: (label) => ({ level: label }) },
          timestamp: pino.stdTimeFunctions.isoTime,
        },
        pino.destination({ dest: 2, sync: true }),
      ).fatal(error.message);
      process.exit(1);
    }
    NestLogger.flush();
    throw error;
  }
  // process.exit after a clean shutdown: pino and the exit code (0) behave better than
  // re-raising the signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  const config = app.get<ConfigService<ServiceConfig>>(ConfigService);
  await app.listen(config.get('PORT'), options.host ?? '0.0.0.0');
  new NestLogger('Bootstrap').log(
    `${config.get('SERVICE_NAME')} is listening on ${await app.getUrl()}.`,
  );
  return app;
}
