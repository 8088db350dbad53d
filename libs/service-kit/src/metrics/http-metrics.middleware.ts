import type { IncomingMessage, ServerResponse } from 'node:http';

import { Injectable, NestMiddleware } from '@nestjs/common';
import type { Histogram } from 'prom-client';

import { QUIET_PATHS } from '../logging/pino-options.util';
import { MetricsService } from './metrics.service';

type RoutedRequest = IncomingMessage & {
  route?: { path?: unknown };
  baseUrl?: string;
  originalUrl?: string;
};

/**
 * `<service>_http_request_duration_seconds{method,route,status_code}`: request rate, errors and
 * latency per route. The label is the route pattern (`/orders/:id`), never the raw URL, so
 * cardinality stays bounded; unmatched URLs share `route="unmatched"`.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(metrics: MetricsService) {
    this.duration = metrics.histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
  }

  use(req: RoutedRequest, res: ServerResponse, next: () => void): void {
    // Express rewrites req.url inside mounted middleware; originalUrl is what the client asked.
    const path = (req.originalUrl ?? req.url ?? '').split('?')[0] ?? '';
    if (QUIET_PATHS.has(path)) {
      next();
      return;
    }
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const routePath = req.route?.path;
      const route =
        typeof routePath === 'string' ? `${req.baseUrl ?? ''}${routePath}` : 'unmatched';
      this.duration.observe(
        { method: req.method ?? 'UNKNOWN', route, status_code: String(res.statusCode) },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    });
    next();
  }
}
