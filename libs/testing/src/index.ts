// Helpers for integration tests against the local stack. Only test files may import this
// library (enforced in eslint.config.mjs).
export {
  createBucket,
  deleteBucket,
  listKeys,
  stackS3Client,
  uniqueBucket,
} from './s3-bucket.util';
export {
  appCommand,
  freePort,
  metricValue,
  REPO_ROOT,
  ServiceProcess,
  until,
  type ServiceApp,
  type ServiceProcessOptions,
} from './service-process';
export {
  ReplayServer,
  type ReplayBook,
  type ReplayConnection,
  type ReplayFaultRule,
  type ReplayServerOptions,
  type ReplayVenue,
  type ReplayVenueStatus,
} from './replay-server';
export {
  startIngestorReplica,
  startIngestorReplicas,
  stopAll,
  type IngestorReplicaOptions,
} from './ingestor-replica';
export { requireEnv } from './stack-env.util';
export { eventually } from './eventually.util';
