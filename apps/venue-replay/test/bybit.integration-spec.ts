import type { Subscription } from '@tickline/venues';

import { replayToAdapter } from './support/adapter-run';
import { expectSameBook } from './support/replay-checks';
import { startReplay, type ReplayApp } from './support/replay-app';
import { WsClient } from './support/ws-client';

jest.setTimeout(90_000);

const SYMBOLS = [
  'BTCUSDT',
  'ETHUSDT',
  'SOLUSDT',
  'XRPUSDT',
  'ADAUSDT',
  'DOGEUSDT',
  'DOTUSDT',
  'LTCUSDT',
];

describe('Bybit v5 (synthetic recording) over the replay server', () => {
  let replay: ReplayApp;

  beforeAll(async () => {
    replay = await startReplay({
      REPLAY_VENUES: 'bybit',
      REPLAY_START: 'manual',
      REPLAY_LOOP: 'false',
    });
  });

  afterAll(() => replay.close());

  it('syncs every orderbook.200 stream with contiguous update ids and maps the trades', async () => {
    const subscriptions: Subscription[] = SYMBOLS.flatMap((symbol) => [
      { symbol, dataType: 'book_delta' as const },
      { symbol, dataType: 'trade' as const },
    ]);
    const client = await replayToAdapter(
      replay,
      'bybit',
      { wsUrl: `${replay.wsUrl}/bybit/v5/public/spot` },
      subscriptions,
      16,
      'max',
    );
    expect(client.errors).toEqual([]);
    expect(client.resyncs()).toEqual([]);
    expect(client.applied()).toBeGreaterThan(SYMBOLS.length);
    expect(client.events.filter((event) => event.type === 'trade').length).toBeGreaterThan(0);
    for (const symbol of SYMBOLS) {
      await expectSameBook(replay, 'bybit', `orderbook.200.${symbol}`, client.book(symbol));
    }
    client.close();
  });

  it('answers subscribe and ping like Bybit and fails a request naming an unknown topic', async () => {
    const client = await WsClient.connect(`${replay.wsUrl}/bybit/v5/public/spot`);
    client.send({ op: 'ping', req_id: 'p1' });
    expect(await client.next('pong', (frame: { op?: string }) => frame.op === 'ping')).toEqual({
      success: true,
      ret_msg: 'pong',
      conn_id: expect.any(String),
      req_id: 'p1',
      op: 'ping',
    });
    client.send({
      op: 'subscribe',
      args: ['orderbook.200.BTCUSDT', 'orderbook.200.FOOUSDT'],
      req_id: 's1',
    });
    expect(
      await client.next('the answer', (frame: { req_id?: string }) => frame.req_id === 's1'),
    ).toMatchObject({
      success: false,
      ret_msg: 'error:handler not found,topic:orderbook.200.FOOUSDT',
      op: 'subscribe',
    });
    client.send({ op: 'subscribe', args: ['orderbook.200.BTCUSDT'], req_id: 's2' });
    expect(
      await client.next('the ack', (frame: { req_id?: string }) => frame.req_id === 's2'),
    ).toMatchObject({
      success: true,
      op: 'subscribe',
    });
    // The book starts with a snapshot of the current book.
    expect(
      await client.next(
        'the snapshot',
        (frame: { type?: string; topic?: string }) => frame.type === 'snapshot',
      ),
    ).toMatchObject({ topic: 'orderbook.200.BTCUSDT', data: { s: 'BTCUSDT' } });
    client.close();
  });
});
