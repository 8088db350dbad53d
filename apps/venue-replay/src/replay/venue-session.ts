import type { Venue } from '@tickline/domain';

import type { BookState } from '../book/book-state';
import { ReplayClock, type ReplaySpeed } from '../clock/replay-clock';
import { ReplayScheduler, type SchedulerState } from '../clock/replay-scheduler';
import type { ClientConnection, SubscriptionState } from '../gateway/client-connection';
import type {
  HeartbeatSettings,
  ProtocolContext,
  VenueProtocol,
} from '../protocols/venue-protocol';
import { formatTimeShift, type TimeShiftSetting } from '../time/time-shift.util';
import type { Timeline, TimelineItem, TimelinePosition } from '../timeline/timeline';
import type { StreamInfo, VenueCodec } from '../venues/venue-codec';
import { VENUE_CODECS } from '../venues/venue-codecs';
import type { SourceInfo, TimelineSource } from './timeline-source';

/** When a venue's replay starts: at boot, at the first subscription, or by the control API. */
export const START_MODES = ['immediate', 'on-subscribe', 'manual'] as const;
export type StartMode = (typeof START_MODES)[number];

export interface SessionSettings {
  readonly speed: ReplaySpeed;
  readonly loop: boolean;
  readonly timeShift: TimeShiftSetting;
  readonly start: StartMode;
}

export interface SessionObserver {
  framesSent(venue: Venue, count: number): void;
}

export interface SessionStatus {
  readonly venue: Venue;
  readonly state: SchedulerState;
  readonly source: SourceInfo;
  readonly settings: {
    readonly speed: ReplaySpeed;
    readonly loop: boolean;
    readonly timeShift: string;
    readonly start: StartMode;
  };
  readonly timeShiftSec: number;
  readonly position: TimelinePosition & { readonly exchangeTime?: string };
  readonly connections: number;
  readonly subscriptions: number;
  readonly restarts: number;
}

/** Re-read socket buffers every this many frames (it is asked once per frame). */
const BACKPRESSURE_CHECK_EVERY = 64;

/**
 * One venue's replay: a timeline played by a scheduler and fanned out to the connections that
 * subscribed to each stream. Like the venue itself it is one shared market: a client sees the
 * frames from the moment it subscribes, gets a snapshot if the venue sends one, and the REST
 * snapshot always describes the book at the position the stream has reached.
 */
export class VenueSession implements ProtocolContext {
  readonly codec: VenueCodec;
  readonly connections = new Set<ClientConnection>();
  private readonly subscribers = new Map<string, Set<ClientConnection>>();
  private subscriptionCount = 0;
  private timeline!: Timeline;
  private scheduler!: ReplayScheduler;
  private symbols = new Set<string>();
  private restarts = 0;
  private backpressureChecks = 0;
  private backpressureState = false;

  constructor(
    private source: TimelineSource,
    readonly protocol: VenueProtocol,
    private settings: SessionSettings,
    readonly heartbeat: HeartbeatSettings,
    private readonly options: { backpressureBytes: number; observer?: SessionObserver },
  ) {
    this.codec = VENUE_CODECS[source.venue];
    this.reset();
  }

  get venue(): Venue {
    return this.source.venue;
  }

  get state(): SchedulerState {
    return this.scheduler.state;
  }

  // ---- ProtocolContext -------------------------------------------------------------------

  stream(key: string): StreamInfo | undefined {
    return this.timeline.stream(key);
  }

  streams(): readonly StreamInfo[] {
    return this.timeline.streams();
  }

  hasSymbol(symbol: string): boolean {
    return this.symbols.has(symbol);
  }

  subscribe(connection: ClientConnection, key: string): boolean {
    const stream = this.timeline.stream(key);
    if (!stream) {
      return false;
    }
    if (connection.subscriptions.has(key)) {
      return true;
    }
    const needsSnapshot = stream.kind === 'book' && this.codec.renderSnapshot !== undefined;
    const subscription: SubscriptionState = { synced: !needsSnapshot, primed: false };
    connection.subscriptions.set(key, subscription);
    let set = this.subscribers.get(key);
    if (!set) {
      set = new Set();
      this.subscribers.set(key, set);
    }
    set.add(connection);
    this.subscriptionCount += 1;
    if (needsSnapshot) {
      const view = this.timeline.book(key);
      if (view && this.codec.renderSnapshot) {
        this.send(connection, this.codec.renderSnapshot(stream, view.state, view.shift), key);
        subscription.synced = true;
        subscription.primed = true;
      }
    }
    if (this.codec.latestOnSubscribe?.(stream)) {
      const latest = this.timeline.latest(key);
      if (latest !== undefined) {
        this.send(connection, this.codec.renderLatest?.(stream, latest) ?? latest, key);
        subscription.primed = true;
      }
    }
    if (this.settings.start === 'on-subscribe') {
      this.scheduler.start();
    }
    return true;
  }

  unsubscribe(connection: ClientConnection, key: string): void {
    if (connection.subscriptions.delete(key)) {
      this.subscribers.get(key)?.delete(connection);
      this.subscriptionCount -= 1;
    }
  }

  latest(key: string): string | undefined {
    return this.timeline.latest(key);
  }

  exchangeNowUs(): number {
    const position =
      this.scheduler.clock.virtualNow() ??
      this.timeline.position().atUs ??
      this.source.info.startUs;
    return (position ?? Date.now() * 1000) + this.timeline.timeShiftSec * 1_000_000;
  }

  // ---- connections -----------------------------------------------------------------------

