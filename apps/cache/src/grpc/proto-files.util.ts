import path from 'node:path';

import { type GrpcObject, loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync, type Options } from '@grpc/proto-loader';

/** `apps/cache/proto`: the one home of the cache's proto files (same depth from src and dist). */
export const PROTO_ROOT = path.resolve(__dirname, '..', '..', 'proto');
export const CACHE_PROTO = 'tickline/cache/v1/cache.proto';
export const HEALTH_PROTO = 'grpc/health/v1/health.proto';
export const CACHE_SERVICE_NAME = 'tickline.cache.v1.CacheService';

/**
 * How the server (and the tests' client) load the protos: camelCase fields, int64 as JS
 * numbers (every value the cache sends stays below 2^53), enums as names, oneof names set.
 */
export const PROTO_LOADER_OPTIONS: Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

export function loadProtos(): GrpcObject {
  return loadPackageDefinition(loadSync([CACHE_PROTO, HEALTH_PROTO], PROTO_LOADER_OPTIONS));
}
