import type { Subscription } from '@tickline/venues';

import { replayToAdapter } from './support/adapter-run';
import { expectSameBook, waitForState } from './support/replay-checks';
import { sendJson, startReplay, type ReplayApp } from './support/replay-app';
import { WsClient } from './support/ws-client';

jest.setTimeout(90_000);

const PRODUCTS = [
  'SKL-USD',
  'SKL-BTC',
  'BAND-GBP',
  'NMR-EUR',
  'BAND-BTC',
  'YFI-BTC',
  'DASH-BTC',
  'NU-GBP',
  'CRV-EUR',
  'SKL-GBP',
];

describe('Coinbase Exchange ws-feed over the replay server', () => {
  let replay: ReplayApp;

  beforeAll(async () => {
    replay = await startReplay({
      REPLAY_VENUES: 'coinbase',
      REPLAY_START: 'manual',
      REPLAY_LOOP: 'false',
      REPLAY_HEARTBEAT_INTERVAL: '150ms',
    });
  });

  afterAll(() => replay.close());

  it('starts every level2 book with a snapshot the adapter syncs from, and maps matches', async () => {
    const subscriptions: Subscription[] = PRODUCTS.flatMap((symbol) => [
      { symbol, dataType: 'book_delta' as const },
      { symbol, dataType: 'trade' as const },
    ]);
    const client = await replayToAdapter(
      replay,
      'coinbase',
      { wsUrl: `${replay.wsUrl}/coinbase` },
      subscriptions,
      20,
      'max',
    );
    expect(client.errors).toEqual([]);
    expect(client.resyncs()).toEqual([]);
    expect(client.applied()).toBe(10 + 9719);
    expect(client.events.filter((event) => event.type === 'trade')).toHaveLength(97);
    // last_match on subscribe is history, which the adapter names as such.
    expect(client.ignored.get('replay')).toBe(10);
    expect(client.ignored.get('heartbeat')).toBeGreaterThan(0);
    for (const product of PRODUCTS) {
      await expectSameBook(replay, 'coinbase', `level2:${product}`, client.book(product));
    }
    client.close();
  });

  it('serves level2_batch with the same messages as level2', async () => {
    const subscriptions: Subscription[] = ['SKL-BTC', 'YFI-BTC'].map((symbol) => ({
      symbol,
      dataType: 'book_delta' as const,
    }));
    const client = await replayToAdapter(
      replay,
      'coinbase',
      { wsUrl: `${replay.wsUrl}/coinbase`, level2Channel: 'level2_batch', heartbeat: false },
      subscriptions,
      2,
      'max',
    );
    expect(client.errors).toEqual([]);
    expect(client.resyncs()).toEqual([]);
    await expectSameBook(replay, 'coinbase', 'level2:SKL-BTC', client.book('SKL-BTC'));
    expect(
      client.client.json<{ type?: string }>().find((frame) => frame.type === 'subscriptions'),
    ).toEqual({
      type: 'subscriptions',
      channels: [{ name: 'level2_batch', product_ids: ['SKL-BTC', 'YFI-BTC'] }],
    });
    client.close();
  });

  it('answers subscribe with the connection subscriptions and sends only subscribed products', async () => {
    await sendJson('POST', `${replay.httpUrl}/control/venues/coinbase/restart`);
    const client = await WsClient.connect(`${replay.wsUrl}/coinbase`);
    client.send({
      type: 'subscribe',
      product_ids: ['SKL-BTC'],
      channels: ['level2', { name: 'ticker', product_ids: ['YFI-BTC'] }],
    });
    expect(
      await client.next(
        'subscriptions',
        (frame: { type?: string }) => frame.type === 'subscriptions',
      ),
    ).toEqual({
      type: 'subscriptions',
      channels: [
        { name: 'level2', product_ids: ['SKL-BTC'] },
        { name: 'ticker', product_ids: ['YFI-BTC'] },
      ],
    });
    await sendJson('PATCH', `${replay.httpUrl}/control/venues/coinbase`, { speed: 'max' });
    await sendJson('POST', `${replay.httpUrl}/control/venues/coinbase/start`);
    await waitForState(replay, 'coinbase', 'ended');
    await client.until(
      'the last SKL-BTC update',
      () =>
        client
          .json<{ type?: string; product_id?: string }>()
          .filter((f) => f.type === 'l2update' && f.product_id === 'SKL-BTC').length === 1539,
    );
    const data = client
      .json<{ type: string; product_id?: string }>()
      .filter((frame) => frame.type !== 'subscriptions');
    expect(new Set(data.map((frame) => `${frame.type}:${frame.product_id}`))).toEqual(
      new Set(['snapshot:SKL-BTC', 'l2update:SKL-BTC', 'ticker:YFI-BTC']),
    );
    expect(data.find((frame) => frame.product_id === 'SKL-BTC')).toMatchObject({
      type: 'snapshot',
    });
    client.send({ type: 'subscribe', product_ids: ['DOGE-USD'], channels: ['matches'] });
    expect(
      await client.next('an error', (frame: { type?: string }) => frame.type === 'error'),
    ).toEqual({
      type: 'error',
      message: 'Failed to subscribe',
      reason: 'DOGE-USD is not a valid product',
    });
    client.close();
  });

  it('sends heartbeats per product on the heartbeat channel', async () => {
    const client = await WsClient.connect(`${replay.wsUrl}/coinbase`);
    client.send({
      type: 'subscribe',
      product_ids: ['BAND-GBP', 'NU-GBP'],
      channels: ['heartbeat'],
    });
    await client.until('heartbeats for both products', () => {
      const products = client
        .json<{ type?: string; product_id?: string }>()
        .filter((f) => f.type === 'heartbeat')
        .map((f) => f.product_id);
      return products.includes('BAND-GBP') && products.includes('NU-GBP');
    });
    const heartbeat = client.json<{ type?: string }>().find((frame) => frame.type === 'heartbeat');
    expect(heartbeat).toEqual({
      type: 'heartbeat',
      last_trade_id: expect.any(Number),
      product_id: expect.any(String),
      sequence: expect.any(Number),
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
    });
    client.close();
  });
});
