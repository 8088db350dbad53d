import type { Venue } from '@tickline/domain';
import type { WebSocket } from 'ws';

import { FaultInjector, type FaultAction } from '../faults/fault-injector';
import type { FaultSpec } from '../faults/fault.schema';
import type { OutgoingFrame } from '../faults/garbage-frame.util';

/** A client's subscription to one stream. */
export interface SubscriptionState {
  /** Has the book snapshot (in-stream snapshot venues); deltas go only to synced subscribers. */
  synced: boolean;
  /** Has had a frame of the stream (the subscribe-time `latest` frame goes only to the unprimed). */
  primed: boolean;
}

export interface ConnectionCounters {
  dataFrames: number;
  controlFrames: number;
  bytes: number;
  clientFrames: number;
}

/** Frames held while a stall lasts before the connection gives up on the client. */
const STALL_QUEUE_LIMIT = 200_000;

/**
 * One client WebSocket: what it subscribed to, its faults, its timers. Data frames go through
 * the fault injector; control frames (acks, heartbeats, pongs) do not, but a stall holds
 * everything, as a silent network path would.
 */
export class ClientConnection {
  readonly subscriptions = new Map<string, SubscriptionState>();
  readonly faults = new FaultInjector();
  readonly connectedAt = new Date();
  readonly counters: ConnectionCounters = {
    dataFrames: 0,
    controlFrames: 0,
    bytes: 0,
    clientFrames: 0,
  };
  /** Protocol state the venue handler keeps per connection (e.g. Binance's combined mode). */
  readonly protocolState = new Map<string, unknown>();
  lastSentMs = Date.now();
  lastReceivedMs = Date.now();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stall:
    | { until: number; then: 'deliver' | 'discard'; queue: OutgoingFrame[]; timer: NodeJS.Timeout }
    | undefined;
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    readonly id: string,
    readonly venue: Venue,
    readonly path: string,
    private readonly socket: WebSocket,
    readonly remoteAddress: string | undefined,
    readonly tag: string | undefined,
  ) {
    socket.on('close', () => this.handleClosed());
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === this.socket.OPEN;
  }

  get stalled(): boolean {
    return this.stall !== undefined;
  }

  /** Bytes queued in the socket, for backpressure. */
  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  addFault(id: string, spec: FaultSpec): void {
    this.faults.add(id, spec);
  }

  /** A frame of market data (subscribed stream), subject to faults. */
  sendData(text: string, streamKey: string): void {
    if (!this.isOpen) {
      return;
    }
    this.counters.dataFrames += 1;
    if (!this.faults.pending && !this.stall) {
      this.write({ data: text, binary: false });
      return;
    }
    this.perform(this.faults.process(text, streamKey));
  }

  /** An ack, heartbeat, pong or error frame: never faulted, but held by a stall. */
  sendControl(text: string): void {
    if (!this.isOpen) {
      return;
    }
    this.counters.controlFrames += 1;
    this.write({ data: text, binary: false });
  }

  /** Runs `fn` every `ms` until the connection closes. */
  every(ms: number, fn: () => void): void {
    const timer = setInterval(() => {
      if (this.isOpen) fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  /** A WebSocket protocol ping (Binance's server pings). Held during a stall. */
  ping(): void {
    if (this.isOpen && !this.stall) {
      this.socket.ping();
    }
  }

  /** Called for every WebSocket pong the client sends. */
  onPong(listener: () => void): void {
    this.socket.on('pong', listener);
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  close(code = 1000, reason = ''): void {
    if (this.isOpen) {
      this.socket.close(code, reason);
    }
  }

  /** Drops the TCP connection without a closing handshake. */
  terminate(): void {
    this.socket.terminate();
  }

  private perform(actions: FaultAction[]): void {
    for (const action of actions) {
      if (!this.isOpen) return;
      switch (action.kind) {
        case 'send':
          this.write(action.frame);
          break;
        case 'disconnect':
          if (action.mode === 'terminate') this.terminate();
          else this.close(1011, 'replay fault: disconnect');
          return;
        case 'stall':
          this.startStall(action.durationMs, action.then);
          break;
      }
    }
  }

  private write(frame: OutgoingFrame): void {
    if (this.stall) {
      if (this.stall.queue.length >= STALL_QUEUE_LIMIT) {
        // A client silent for this long would have been dropped by the venue too.
        this.terminate();
        return;
      }
      this.stall.queue.push(frame);
      return;
    }
    this.lastSentMs = Date.now();
    this.counters.bytes +=
      typeof frame.data === 'string' ? Buffer.byteLength(frame.data) : frame.data.length;
    this.socket.send(frame.data, { binary: frame.binary });
  }

  private startStall(durationMs: number, then: 'deliver' | 'discard'): void {
    if (this.stall) {
      return;
    }
    const timer = setTimeout(() => this.endStall(), durationMs);
    this.stall = { until: Date.now() + durationMs, then, queue: [], timer };
  }

  private endStall(): void {
    const stall = this.stall;
    this.stall = undefined;
    if (!stall || stall.then === 'discard') {
      return;
    }
    for (const frame of stall.queue) {
      if (!this.isOpen) return;
      this.write(frame);
    }
  }

  private handleClosed(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    if (this.stall) clearTimeout(this.stall.timer);
    this.stall = undefined;
    for (const listener of this.closeListeners) listener();
  }
}
