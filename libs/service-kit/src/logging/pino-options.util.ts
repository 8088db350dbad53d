import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { stdTimeFunctions } from 'pino';
import type { Options } from 'pino-http';

/**
 * Paths pino masks before a line is written. Request headers carry bearer tokens, cookies and
 * presigned-URL signatures; config and client option objects carry passwords and keys when
 * someone logs them whole. Wildcards cover one or two levels below any logged object.
 */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-amz-security-token"]',
  'res.headers["set-cookie"]',
  ...[
    'password',
    'secret',
    'secretAccessKey',
    'sessionToken',
    'token',
    'apiKey',
    'credentials',
  ].flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
  ...['KAFKA_SASL_PASSWORD', 'S3_SECRET_ACCESS_KEY', 'DATABASE_URL'].flatMap((key) => [
    key,
    `*.${key}`,
  ]),
];

/** Probe and scrape endpoints are called every few seconds; logging each call is noise. */
export const QUIET_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

export interface LoggerSettings {
  level: string;
  service: string;
}

/** pino-http options shared by every service: JSON lines, ISO time, request ids, redaction. */
export function pinoHttpOptions(settings: LoggerSettings): Options {
  return {
    level: settings.level,
    base: { service: settings.service, pid: process.pid },
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const incoming = req.headers['x-request-id'];
      const id =
        typeof incoming === 'string' && incoming.length > 0 && incoming.length <= 128
          ? incoming
          : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    autoLogging: {
      ignore: (req: IncomingMessage & { originalUrl?: string }) =>
        QUIET_PATHS.has((req.originalUrl ?? req.url ?? '').split('?')[0] ?? ''),
    },
    customLogLevel: (_req, res, error) => {
      if (error || res.statusCode >= 500) {
        return 'error';
      }
      return res.statusCode >= 400 ? 'warn' : 'info';
    },
  };
}
