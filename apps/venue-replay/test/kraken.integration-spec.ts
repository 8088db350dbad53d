import type { Subscription } from '@tickline/venues';

import { AdapterClient } from './support/adapter-client';
import { replayToAdapter } from './support/adapter-run';
import { expectSameBook, venueStatus, waitDelivered, waitForState } from './support/replay-checks';
import { sendJson, startReplay, type ReplayApp } from './support/replay-app';
import { WsClient } from './support/ws-client';

jest.setTimeout(90_000);

const PAIRS = [
  'WAVES/EUR',
  'XMR/USD',
  'KSM/XBT',
  'GRT/ETH',
  'SC/EUR',
  'ETH/CHF',
  'OCEAN/XBT',
  'OMG/USD',
  'XBT/CHF',
  'ADA/XBT',
];

describe('Kraken WS v1 over the replay server', () => {
  let replay: ReplayApp;

  beforeAll(async () => {
    replay = await startReplay({
      REPLAY_VENUES: 'kraken',
      REPLAY_START: 'manual',
      REPLAY_LOOP: 'false',
      REPLAY_HEARTBEAT_INTERVAL: '150ms',
    });
  });

  afterAll(() => replay.close());

  it('syncs every book with all checksums verified by the venue adapter, and maps the trades', async () => {
    const subscriptions: Subscription[] = PAIRS.flatMap((symbol) => [
      { symbol, dataType: 'book_delta' as const },
      { symbol, dataType: 'trade' as const },
    ]);
    const client = await replayToAdapter(
      replay,
      'kraken',
      { wsUrl: `${replay.wsUrl}/kraken` },
      subscriptions,
      20,
    );
    expect(client.errors).toEqual([]);
    expect(client.resyncs()).toEqual([]);
    // 10 snapshots and 4,269 updates, each checked against its CRC32 by the adapter's machine.
    expect(client.applied()).toBe(10 + 4269);
    expect(client.events.filter((event) => event.type === 'trade').length).toBeGreaterThan(0);
    for (const pair of PAIRS) {
      await expectSameBook(replay, 'kraken', `book-1000:${pair}`, client.book(pair));
    }
    client.close();
  });

  it('sends a snapshot of the current book to a client that subscribes mid-stream', async () => {
    await sendJson('POST', `${replay.httpUrl}/control/venues/kraken/restart`);
    await sendJson('PATCH', `${replay.httpUrl}/control/venues/kraken`, { speed: 4 });
    await sendJson('POST', `${replay.httpUrl}/control/venues/kraken/start`);
    const deadline = Date.now() + 20_000;
    while ((await venueStatus(replay, 'kraken')).position.emitted < 1500 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const subscriptions: Subscription[] = PAIRS.map((symbol) => ({
      symbol,
      dataType: 'book_delta' as const,
    }));
    const late = await AdapterClient.start(
      'kraken',
      { wsUrl: `${replay.wsUrl}/kraken` },
      subscriptions,
    );
    await waitForState(replay, 'kraken', 'ended');
    await waitDelivered(replay, 'kraken', () => late.client.received.length);
    await late.settled();
    expect(late.errors).toEqual([]);
    expect(late.resyncs()).toEqual([]);
    const snapshots = late.events.filter((event) => event.type === 'book_snapshot');
    expect(snapshots).toHaveLength(PAIRS.length);
    for (const pair of PAIRS) {
      await expectSameBook(replay, 'kraken', `book-1000:${pair}`, late.book(pair));
    }
    late.close();
  });

  it('speaks the v1 protocol: systemStatus, subscriptionStatus, ping/pong, heartbeats, errors', async () => {
    await sendJson('POST', `${replay.httpUrl}/control/venues/kraken/restart`);
    const client = await WsClient.connect(`${replay.wsUrl}/kraken`);
    const status = await client.next<{ event?: string }>(
      'systemStatus',
      (frame) => frame.event === 'systemStatus',
    );
    expect(status).toMatchObject({ event: 'systemStatus', status: 'online' });
    // connectionID is a 64-bit integer written as a bare JSON number.
    expect(client.received[0]?.text).toMatch(/^\{"connectionID":\d{17,20},"event":"systemStatus"/);
    await client.until(
      'heartbeats while idle',
      () =>
        client.json<{ event?: string }>().filter((frame) => frame.event === 'heartbeat').length >=
        2,
    );
    client.send({ event: 'ping', reqid: 42 });
    expect(
      await client.next('pong', (frame: { event?: string }) => frame.event === 'pong'),
    ).toEqual({ event: 'pong', reqid: 42 });
    client.send({
      event: 'subscribe',
      pair: ['XBT/CHF', 'FOO/BAR'],
      subscription: { name: 'book', depth: 1000 },
      reqid: 5,
    });
    const acks = () =>
      client
        .json<{ event?: string; pair?: string }>()
        .filter((frame) => frame.event === 'subscriptionStatus');
    await client.until('two subscription statuses', () => acks().length >= 2);
    expect(acks()).toEqual([
      {
        channelID: 464,
        channelName: 'book-1000',
        event: 'subscriptionStatus',
        pair: 'XBT/CHF',
        status: 'subscribed',
        subscription: { depth: 1000, name: 'book' },
        reqid: 5,
      },
      {
        errorMessage: 'Currency pair not supported FOO/BAR',
        event: 'subscriptionStatus',
        pair: 'FOO/BAR',
        subscription: { depth: 1000, name: 'book' },
        status: 'error',
        reqid: 5,
      },
    ]);
    client.send({
      event: 'subscribe',
      pair: ['XBT/CHF'],
      subscription: { name: 'book', depth: 10 },
    });
    await client.until('the depth error', () => acks().length >= 3);
    expect(acks()[2]).toMatchObject({
      status: 'error',
      errorMessage: 'Subscription depth not supported',
    });
    client.send('{');
    expect(
      await client.next('an error', (frame: { event?: string }) => frame.event === 'error'),
    ).toEqual({
      errorMessage: 'Malformed request',
      event: 'error',
    });
    client.close();
  });
});