  attach(connection: ClientConnection): void {
    this.connections.add(connection);
    connection.onClose(() => {
      this.connections.delete(connection);
      for (const key of [...connection.subscriptions.keys()]) {
        this.unsubscribe(connection, key);
      }
    });
  }

  // ---- control ---------------------------------------------------------------------------

  start(): void {
    this.scheduler.start();
  }

  pause(): void {
    this.scheduler.pause();
  }

  resume(): void {
    this.scheduler.resume();
  }

  /**
   * Starts the replay over. Connected clients are disconnected (close 1012, "service restart"),
   * as a venue restart would do: their books and sequence numbers belong to the old timeline.
   */
  restart(source?: TimelineSource): void {
    this.scheduler.stop();
    for (const connection of [...this.connections]) {
      connection.close(1012, 'Service restart');
    }
    if (source) {
      this.source = source;
    }
    this.restarts += 1;
    this.reset();
  }

  /** Speed and loop apply at once; a new time shift or start mode restarts the replay. */
  update(changes: Partial<SessionSettings>): void {
    const restart =
      (changes.timeShift !== undefined &&
        formatTimeShift(changes.timeShift) !== formatTimeShift(this.settings.timeShift)) ||
      (changes.start !== undefined && changes.start !== this.settings.start);
    this.settings = { ...this.settings, ...changes };
    if (restart) {
      this.restart();
      return;
    }
    if (changes.speed !== undefined) {
      this.scheduler.clock.setSpeed(changes.speed, this.timeline.position().atUs);
    }
    if (changes.loop !== undefined) {
      this.timeline.loop = changes.loop;
    }
    this.scheduler.wake();
  }

  /** The REST snapshot body for a venue REST URL, or undefined when it names no book here. */
  restSnapshot(url: URL): string | undefined {
    const stream = this.codec.classifyRest?.(url, this.timeline.streams());
    const view =
      stream && this.timeline.stream(stream.key) ? this.timeline.book(stream.key) : undefined;
    if (!stream || !view || !this.codec.renderRest) {
      return undefined;
    }
    return this.codec.renderRest(stream, view.state, view.shift, url.searchParams);
  }

  /** The book of a stream at the replay position, for checks against clients' books. */
  book(key: string): { stream: StreamInfo; state: BookState; timeShiftSec: number } | undefined {
    const stream = this.timeline.stream(key);
    const view = stream ? this.timeline.book(key) : undefined;
    return stream && view
      ? { stream, state: view.state, timeShiftSec: view.shift.seconds }
      : undefined;
  }

  status(): SessionStatus {
    const position = this.timeline.position();
    return {
      venue: this.venue,
      state: this.scheduler.state,
      source: this.source.info,
      settings: {
        speed: this.settings.speed,
        loop: this.settings.loop,
        timeShift: formatTimeShift(this.settings.timeShift),
        start: this.settings.start,
      },
      timeShiftSec: this.timeline.timeShiftSec,
      position: {
        ...position,
        ...(position.atUs !== undefined
          ? {
              exchangeTime: new Date(
                position.atUs / 1000 + this.timeline.timeShiftSec * 1000,
              ).toISOString(),
            }
          : {}),
      },
      connections: this.connections.size,
      subscriptions: this.subscriptionCount,
      restarts: this.restarts,
    };
  }

  close(): void {
    this.scheduler.stop();
    for (const connection of [...this.connections]) {
      connection.close(1001, 'Going away');
    }
  }

  // ---- delivery --------------------------------------------------------------------------

  private reset(): void {
    this.timeline = this.source.create(this.settings.timeShift, this.settings.loop, Date.now());
    this.symbols = new Set(this.timeline.streams().map((stream) => stream.symbol));
    this.scheduler = new ReplayScheduler(this.timeline, new ReplayClock(this.settings.speed), {
      deliver: (item) => this.deliver(item),
      backpressured: () => this.backpressured(),
      idle: () => this.subscriptionCount === 0,
    });
    if (this.settings.start === 'immediate') {
      this.scheduler.start();
    }
  }

  private deliver(item: TimelineItem): void {
    const key = item.stream.key;
    const connections = this.subscribers.get(key);
    if (!connections || connections.size === 0) {
      return;
    }
    let sent = 0;
    for (const connection of connections) {
      const subscription = connection.subscriptions.get(key);
      if (!subscription) continue;
      let text = item.text;
      switch (item.role) {
        case 'rest':
          continue;
        case 'latest':
          if (subscription.primed) continue;
          text = this.codec.renderLatest?.(item.stream, item.text) ?? item.text;
          break;
        case 'delta':
        case 'bridge':
          if (!subscription.synced) continue;
          break;
        case 'snapshot':
          subscription.synced = true;
          break;
        case 'data':
          break;
      }
      subscription.primed = true;
      this.send(connection, text, key);
      sent += 1;
    }
    this.options.observer?.framesSent(this.venue, sent);
  }

  private send(connection: ClientConnection, text: string, key: string): void {
    connection.sendData(this.protocol.frame ? this.protocol.frame(connection, text) : text, key);
  }

  private backpressured(): boolean {
    this.backpressureChecks += 1;
    if (this.backpressureChecks >= BACKPRESSURE_CHECK_EVERY || this.backpressureState) {
      this.backpressureChecks = 0;
      this.backpressureState = false;
      for (const connection of this.connections) {
        if (connection.bufferedAmount > this.options.backpressureBytes) {
          this.backpressureState = true;
          break;
        }
      }
    }
    return this.backpressureState;
  }
}
