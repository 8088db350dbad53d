import type { Subscription } from '@tickline/venues';

import { replayToAdapter } from './support/adapter-run';
import { expectSameBook, waitForState } from './support/replay-checks';
import { getJson, sendJson, startReplay, type ReplayApp } from './support/replay-app';
import { WsClient } from './support/ws-client';

jest.setTimeout(90_000);

const SYMBOLS = ['NKNUSDT', 'BLZETH', 'LRCBTC', 'RUNEEUR'];

interface DepthUpdate {
  e: 'depthUpdate';
  E: number;
  s: string;
  U: number;
  u: number;
}

describe('Binance spot over the replay server', () => {
  let replay: ReplayApp;

  beforeAll(async () => {
    replay = await startReplay({
      REPLAY_VENUES: 'binance',
      REPLAY_START: 'manual',
      REPLAY_LOOP: 'false',
      REPLAY_SPEED: '6',
      REPLAY_PING_INTERVAL: '150ms',
    });
  });

  afterAll(() => replay.close());

  beforeEach(async () => {
    await sendJson('POST', `${replay.httpUrl}/control/venues/binance/restart`);
  });

  it('lets the venue adapter sync every book from REST + diffs with no gap, and map every frame', async () => {
    const subscriptions: Subscription[] = SYMBOLS.flatMap((symbol) => [
      { symbol, dataType: 'book_delta' as const },
      { symbol, dataType: 'trade' as const },
    ]);
    const client = await replayToAdapter(
      replay,
      'binance',
      {
        wsUrl: `${replay.wsUrl}/binance`,
        restUrl: `${replay.httpUrl}/binance`,
        tradeStream: 'aggTrade',
      },
      subscriptions,
      SYMBOLS.length * 2,
      6,
    );

    expect(client.errors).toEqual([]);
    expect(client.resyncs()).toEqual([]);
    expect(client.snapshotsFetched).toHaveLength(SYMBOLS.length);
    expect(client.applied()).toBeGreaterThan(SYMBOLS.length);
    expect(client.events.filter((event) => event.type === 'trade')).toHaveLength(2);
    for (const symbol of SYMBOLS) {
      await expectSameBook(
        replay,
        'binance',
        `${symbol.toLowerCase()}@depth@100ms`,
        client.book(symbol),
      );
    }
    client.close();
  });

  it('answers SUBSCRIBE on /ws and sends raw events of exactly the subscribed streams', async () => {
    const client = await WsClient.connect(`${replay.wsUrl}/binance/ws`);
    client.send({ method: 'SUBSCRIBE', params: ['nknusdt@depth@100ms', 'lrcbtc@aggTrade'], id: 7 });
    expect(await client.next('the ack', (frame: { id?: number }) => frame.id === 7)).toEqual({
      result: null,
      id: 7,
    });
    client.send({ method: 'LIST_SUBSCRIPTIONS', id: 8 });
    expect(await client.next('the list', (frame: { id?: number }) => frame.id === 8)).toEqual({
      result: ['nknusdt@depth@100ms', 'lrcbtc@aggTrade'],
      id: 8,
    });
    await sendJson('PATCH', `${replay.httpUrl}/control/venues/binance`, { speed: 'max' });
    await sendJson('POST', `${replay.httpUrl}/control/venues/binance/start`);
    await waitForState(replay, 'binance', 'ended');
    // Everything handed out has been written to the socket: wait for the last NKNUSDT diff.
    await client.until('the last NKNUSDT diff', () =>
      client.json<{ u?: number }>().some((frame) => frame.u === 499870179),
    );

    const events = client
      .json<{ e?: string; s?: string }>()
      .filter((frame) => frame.e !== undefined);
    // Raw streams carry the bare event, not the combined {stream, data} envelope.
    expect(client.json<{ stream?: string }>().some((frame) => frame.stream !== undefined)).toBe(
      false,
    );
    expect(new Set(events.map((event) => `${event.s}:${event.e}`))).toEqual(
      new Set(['NKNUSDT:depthUpdate', 'LRCBTC:aggTrade']),
    );
    const diffs = events.filter((event) => event.e === 'depthUpdate') as unknown as DepthUpdate[];
    for (let i = 1; i < diffs.length; i += 1) {
      expect(diffs[i]?.U).toBe((diffs[i - 1]?.u ?? 0) + 1);
    }
    client.close();
    await sendJson('PATCH', `${replay.httpUrl}/control/venues/binance`, { speed: 6 });
  });

  it('pings and answers malformed requests with Binance errors', async () => {
    const client = await WsClient.connect(`${replay.wsUrl}/binance/stream`);
    await client.until('two server pings', () => client.pings.length >= 2);
    client.send('not json');
    expect(
      await client.next('an error', (frame: { error?: unknown }) => frame.error !== undefined),
    ).toEqual({
      error: { code: 3, msg: 'Invalid JSON: expected an object' },
      id: null,
    });
    client.send({ method: 'SUBSCRIBE', params: ['NOT A STREAM'], id: 1 });
    expect(
      await client.next('a bad-stream error', (frame: { id?: number }) => frame.id === 1),
    ).toMatchObject({
      error: { code: 2 },
    });
    client.close();
  });

  it('serves /api/v3/depth with the venue error shapes and the requested limit', async () => {
    const missing = await getJson(`${replay.httpUrl}/binance/api/v3/depth`);
    expect(missing).toEqual({ status: 400, body: expect.objectContaining({ code: -1102 }) });
    const unknown = await getJson(`${replay.httpUrl}/binance/api/v3/depth?symbol=BTCUSDT`);
    expect(unknown).toEqual({ status: 400, body: { code: -1121, msg: 'Invalid symbol.' } });
    const depth = await getJson<{ lastUpdateId: number; bids: unknown[]; asks: unknown[] }>(
      `${replay.httpUrl}/binance/api/v3/depth?symbol=NKNUSDT&limit=5`,
    );
    expect(depth.status).toBe(200);
    // Before any diff went out the snapshot is the recorded one.
    expect(depth.body.lastUpdateId).toBe(499869752);
    expect(depth.body.bids).toHaveLength(5);
    expect(depth.body.asks).toHaveLength(5);
  });
});
