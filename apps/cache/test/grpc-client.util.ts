import { type Client, credentials, type ServiceError } from '@grpc/grpc-js';
import type { INestApplication } from '@nestjs/common';

import { CacheGrpcServer } from '../src/grpc/cache-grpc.server';
import { loadProtos } from '../src/grpc/proto-files.util';

type Callback = (error: ServiceError | null, response: unknown) => void;
type UnaryMethod = (request: unknown, callback: Callback) => void;

export interface CacheClient extends Client {
  GetLatestTrade: UnaryMethod;
  GetBook: UnaryMethod;
  ListMarkets: UnaryMethod;
  Stream(request: unknown): NodeJS.ReadableStream & { cancel(): void };
}

export interface HealthClient extends Client {
  Check: UnaryMethod;
}

/** Real grpc-js clients of a running cache app, built from the same proto files. */
export function grpcClients(app: INestApplication): { cache: CacheClient; health: HealthClient } {
  const protos = loadProtos() as unknown as {
    tickline: {
      cache: { v1: { CacheService: new (address: string, creds: unknown) => CacheClient } };
    };
    grpc: { health: { v1: { Health: new (address: string, creds: unknown) => HealthClient } } };
  };
  const address = `127.0.0.1:${app.get(CacheGrpcServer).port}`;
  return {
    cache: new protos.tickline.cache.v1.CacheService(address, credentials.createInsecure()),
    health: new protos.grpc.health.v1.Health(address, credentials.createInsecure()),
  };
}

/** Calls a unary method; resolves with the response or the gRPC error. */
export function call(
  method: UnaryMethod,
  client: Client,
  request: unknown,
): Promise<{ error: ServiceError | null; response: unknown }> {
  return new Promise((resolve) =>
    method.call(client, request, (error, response) => resolve({ error, response })),
  );
}
