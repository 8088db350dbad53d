// The ingestors' subscription document, made from the bundled recordings' headers: every market
// a recording has book or trade data for, on the replay server's URLs for one replica's tag.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import type { Venue } from './options';

interface RecordingHeader {
  readonly venue: Venue;
  readonly name: string;
  readonly synthetic: boolean;
  readonly streams: readonly { symbol: string; kind: string }[];
}

export interface VenueMarkets {
  readonly venue: Venue;
  readonly recording: string;
  readonly synthetic: boolean;
  readonly symbols: readonly string[];
}

/** Reads the header line of each bundled recording of the chosen venues. */
export function recordedMarkets(recordingsDir: string, venues: readonly Venue[]): VenueMarkets[] {
  const headers = readdirSync(recordingsDir)
    .filter((file) => file.endsWith('.ndjson.gz'))
    .map((file) => {
      const text = gunzipSync(readFileSync(join(recordingsDir, file))).toString('utf8');
      return JSON.parse(text.slice(0, text.indexOf('\n'))) as RecordingHeader;
    });
  return venues.map((venue) => {
    const header = headers.find((h) => h.venue === venue);
    if (!header) throw new Error(`No bundled recording of ${venue} in ${recordingsDir}.`);
    const symbols = [
      ...new Set(
        header.streams.filter((s) => s.kind === 'book' || s.kind === 'trade').map((s) => s.symbol),
      ),
    ].sort();
    return { venue, recording: header.name, synthetic: header.synthetic, symbols };
  });
}

/** Adapter options pointing one venue at the replay server, behind the replica's tag. */
function venueOptions(venue: Venue, replay: string, tag: string): Record<string, unknown> {
  const ws = `ws://${replay}/t/${tag}/${venue}`;
  const http = `http://${replay}/t/${tag}/${venue}`;
  switch (venue) {
    case 'binance':
      // The capture recorded aggregate trades.
      return { wsUrl: ws, restUrl: http, tradeStream: 'aggTrade' };
    case 'bitstamp':
      return { wsUrl: ws, restUrl: http };
    case 'okx':
      return { wsUrl: `${ws}/ws/v5/public` };
    case 'bybit':
      return { wsUrl: `${ws}/v5/public/spot`, category: 'spot' };
    default:
      return { wsUrl: ws };
  }
}

export function subscriptionDocument(
  markets: readonly VenueMarkets[],
  replayHostPort: string,
  tag: string,
): { venues: unknown[] } {
  return {
    venues: markets.map((m) => ({
      venue: m.venue,
      options: venueOptions(m.venue, replayHostPort, tag),
      symbols: m.symbols,
      types: ['trade', 'book_delta', 'book_snapshot'],
    })),
  };
}
