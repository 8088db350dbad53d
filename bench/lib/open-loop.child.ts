import { connect, type Socket } from 'node:net';

import { credentials, loadPackageDefinition, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

import { quantile } from './measure.util';

// An open-loop load generator that runs in its own process, so its CPU is not the measured
// process's: requests are due at fixed times (`rate` per second) whether or not earlier ones
// were answered, and each latency runs from the request's due time, not its send time
// (no coordinated omission). Usage: open-loop.child.ts '<OpenLoopSpec JSON>'; prints one
// OpenLoopResult JSON line on stdout.

export interface OpenLoopSpec {
  readonly protocol: 'rest' | 'grpc';
  readonly host: string;
  readonly port: number;
  readonly rate: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  /** Market ids `venue:symbol`; requests alternate latest trade / book at `depth`. */
  readonly markets: readonly string[];
  readonly depth: number;
  /** gRPC only: the directory holding tickline/cache/v1/cache.proto. */
  readonly protoDir?: string;
  /** REST: TCP connections (requests pipeline on them); gRPC: channels. */
  readonly connections: number;
}

export interface OpenLoopResult {
  readonly offeredPerSecond: number;
  readonly achievedPerSecond: number;
  readonly completed: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
  /** How late the generator itself issued requests (p99, ms): a busy generator shows here. */
  readonly issueLagP99Ms: number;
  /** Requests issued, warm-up included, and the generator's own CPU time for them. */
  readonly issued: number;
  readonly generatorCpuMs: number;
}

type Done = (ok: boolean) => void;

const DRAIN_LIMIT_MS = 15_000;
type Sender = (i: number, done: Done) => void;

/** HTTP/1.1 keep-alive over raw sockets: a lean client, so the generator costs little CPU. */
function restSender(spec: OpenLoopSpec): { send: Sender; close(): void } {
  const paths = spec.markets.flatMap((id) => {
    const colon = id.indexOf(':');
    const base = `/v1/markets/${id.slice(0, colon)}/${encodeURIComponent(id.slice(colon + 1))}`;
    return [`${base}/trade`, `${base}/book?depth=${spec.depth}`];
  });
  const requests = paths.map((path) =>
    Buffer.from(`GET ${path} HTTP/1.1\r\nHost: ${spec.host}\r\n\r\n`, 'latin1'),
  );
  interface Connection {
    socket: Socket;
    pending: Done[];
    buffer: Buffer;
  }
  const connections: Connection[] = [];
  for (let c = 0; c < spec.connections; c++) {
    const connection: Connection = {
      socket: connect(spec.port, spec.host),
      pending: [],
      buffer: Buffer.alloc(0),
    };
    connection.socket.setNoDelay(true);
    connection.socket.on('data', (chunk: Buffer) => {
      let buffer =
        connection.buffer.length === 0 ? chunk : Buffer.concat([connection.buffer, chunk]);
      for (;;) {
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) break;
        const header = buffer.toString('latin1', 0, headerEnd).toLowerCase();
        const at = header.indexOf('content-length:');
        if (at < 0) throw new Error(`response without content-length: ${header}`);
        const length = parseInt(header.slice(at + 15), 10);
        const end = headerEnd + 4 + length;
        if (buffer.length < end) break;
        const status = header.slice(9, 12);
        buffer = buffer.subarray(end);
        connection.pending.shift()?.(status === '200');
      }
      connection.buffer = buffer;
    });
    connection.socket.on('error', () => {
      for (const done of connection.pending.splice(0)) done(false);
    });
    connections.push(connection);
  }
  return {
    send: (i, done) => {
      // The least busy connection; requests pipeline when every connection has one in flight.
      let best = connections[0] as Connection;
      for (const connection of connections) {
        if (connection.pending.length < best.pending.length) best = connection;
        if (best.pending.length === 0) break;
      }
      best.pending.push(done);
      best.socket.write(requests[i % requests.length] as Buffer);
    },
    close: () => {
      for (const connection of connections) connection.socket.destroy();
    },
  };
}

