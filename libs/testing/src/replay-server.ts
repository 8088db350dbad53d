import { ServiceProcess, until } from './service-process';

/** The six venues the replay server speaks (kept here: test support depends on no app). */
export type ReplayVenue = 'binance' | 'coinbase' | 'kraken' | 'bitstamp' | 'okx' | 'bybit';

/** A fault rule as `POST /control/faults` and `REPLAY_FAULTS` take it (see docs/venue-replay.md). */
export interface ReplayFaultRule {
  readonly match: {
    readonly venue?: ReplayVenue;
    readonly tag?: string;
    readonly connectionId?: string;
  };
  readonly fault: {
    readonly type: string;
    readonly after?: number;
    readonly stream?: string;
  } & Record<string, unknown>;
  readonly scope?: 'existing' | 'new' | 'all';
  readonly limit?: number;
}

export interface ReplayVenueStatus {
  readonly venue: ReplayVenue;
  readonly state: 'idle' | 'playing' | 'paused' | 'ended';
  readonly subscriptions: number;
  readonly connections: number;
  readonly position: { readonly framesSent?: number; readonly exchangeTime?: string } & Record<
    string,
    unknown
  >;
}

export interface ReplayConnection {
  readonly id: string;
  readonly venue: ReplayVenue;
  readonly tag?: string;
  readonly faults?: readonly {
    readonly type: string;
    readonly affected?: number;
    readonly done?: boolean;
  }[];
}

/** The replay's own book of a stream at its current position (`GET /control/venues/:v/book`). */
export interface ReplayBook {
  readonly stream: string;
  readonly bids: [string, string][];
  readonly asks: [string, string][];
  readonly timeShiftSec: number;
}

export interface ReplayServerOptions {
  readonly venues?: readonly ReplayVenue[];
  /** `manual` (default here): venues wait for `start`, so every replica subscribes first. */
  readonly start?: 'manual' | 'on-subscribe' | 'immediate';
  readonly speed?: string | number;
  readonly loop?: boolean;
  /** `none`, `now`, a date (`2026-03-01`), an instant or an offset. */
  readonly timeShift?: string;
  /** `REPLAY_SYNTHETIC`, e.g. `binance:markets=1000,bookRate=40`. */
  readonly synthetic?: string;
  /** Rules applied to connections as they open (`REPLAY_FAULTS`). */
  readonly faults?: readonly ReplayFaultRule[];
  readonly env?: Readonly<Record<string, string>>;
  readonly mode?: 'auto' | 'dist' | 'source';
}

const WS_PATHS: Record<ReplayVenue, string> = {
  binance: 'binance',
  coinbase: 'coinbase',
  kraken: 'kraken',
  bitstamp: 'bitstamp',
  okx: 'okx/ws/v5/public',
  bybit: 'bybit/v5/public/spot',
};

/**
 * The venue replay server as a child process, with its control API: venue settings, start,
 * faults, connections and the replay's own books. `venueOptions(venue, tag)` gives the adapter
 * options (base URLs) that point an ingestor at it; a tag lets fault rules pick one replica's
 * connections.
 */
export class ReplayServer {
  private constructor(readonly process: ServiceProcess) {}

  static async start(options: ReplayServerOptions = {}): Promise<ReplayServer> {
    const env: Record<string, string> = {
      LOG_LEVEL: 'error',
      REPLAY_START: options.start ?? 'manual',
      REPLAY_LOOP: String(options.loop ?? false),
      REPLAY_SPEED: String(options.speed ?? 'max'),
      REPLAY_TIME_SHIFT: options.timeShift ?? 'none',
      ...(options.venues ? { REPLAY_VENUES: options.venues.join(',') } : {}),
      ...(options.synthetic ? { REPLAY_SYNTHETIC: options.synthetic } : {}),
      ...(options.faults ? { REPLAY_FAULTS: JSON.stringify(options.faults) } : {}),
      ...options.env,
    };
    const service = await ServiceProcess.start({
      name: 'venue-replay',
      app: 'venue-replay',
      env,
      ...(options.mode ? { mode: options.mode } : {}),
    });
    return new ReplayServer(service);
  }

  get host(): string {
    return `127.0.0.1:${this.process.port}`;
  }

  /** Adapter options (`wsUrl`, `restUrl`) for an ingestor's subscription document. */
  venueOptions(venue: ReplayVenue, tag?: string): { wsUrl: string; restUrl?: string } {
    const base = tag ? `${this.host}/t/${tag}` : this.host;
    const wsUrl = `ws://${base}/${WS_PATHS[venue]}`;
    return venue === 'binance' || venue === 'bitstamp'
      ? { wsUrl, restUrl: `http://${base}/${venue}` }
      : { wsUrl };
  }

  status(venue: ReplayVenue): Promise<ReplayVenueStatus> {
    return this.process.get(`/control/venues/${venue}`);
  }

  update(venue: ReplayVenue, settings: Record<string, unknown>): Promise<ReplayVenueStatus> {
    return this.process.send('PATCH', `/control/venues/${venue}`, settings);
  }

  control(
    venue: ReplayVenue,
    action: 'start' | 'pause' | 'resume' | 'restart',
  ): Promise<ReplayVenueStatus> {
    return this.process.send('POST', `/control/venues/${venue}/${action}`);
  }

  addFault(rule: ReplayFaultRule): Promise<{ id: string; assigned: string[] }> {
    return this.process.send('POST', '/control/faults', rule);
  }

  connections(): Promise<ReplayConnection[]> {
    return this.process.get('/control/connections');
  }

  book(venue: ReplayVenue, stream: string, depth?: number): Promise<ReplayBook> {
    const query = new URLSearchParams({ stream, ...(depth ? { depth: String(depth) } : {}) });
    return this.process.get(`/control/venues/${venue}/book?${query.toString()}`);
  }

  /** Waits until the venue holds at least `count` subscriptions (streams over all clients). */
  async waitForSubscriptions(venue: ReplayVenue, count: number, timeoutMs = 60_000): Promise<void> {
    await until(
      `${count} ${venue} subscriptions`,
      async () => (await this.status(venue)).subscriptions >= count,
      timeoutMs,
      () => this.process.exited,
    );
  }

  /** Waits until the venue's recording has played to its end. */
  async waitForEnd(venue: ReplayVenue, timeoutMs = 180_000): Promise<void> {
    await until(
      `${venue} to end`,
      async () => (await this.status(venue)).state === 'ended',
      timeoutMs,
      () => this.process.exited,
    );
  }

  stop(): Promise<unknown> {
    return this.process.stop(10_000);
  }
}
