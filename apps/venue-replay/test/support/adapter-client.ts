import type { BookEnvelope, Envelope, Venue } from '@tickline/domain';
import {
  createVenueAdapter,
  L2Book,
  type BookSync,
  type IgnoreReason,
  type Subscription,
  type SyncDecision,
  type VenueAdapter,
  type VenueMapper,
} from '@tickline/venues';

import { WsClient } from './ws-client';

/**
 * An ingestor in miniature, built only from `@tickline/venues`: the venue adapter names the
 * streams, opens the connection URL, sends its own subscribe frames, maps every frame with its
 * mapper, and runs each market's book-sync machine, fetching REST snapshots when the machine
 * asks. It shows the replayed frames are what a correct client expects: they map, and books
 * sync without gaps or checksum failures.
 */
export class AdapterClient {
  readonly events: Envelope[] = [];
  readonly ignored = new Map<IgnoreReason, number>();
  readonly errors: string[] = [];
  readonly decisions: SyncDecision[] = [];
  readonly books = new Map<string, L2Book>();
  readonly snapshotsFetched: string[] = [];
  private readonly syncs = new Map<string, BookSync>();
  private readonly mapper: VenueMapper;
  private processed = 0;
  /** REST snapshot fetches, one after another. */
  private fetches: Promise<void> = Promise.resolve();
  /** Frame processing, following arrival. */
  private processing: Promise<void> = Promise.resolve();

  private constructor(
    readonly adapter: VenueAdapter,
    readonly client: WsClient,
  ) {
    this.mapper = adapter.createMapper({ system: 'primary', ingesterId: 'replay-test' });
    client.socket.on('message', () => {
      this.processing = this.processing.then(() => this.drain());
    });
  }

  /** Connects like an ingestor would and subscribes `subscriptions`. */
  static async start(
    venue: Venue,
    options: Record<string, unknown>,
    subscriptions: readonly Subscription[],
  ): Promise<AdapterClient> {
    const adapter = createVenueAdapter(venue, options);
    const streams = adapter.streams(subscriptions);
    const ws = await WsClient.connect(adapter.connectionUrl(streams));
    const client = new AdapterClient(adapter, ws);
    for (const frame of adapter.subscribeFrames(streams)) {
      ws.send(frame);
    }
    return client;
  }

  /** Resolves once every frame received so far is mapped and synced. */
  async settled(): Promise<void> {
    await this.processing;
    await this.drain();
  }

  /** Maps and syncs frames in arrival order; a REST snapshot in flight holds the next frame. */
  private async drain(): Promise<void> {
    while (this.processed < this.client.received.length) {
      const frame = this.client.received[this.processed++];
      if (!frame || frame.binary) continue;
      this.handle(frame.text, frame.atMs * 1000);
      await this.fetches;
    }
  }

  resyncs(): SyncDecision[] {
    return this.decisions.filter((decision) => decision.action === 'resync');
  }

  applied(): number {
    return this.decisions.filter((decision) => decision.action === 'apply').length;
  }

  /** The client's book of a venue-native symbol: the sync machine's own, or one rebuilt here. */
  book(symbol: string): L2Book | undefined {
    return this.syncs.get(symbol)?.book ?? this.books.get(symbol);
  }

  close(): void {
    this.client.close();
  }

  private handle(text: string, receiveTimeUs: number): void {
    const result = this.mapper.map(text, receiveTimeUs);
    if (result.kind === 'ignored') {
      this.ignored.set(result.reason, (this.ignored.get(result.reason) ?? 0) + 1);
      return;
    }
    if (result.kind === 'error') {
      this.errors.push(result.error.message);
      return;
    }
    for (const event of result.events) {
      this.events.push(event);
      if (event.type !== 'trade') {
        this.sync(event);
      }
    }
  }

  private sync(event: BookEnvelope): void {
    let sync = this.syncs.get(event.symbol);
    if (!sync) {
      sync = this.adapter.createBookSync(event.symbol);
      this.syncs.set(event.symbol, sync);
    }
    for (const decision of sync.handle(event)) {
      this.decisions.push(decision);
      if (decision.action === 'apply') {
        this.apply(decision.event);
      } else if (
        (decision.action === 'buffer' && decision.requestSnapshot) ||
        (decision.action === 'resync' && decision.method === 'rest_snapshot')
      ) {
        this.fetchSnapshot(event.symbol);
      }
    }
  }

  private apply(event: BookEnvelope): void {
    let book = this.books.get(event.symbol);
    if (!book) {
      book = new L2Book();
      this.books.set(event.symbol, book);
    }
    if (event.type === 'book_snapshot') {
      book.replace(event.payload.bids, event.payload.asks);
    } else {
      book.update(event.payload.bids, event.payload.asks);
    }
  }

  private fetchSnapshot(symbol: string): void {
    const spec = this.adapter.snapshot;
    if (!spec) return;
    const request = spec.request(symbol);
    this.fetches = this.fetches.then(async () => {
      const response = await fetch(request.url);
      const body = await response.text();
      this.snapshotsFetched.push(request.url);
      if (response.status !== 200) {
        this.errors.push(`GET ${request.url} answered ${response.status}: ${body}`);
        return;
      }
      const result = this.mapper.mapSnapshot?.(request, body, Date.now() * 1000);
      if (result?.kind !== 'events') {
        this.errors.push(`Snapshot ${request.url} did not map: ${JSON.stringify(result)}`);
        return;
      }
      for (const event of result.events) {
        if (event.type !== 'trade') this.sync(event);
      }
    });
  }
}
