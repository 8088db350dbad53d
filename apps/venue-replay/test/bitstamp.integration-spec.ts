import type { Subscription } from '@tickline/venues';

import { replayToAdapter } from './support/adapter-run';
import { expectSameBook } from './support/replay-checks';
import { getJson, startReplay, type ReplayApp } from './support/replay-app';
import { WsClient } from './support/ws-client';

jest.setTimeout(90_000);

const PAIRS = [
  'sgbeur',
  'ethusd',
  'xrpeur',
  'bateur',
  'usdteur',
  'usdtusd',
  'xlmgbp',
  'adaeur',
  'batbtc',
  'galaeur',
];

describe('Bitstamp over the replay server', () => {
  let replay: ReplayApp;

  beforeAll(async () => {
    replay = await startReplay({
      REPLAY_VENUES: 'bitstamp',
      REPLAY_START: 'manual',
      REPLAY_LOOP: 'false',
    });
  });

  afterAll(() => replay.close());

  it('lets the adapter sync every book from /api/v2/order_book plus diffs, and maps the trades', async () => {
    const subscriptions: Subscription[] = PAIRS.flatMap((symbol) => [
      { symbol, dataType: 'book_delta' as const },
      { symbol, dataType: 'trade' as const },
    ]);
    const client = await replayToAdapter(
      replay,
      'bitstamp',
      { wsUrl: `${replay.wsUrl}/bitstamp`, restUrl: `${replay.httpUrl}/bitstamp` },
      subscriptions,
      20,
      8,
    );
    expect(client.errors).toEqual([]);
    expect(client.resyncs()).toEqual([]);
    // sgbeur sent no diff during the capture, so nothing asked for its snapshot.
    expect(client.snapshotsFetched).toHaveLength(PAIRS.length - 1);
    expect(client.events.filter((event) => event.type === 'trade')).toHaveLength(10);
    for (const pair of PAIRS.filter((pair) => pair !== 'sgbeur')) {
      await expectSameBook(replay, 'bitstamp', `diff_order_book_${pair}`, client.book(pair));
    }
    client.close();
  });

  it('acknowledges subscriptions, answers heartbeats and rejects unknown channels', async () => {
    const client = await WsClient.connect(`${replay.wsUrl}/bitstamp`);
    client.send({ event: 'bts:subscribe', data: { channel: 'live_trades_ethusd' } });
    expect(
      await client.next(
        'the ack',
        (frame: { event?: string }) => frame.event === 'bts:subscription_succeeded',
      ),
    ).toEqual({
      event: 'bts:subscription_succeeded',
      channel: 'live_trades_ethusd',
      data: {},
    });
    client.send({ event: 'bts:heartbeat' });
    expect(
      await client.next(
        'the heartbeat',
        (frame: { event?: string }) => frame.event === 'bts:heartbeat',
      ),
    ).toEqual({
      event: 'bts:heartbeat',
      channel: '',
      data: { status: 'success' },
    });
    client.send({ event: 'bts:subscribe', data: { channel: 'live_trades_dogeusd' } });
    expect(
      await client.next('the error', (frame: { event?: string }) => frame.event === 'bts:error'),
    ).toEqual({
      event: 'bts:error',
      channel: '',
      data: { code: null, message: 'Bad subscription string.' },
    });
    client.close();
  });

  it('answers /api/v2/order_book for known pairs only', async () => {
    const book = await getJson<{ timestamp: string; microtimestamp: string; bids: unknown[] }>(
      `${replay.httpUrl}/bitstamp/api/v2/order_book/ethusd/`,
    );
    expect(book.status).toBe(200);
    expect(book.body.timestamp).toBe(book.body.microtimestamp.slice(0, 10));
    expect(book.body.bids.length).toBeGreaterThan(0);
    expect((await getJson(`${replay.httpUrl}/bitstamp/api/v2/order_book/dogeusd`)).status).toBe(
      404,
    );
  });
});
