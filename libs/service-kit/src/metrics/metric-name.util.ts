const METRIC_NAME = /^[a-z_][a-z0-9_]*$/;

/** `kit-example` -> `kit_example`: Prometheus names allow only [a-zA-Z0-9_:]. */
export function metricPrefix(serviceName: string): string {
  const prefix = serviceName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!METRIC_NAME.test(prefix)) {
    throw new Error(`Service name "${serviceName}" does not make a valid metric prefix.`);
  }
  return prefix;
}

export type MetricKind = 'counter' | 'gauge' | 'histogram';

/**
 * `<prefix>_<name>` following Prometheus conventions, checked when the metric is created so a
 * bad name fails at boot rather than in a dashboard: snake_case, counters end in `_total`,
 * base units (`_seconds`, `_bytes`) rather than milliseconds or kilobytes.
 */
export function metricName(prefix: string, name: string, kind: MetricKind): string {
  if (!METRIC_NAME.test(name)) {
    throw new Error(
      `Metric name "${name}" must be snake_case ([a-z0-9_], not starting with a digit).`,
    );
  }
  if (name.startsWith(`${prefix}_`)) {
    throw new Error(
      `Metric name "${name}" must not repeat the service prefix "${prefix}_"; it is added for you.`,
    );
  }
  if (kind === 'counter' && !name.endsWith('_total')) {
    throw new Error(`Counter "${name}" must end in "_total".`);
  }
  if (kind !== 'counter' && name.endsWith('_total')) {
    throw new Error(`Only counters end in "_total"; "${name}" is a ${kind}.`);
  }
  if (/_(ms|milliseconds|kb|mb|kilobytes|megabytes)(_|$)/.test(name)) {
    throw new Error(`Metric "${name}" must use base units (_seconds, _bytes).`);
  }
  return `${prefix}_${name}`;
}