function grpcSender(spec: OpenLoopSpec): { send: Sender; close(): void } {
  const definition = loadSync('tickline/cache/v1/cache.proto', {
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
    includeDirs: [spec.protoDir ?? ''],
  });
  type Unary = (request: unknown, callback: (error: ServiceError | null) => void) => void;
  interface Client {
    GetLatestTrade: Unary;
    GetBook: Unary;
    close(): void;
  }
  const protos = loadPackageDefinition(definition) as unknown as {
    tickline: { cache: { v1: { CacheService: new (a: string, c: unknown, o: object) => Client } } };
  };
  const clients = Array.from(
    { length: spec.connections },
    (_, k) =>
      new protos.tickline.cache.v1.CacheService(
        `${spec.host}:${spec.port}`,
        credentials.createInsecure(),
        { 'grpc.use_local_subchannel_pool': 1, 'grpc.channel_id': k },
      ),
  );
  const markets = spec.markets.map((id) => {
    const colon = id.indexOf(':');
    return { venue: id.slice(0, colon), symbol: id.slice(colon + 1) };
  });
  return {
    send: (i, done) => {
      const client = clients[i % clients.length] as Client;
      const market = markets[(i >> 1) % markets.length];
      if (i % 2 === 0) client.GetLatestTrade({ market }, (error) => done(error === null));
      else client.GetBook({ market, depth: spec.depth }, (error) => done(error === null));
    },
    close: () => {
      for (const client of clients) client.close();
    },
  };
}

/** With no answer at all, a lower bound: the last request waited the whole drain limit. */
function latencyAt(sorted: Float64Array, q: number): number {
  return sorted.length === 0 ? DRAIN_LIMIT_MS : quantile(sorted, q);
}

async function run(spec: OpenLoopSpec): Promise<OpenLoopResult> {
  const sender = spec.protocol === 'rest' ? restSender(spec) : grpcSender(spec);
  // Connections come up (and the JIT settles) during the warm-up, whose latencies are dropped.
  const capacity = Math.ceil((spec.rate * (spec.measureMs + 1_000)) / 1_000);
  const latencies = new Float64Array(capacity);
  const lags = new Float64Array(capacity);
  let latencyCount = 0;
  let lagCount = 0;
  let errors = 0;
  let completed = 0;
  let issued = 0;
  let outstanding = 0;
  let lastFinished = 0;
  const start = performance.now();
  const measureFrom = start + spec.warmupMs;
  const end = measureFrom + spec.measureMs;
  const intervalMs = 1_000 / spec.rate;
  await new Promise<void>((resolve) => {
    let ticking = true;
    const maybeResolve = () => {
      if (!ticking && outstanding === 0) resolve();
    };
    const tick = () => {
      const now = performance.now();
      const due = Math.floor((Math.min(now, end) - start) / intervalMs);
      while (issued < due) {
        const dueAt = start + issued * intervalMs;
        const measured = dueAt >= measureFrom;
        if (measured && lagCount < capacity) lags[lagCount++] = now - dueAt;
        outstanding++;
        sender.send(issued++, (ok) => {
          outstanding--;
          if (measured) {
            const finished = performance.now();
            if (ok && latencyCount < capacity) latencies[latencyCount++] = finished - dueAt;
            if (!ok) errors++;
            completed++;
            if (finished > lastFinished) lastFinished = finished;
          }
          maybeResolve();
        });
      }
      if (now < end) setTimeout(tick, 1);
      else {
        ticking = false;
        maybeResolve();
        // A request still unanswered this long after the last one was due counts as failed,
        // so a collapsed service ends the phase instead of stalling the run.
        setTimeout(resolve, DRAIN_LIMIT_MS).unref();
      }
    };
    tick();
  });
  errors += outstanding;
  const cpuAtEnd = process.cpuUsage();
  sender.close();
  const sorted = latencies.subarray(0, latencyCount).sort();
  const sortedLags = lags.subarray(0, lagCount).sort();
  // Requests due in the window over the time it took to answer them: below the offered rate
  // when the service (or the machine) cannot keep up.
  const span = Math.max(spec.measureMs, lastFinished - measureFrom);
  return {
    offeredPerSecond: spec.rate,
    achievedPerSecond: (completed * 1_000) / span,
    completed,
    errors,
    p50Ms: latencyAt(sorted, 0.5),
    p99Ms: latencyAt(sorted, 0.99),
    p999Ms: latencyAt(sorted, 0.999),
    maxMs: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : DRAIN_LIMIT_MS,
    issueLagP99Ms: latencyAt(sortedLags, 0.99),
    issued,
    generatorCpuMs: (cpuAtEnd.user + cpuAtEnd.system) / 1_000,
  };
}

if (require.main === module) {
  const spec = JSON.parse(process.argv[2] ?? '') as OpenLoopSpec;
  run(spec).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
