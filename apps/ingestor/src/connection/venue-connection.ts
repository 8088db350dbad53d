import { Logger } from '@nestjs/common';
import { nowMicros } from '@tickline/domain';
import type { ConnectionPlan, VenueAdapter } from '@tickline/venues';
import WebSocket from 'ws';

import { backoffDelayMs, type BackoffOptions } from './backoff.util';
import { paceFrames } from './frame-pacer.model';
import { HeartbeatWatchdog } from './heartbeat-watchdog.model';

export interface VenueConnectionHandlers {
  /** A received text frame with its local receive time (epoch µs). */
  onFrame(frame: string, receiveTimeUs: number, connection: VenueConnection): void;
  /** The socket is open and the subscribe frames are being sent. */
  onOpen(connection: VenueConnection, reconnect: boolean): void;
  /** The socket went away (closed, errored or stale); a reconnect is scheduled. */
  onDown(connection: VenueConnection, reason: string): void;
}

export interface VenueConnectionOptions {
  readonly backoff: BackoffOptions;
  readonly random?: () => number;
}

/**
 * One WebSocket connection of a venue carrying one shard of streams: connect, subscribe (paced
 * within the venue's frame rate), keep alive by the venue's heartbeat policy, and reconnect with
 * exponential back-off and jitter until stopped. Resubscribing happens on every open.
 */
export class VenueConnection {
  readonly id: string;
  private readonly logger = new Logger(VenueConnection.name);
  private socket: WebSocket | undefined;
  private stopped = true;
  private paused = false;
  private attempt = 0;
  private everOpened = false;
  private timers: NodeJS.Timeout[] = [];
  private reconnectTimer: NodeJS.Timeout | undefined;
  private watchdog: HeartbeatWatchdog | undefined;
  private pingSequence = 0;
  reconnects = 0;

  /** Consecutive losses or failed attempts since the socket was last open (1 = just lost). */
  get failedAttempts(): number {
    return this.attempt;
  }

  constructor(
    private readonly adapter: VenueAdapter,
    readonly plan: ConnectionPlan,
    private readonly handlers: VenueConnectionHandlers,
    private readonly options: VenueConnectionOptions,
  ) {
    this.id = `${adapter.venue}#${plan.index}`;
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  /** Stops reading and closes the socket; no reconnect follows. */
  stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    this.socket = undefined;
    if (!socket || socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const done = setTimeout(() => {
        socket.terminate();
        resolve();
      }, 1_000);
      socket.once('close', () => {
        clearTimeout(done);
        resolve();
      });
      socket.close(1000, 'shutdown');
    });
  }

  /** Back-pressure: stop reading from the socket until `resume()`. TCP does the rest. */
  pause(): void {
    this.paused = true;
    this.socket?.pause();
  }

  resume(): void {
    this.paused = false;
    this.socket?.resume();
  }

  /** Sends frames paced within the venue's client frame rate (resubscribing a book, say). */
  send(frames: readonly string[]): void {
    const delays = paceFrames(frames.length, this.adapter.limits.maxClientFramesPerSecond);
    frames.forEach((frame, index) => {
      this.later(delays[index] ?? 0, () => {
        if (this.isOpen) this.socket?.send(frame);
      });
    });
  }

  private open(): void {
    const socket = new WebSocket(this.plan.url, { perMessageDeflate: false });
    this.socket = socket;
    socket.on('open', () => {
      if (this.socket !== socket) return;
      const reconnect = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      if (this.paused) socket.pause();
      this.startKeepAlive(socket);
      this.handlers.onOpen(this, reconnect);
      this.send(this.plan.subscribeFrames);
    });
    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      const receiveTimeUs = nowMicros();
      this.watchdog?.touch(Date.now());
      if (isBinary) return;
      this.handlers.onFrame(rawToText(data), receiveTimeUs, this);
    });
    socket.on('ping', () => this.watchdog?.touch(Date.now()));
    socket.on('pong', () => this.watchdog?.touch(Date.now()));
    socket.on('error', (error) => {
      this.logger.debug(`Connection ${this.id} failed: ${error.message}`);
    });
    socket.on('close', (code, reason) => {
      if (this.socket !== socket) return;
      this.down(`closed with ${code}${reason.length ? ` ${reason.toString()}` : ''}`);
    });
  }

  /** Closes a stale or expiring socket and lets the close handler schedule the reconnect. */
  recycle(reason: string): void {
    const socket = this.socket;
    if (!socket) return;
    this.socket = undefined;
    socket.removeAllListeners('close');
    socket.on('error', () => undefined);
    socket.terminate();
    this.down(reason);
  }

  private down(reason: string): void {
    this.clearTimers();
    this.socket = undefined;
    if (this.stopped) return;
    this.reconnects += 1;
    const delay = backoffDelayMs(this.attempt, this.options.backoff, this.options.random);
    this.attempt += 1;
    this.logger.warn(
      `Connection ${this.id} is down (${reason}${this.attempt > 1 ? `, attempt ${this.attempt}` : ''}); reconnecting in ${delay} ms.`,
    );
    this.handlers.onDown(this, reason);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.stopped) this.open();
    }, delay);
  }

  private startKeepAlive(socket: WebSocket): void {
    const policy = this.adapter.heartbeat;
    const watchdog = new HeartbeatWatchdog(policy.staleAfterMs, Date.now());
    this.watchdog = watchdog;
    this.every(watchdog.checkIntervalMs(), () => {
      if (watchdog.isStale(Date.now())) {
        this.recycle(`stale: nothing received for ${watchdog.silentForMs(Date.now())} ms`);
      }
    });
    const clientPing = policy.clientPing;
    if (clientPing) {
      this.every(clientPing.intervalMs, () => {
        this.pingSequence += 1;
        if (socket.readyState === WebSocket.OPEN) socket.send(clientPing.frame(this.pingSequence));
      });
    }
    if (policy.wsPingIntervalMs) {
      this.every(policy.wsPingIntervalMs, () => {
        if (socket.readyState === WebSocket.OPEN) socket.ping();
      });
    }
    const maxAge = this.adapter.limits.maxConnectionAgeMs;
    // Reconnect ahead of the venue's own cut-off, at a time of our choosing.
    if (maxAge) this.later(Math.floor(maxAge * 0.95), () => this.recycle('connection age limit'));
  }

  private every(ms: number, run: () => void): void {
    const timer = setInterval(run, ms);
    timer.unref();
    this.timers.push(timer);
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(run, ms);
    timer.unref();
    this.timers.push(timer);
  }

  private clearTimers(): void {
    for (const timer of this.timers) {
      clearInterval(timer);
      clearTimeout(timer);
    }
    this.timers = [];
    this.watchdog = undefined;
  }
}

function rawToText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
