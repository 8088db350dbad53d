import { z } from 'zod';

import { durationField, logLevelField, portField } from './config-fields.util';

export interface ServiceConfigDefaults {
  /** Default SERVICE_NAME: names logs, metrics and the Kafka client id. */
  serviceName: string;
  /** Default PORT for the HTTP server (health, metrics, REST). */
  port?: number;
}

/**
 * Variables every service has. Spread into the service's own `z.object({...})`, e.g.
 * `z.object({ ...serviceConfigFields({ serviceName: 'validator' }), ...kafkaConfigFields() })`.
 */
export function serviceConfigFields(defaults: ServiceConfigDefaults) {
  return {
    SERVICE_NAME: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'expected lower-case letters, digits and dashes')
      .describe('service name used in logs, metric names and the Kafka client id')
      .prefault(defaults.serviceName),
    PORT: portField().prefault(String(defaults.port ?? 3000)),
    LOG_LEVEL: logLevelField().prefault('info'),
    /** Upper bound for each drain callback at shutdown. */
    SHUTDOWN_DRAIN_TIMEOUT: durationField().prefault('10s'),
    /** Liveness fails when the event loop was blocked longer than this in the last window. */
    HEALTH_MAX_EVENT_LOOP_DELAY: durationField().prefault('5s'),
    /** Per-probe timeout for /readyz. */
    HEALTH_PROBE_TIMEOUT: durationField().prefault('3s'),
  };
}

export type ServiceConfig = z.output<z.ZodObject<ReturnType<typeof serviceConfigFields>>>;
