import { ServiceProcess } from './service-process';

export interface IngestorReplicaOptions {
  /** `INGESTOR_ID`, also the process name in messages. */
  readonly id: string;
  readonly system?: 'primary' | 'replica';
  /** The subscription document (`INGESTOR_SUBSCRIPTIONS`), usually pointing at a ReplayServer. */
  readonly subscriptions: unknown;
  readonly rawTopic: string;
  readonly alertTopic: string;
  /** `INGESTOR_LAKE_BUCKET`; unset turns the lake off. */
  readonly lakeBucket?: string;
  /** Anything else (`INGESTOR_SNAPSHOT_INTERVAL`, `INGESTOR_LAKE_GRACE`, ...). */
  readonly env?: Readonly<Record<string, string>>;
  readonly mode?: 'auto' | 'dist' | 'source';
  readonly inheritStderr?: boolean;
}

/**
 * Starts one ingestor replica as a child process with the stack's env (KAFKA_*, S3_* from this
 * process) plus its own id, system, topics, lake bucket and subscriptions. Stop it with
 * `stop()` (SIGTERM: drains Kafka and writes open windows), `kill()` (SIGKILL), and bring it back
 * with `restart()`.
 */
export function startIngestorReplica(options: IngestorReplicaOptions): Promise<ServiceProcess> {
  return ServiceProcess.start({
    name: options.id,
    app: 'ingestor',
    env: {
      LOG_LEVEL: 'warn',
      INGESTOR_ID: options.id,
      INGESTOR_SYSTEM: options.system ?? 'primary',
      INGESTOR_RAW_TOPIC: options.rawTopic,
      INGESTOR_ALERT_TOPIC: options.alertTopic,
      INGESTOR_SUBSCRIPTIONS: JSON.stringify(options.subscriptions),
      ...(options.lakeBucket ? { INGESTOR_LAKE_BUCKET: options.lakeBucket } : {}),
      ...options.env,
    },
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.inheritStderr ? { inheritStderr: true } : {}),
  });
}

/** Starts several replicas at once (each on its own port). */
export function startIngestorReplicas(
  replicas: readonly IngestorReplicaOptions[],
): Promise<ServiceProcess[]> {
  return Promise.all(replicas.map((replica) => startIngestorReplica(replica)));
}

/** Stops every process (SIGTERM, then SIGKILL after the timeout), ignoring ones already gone. */
export async function stopAll(
  processes: readonly (ServiceProcess | { stop(): Promise<unknown> } | undefined)[],
): Promise<void> {
  await Promise.all(processes.map((p) => p?.stop().catch(() => undefined)));
}
