// The venue replay server's control API, as far as the main job uses it.
import { fetchJson, postJson, waitFor } from './http.util';
import type { Venue } from './options';
import type { VenueMarkets } from './subscriptions.util';

interface ConnectionInfo {
  readonly venue: Venue;
  readonly tag: string | null;
  readonly subscriptions: readonly string[];
}

export interface VenuePosition {
  readonly venue: Venue;
  readonly state: string;
  readonly position: {
    readonly loop?: number;
    readonly emitted?: number;
    readonly exchangeTime?: string;
  };
}

export class ReplayControlClient {
  constructor(private readonly baseUrl: string) {}

  /** Streams subscribed per venue and tag, summed over connections. */
  async subscriptions(): Promise<Map<string, number>> {
    const connections = await fetchJson<ConnectionInfo[]>(`${this.baseUrl}/control/connections`);
    const counts = new Map<string, number>();
    for (const c of connections) {
      const key = `${c.venue}/${c.tag ?? ''}`;
      counts.set(key, (counts.get(key) ?? 0) + c.subscriptions.length);
    }
    return counts;
  }

  /**
   * Waits until every tag has subscribed to a book and a trade stream of every market (so the
   * replicas see the same frames from the first one). Returns what is still missing on timeout.
   */
  async waitSubscribed(
    markets: readonly VenueMarkets[],
    tags: readonly string[],
    timeoutMs: number,
  ): Promise<string[]> {
    const missing = async (): Promise<string[]> => {
      const counts = await this.subscriptions();
      return markets.flatMap((m) =>
        tags
          .filter((tag) => (counts.get(`${m.venue}/${tag}`) ?? 0) < 2 * m.symbols.length)
          .map((tag) => `${m.venue} (${tag})`),
      );
    };
    try {
      await waitFor(
        'the ingestors to subscribe',
        async () => ((await missing()).length === 0 ? true : undefined),
        {
          timeoutMs,
        },
      );
      return [];
    } catch {
      return missing();
    }
  }

  async start(venue: Venue): Promise<void> {
    await postJson(`${this.baseUrl}/control/venues/${venue}/start`, {});
  }

  async positions(): Promise<VenuePosition[]> {
    return (await fetchJson<{ venues: VenuePosition[] }>(`${this.baseUrl}/control/status`)).venues;
  }
}
