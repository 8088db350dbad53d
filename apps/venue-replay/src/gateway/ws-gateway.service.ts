import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { isVenue, type Venue } from '@tickline/domain';
import { WebSocketServer, type RawData } from 'ws';

import { ReplayService } from '../replay/replay.service';
import { ClientConnection } from './client-connection';

/** Where a WebSocket URL points: `/[t/<tag>/]<venue><venue path>`. */
export interface ReplayRoute {
  readonly venue: Venue;
  readonly tag?: string;
  /** The venue's own path, e.g. `/stream`, `/ws/v5/public`, `` for a root endpoint. */
  readonly path: string;
}

const TAG = /^[A-Za-z0-9._-]{1,64}$/;

/** Splits a request path into tag, venue and the venue's own path. */
export function parseRoute(pathname: string): ReplayRoute | undefined {
  const segments = pathname.split('/');
  // segments[0] is the empty string before the leading slash.
  let index = 1;
  let tag: string | undefined;
  if (segments[index] === 't') {
    tag = segments[index + 1];
    if (tag === undefined || !TAG.test(tag)) {
      return undefined;
    }
    index += 2;
  }
  const venue = segments[index];
  if (!isVenue(venue)) {
    return undefined;
  }
  const rest = segments.slice(index + 1).join('/');
  const path = rest === '' && segments.length === index + 1 ? '' : `/${rest}`;
  return tag === undefined ? { venue, path } : { venue, tag, path };
}

function reject(socket: Duplex, status: number, message: string): void {
  socket.write(`HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

function text(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

/**
 * Accepts WebSocket upgrades on the app's HTTP port and hands each connection to its venue's
 * protocol handler. One port serves every venue under its own prefix (`/binance/stream`,
 * `/okx/ws/v5/public`, ...), optionally behind `/t/<tag>` so fault rules can pick a client.
 */
@Injectable()
export class WsGateway implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WsGateway.name);
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private server: Server | undefined;
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) =>
    this.upgrade(request, socket, head);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly replay: ReplayService,
  ) {}

  onApplicationBootstrap(): void {
    this.server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.server.on('upgrade', this.onUpgrade);
  }

  onModuleDestroy(): void {
    this.server?.off('upgrade', this.onUpgrade);
    for (const client of this.wss.clients) {
      client.terminate();
    }
    this.wss.close();
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://replay.local');
    const route = parseRoute(url.pathname);
    const session = route ? this.replay.session(route.venue) : undefined;
    if (!route || !session) {
      reject(socket, 404, 'Not Found');
      return;
    }
    if (!session.protocol.accepts(route.path)) {
      reject(socket, 404, 'Not Found');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = new ClientConnection(
        this.replay.newConnectionId(),
        route.venue,
        route.path + url.search,
        ws,
        request.socket.remoteAddress,
        route.tag,
      );
      const venueUrl = new URL(`${route.path || '/'}${url.search}`, 'http://replay.local');
      this.replay.register(connection);
      session.attach(connection);
      ws.on('message', (data, isBinary) => {
        connection.lastReceivedMs = Date.now();
        connection.counters.clientFrames += 1;
        this.replay.clientFrame(connection);
        if (isBinary) {
          return;
        }
        try {
          session.protocol.message(connection, text(data), session);
        } catch (error) {
          this.logger.error(
            `Handling a frame from connection ${connection.id} failed: ${(error as Error).message}`,
          );
        }
      });
      ws.on('error', (error) => {
        this.logger.warn(`Connection ${connection.id} (${route.venue}) failed: ${error.message}`);
      });
      this.logger.debug(`Connection ${connection.id} opened on ${route.venue}${connection.path}.`);
      session.protocol.open(connection, venueUrl, session);
    });
  }
}
