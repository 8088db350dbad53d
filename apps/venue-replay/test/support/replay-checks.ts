import type { Venue } from '@tickline/domain';
import type { L2Book } from '@tickline/venues';

import { getJson, type ReplayApp } from './replay-app';

interface VenueStatus {
  state: string;
  subscriptions: number;
  connections: number;
  position: { loop: number; emitted: number; atUs?: number };
}

export async function venueStatus(replay: ReplayApp, venue: Venue): Promise<VenueStatus> {
  const { body } = await getJson<VenueStatus>(`${replay.httpUrl}/control/venues/${venue}`);
  return body;
}

/** Polls the control API until the venue's replay is in `state` (or `done` holds). */
export async function waitForState(
  replay: ReplayApp,
  venue: Venue,
  state: string,
  done: (status: VenueStatus) => boolean = () => true,
  timeoutMs = 60_000,
): Promise<VenueStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await venueStatus(replay, venue);
    if (status.state === state && done(status)) {
      return status;
    }
    if (Date.now() > deadline) {
      throw new Error(`${venue} did not reach ${state}: ${JSON.stringify(status)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface ServerBook {
  bids: [string, string][];
  asks: [string, string][];
  meta: { seq?: number; timeUs?: number };
}

export async function serverBook(
  replay: ReplayApp,
  venue: Venue,
  stream: string,
  depth = 100,
): Promise<ServerBook> {
  const { status, body } = await getJson<ServerBook>(
    `${replay.httpUrl}/control/venues/${venue}/book?stream=${encodeURIComponent(stream)}&depth=${depth}`,
  );
  if (status !== 200) {
    throw new Error(`No server book for ${venue} ${stream}: ${JSON.stringify(body)}`);
  }
  return body;
}

/** The client's book equals the replay's book at the same position (best `depth` levels). */
export async function expectSameBook(
  replay: ReplayApp,
  venue: Venue,
  stream: string,
  book: L2Book | undefined,
  depth = 100,
): Promise<void> {
  expect(book).toBeDefined();
  const server = await serverBook(replay, venue, stream, depth);
  expect(server.bids.length + server.asks.length).toBeGreaterThan(0);
  expect({ stream, bids: book?.bids.top(depth), asks: book?.asks.top(depth) }).toEqual({
    stream,
    bids: server.bids,
    asks: server.asks,
  });
}

interface ConnectionInfo {
  id: string;
  venue: string;
  open: boolean;
  counters: { dataFrames: number; controlFrames: number };
}

/**
 * Waits until `received()` has reached what the server says it wrote to the venue's newest
 * connection (data and control frames), so nothing is still in flight.
 */
export async function waitDelivered(
  replay: ReplayApp,
  venue: Venue,
  received: () => number,
  timeoutMs = 20_000,
): Promise<void> {
  const { body } = await getJson<ConnectionInfo[]>(`${replay.httpUrl}/control/connections`);
  const newest = body
    .filter((connection) => connection.venue === venue && connection.open)
    .sort((a, b) => Number(b.id.slice(1)) - Number(a.id.slice(1)))[0];
  if (!newest) {
    return;
  }
  const sent = newest.counters.dataFrames + newest.counters.controlFrames;
  const deadline = Date.now() + timeoutMs;
  while (received() < sent) {
    if (Date.now() > deadline) {
      throw new Error(`${venue}: received ${received()} of ${sent} frames the server wrote`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
