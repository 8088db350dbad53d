import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { readCapture, type CaptureLine } from '@tickline/venues';
import { WebSocketServer } from 'ws';

export const FIXTURES = path.resolve(__dirname, '../../..', '..', 'shared', 'fixtures', 'venues');

/**
 * A minimal Binance endpoint replaying the real capture: `/stream` acks SUBSCRIBE frames and
 * then sends every recorded data frame; `/api/v3/depth` answers with the recorded snapshot.
 * `skip` drops recorded frames (an injected gap). A repeated snapshot request for a symbol is
 * answered with the recorded book re-stamped at `resyncUpdateId(symbol)`, standing in for the
 * newer snapshot the real venue would give after the gap.
 */
export class FakeBinance {
  readonly frames: CaptureLine[];
  readonly snapshots = new Map<string, string>();
  readonly snapshotRequests = new Map<string, number>();
  /** SUBSCRIBE frames received over all connections. */
  subscribes = 0;
  private readonly server: Server;
  private readonly wss: WebSocketServer;

  constructor(
    private readonly skip: (line: CaptureLine) => boolean,
    private readonly resyncUpdateId: (symbol: string) => number | undefined,
    frames?: CaptureLine[],
  ) {
    this.frames =
      frames ??
      readCapture(path.join(FIXTURES, 'BINANCE.ws.1.0')).filter((line) => line.kind === 'received');
    for (const line of readCapture(path.join(FIXTURES, 'BINANCE.http.0.0'))) {
      const symbol = line.url ? new URL(line.url).searchParams.get('symbol') : null;
      if (symbol) this.snapshots.set(symbol, line.body);
    }
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const symbol = url.searchParams.get('symbol') ?? '';
      const body = this.snapshots.get(symbol);
      if (url.pathname !== '/api/v3/depth' || !body) {
        res.writeHead(404).end('{"code":-1121,"msg":"Invalid symbol."}');
        return;
      }
      const seen = (this.snapshotRequests.get(symbol) ?? 0) + 1;
      this.snapshotRequests.set(symbol, seen);
      const bumped = seen > 1 ? this.resyncUpdateId(symbol) : undefined;
      const answer =
        bumped === undefined
          ? body
          : JSON.stringify({ ...(JSON.parse(body) as object), lastUpdateId: bumped });
      res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
    });
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (socket) => {
      socket.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { method?: string; id?: number };
        if (frame.method !== 'SUBSCRIBE') return;
        this.subscribes += 1;
        socket.send(JSON.stringify({ result: null, id: frame.id }));
        for (const line of this.frames) if (!this.skip(line)) socket.send(line.body);
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Cuts every client connection abruptly, as a venue outage would. */
  dropConnections(): void {
    for (const client of this.wss.clients) client.terminate();
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
