import type { Subscription } from '@tickline/venues';

import { replayToAdapter } from './support/adapter-run';
import { expectSameBook, waitForState } from './support/replay-checks';
import { sendJson, startReplay, type ReplayApp } from './support/replay-app';
import { WsClient } from './support/ws-client';

jest.setTimeout(90_000);

const INSTRUMENTS = ['BTC-USD-220527', 'UNI-USD-SWAP', 'BTC-USDT'];

describe('OKX v5 over the replay server', () => {
  let replay: ReplayApp;

  beforeAll(async () => {
    replay = await startReplay({
      REPLAY_VENUES: 'okx',
      REPLAY_START: 'manual',
      REPLAY_LOOP: 'false',
    });
  });

  afterAll(() => replay.close());

  it('syncs the books with every checksum verified by the adapter, and maps the trades', async () => {
    const subscriptions: Subscription[] = INSTRUMENTS.flatMap((symbol) => [
      { symbol, dataType: 'book_delta' as const },
      { symbol, dataType: 'trade' as const },
    ]);
    const client = await replayToAdapter(
      replay,
      'okx',
      { wsUrl: `${replay.wsUrl}/okx/ws/v5/public` },
      subscriptions,
      6,
      4,
    );
    expect(client.errors).toEqual([]);
    expect(client.resyncs()).toEqual([]);
    expect(client.applied()).toBe(290);
    expect(client.events.filter((event) => event.type === 'trade').length).toBeGreaterThan(0);
    for (const instId of INSTRUMENTS) {
      await expectSameBook(replay, 'okx', `books:${instId}`, client.book(instId));
    }
    client.close();
  });

  it('acknowledges per argument, sends the latest ticker on subscribe, answers ping and errors', async () => {
    await sendJson('POST', `${replay.httpUrl}/control/venues/okx/restart`);
    // At `max` the replay waits for a subscriber; a large factor plays without one.
    await sendJson('PATCH', `${replay.httpUrl}/control/venues/okx`, { speed: 10_000 });
    await sendJson('POST', `${replay.httpUrl}/control/venues/okx/start`);
    await waitForState(replay, 'okx', 'ended');
    const client = await WsClient.connect(`${replay.wsUrl}/okx/ws/v5/public`);
    client.send({
      op: 'subscribe',
      args: [
        { channel: 'tickers', instId: 'BTC-USDT' },
        { channel: 'books', instId: 'DOGE-USDT' },
      ],
    });
    expect(
      await client.next('the ack', (frame: { event?: string }) => frame.event === 'subscribe'),
    ).toEqual({
      event: 'subscribe',
      arg: { channel: 'tickers', instId: 'BTC-USDT' },
      connId: expect.stringMatching(/^[0-9a-f]{8}$/),
    });
    expect(
      await client.next('the error', (frame: { event?: string }) => frame.event === 'error'),
    ).toMatchObject({
      code: '60018',
    });
    const ticker = await client.next<{ arg?: { channel?: string }; data?: { instId: string }[] }>(
      'the latest ticker',
      (frame) => frame.arg?.channel === 'tickers' && frame.data !== undefined,
    );
    expect(ticker.data?.[0]?.instId).toBe('BTC-USDT');
    client.send('ping');
    await client.until('pong', () => client.received.some((frame) => frame.text === 'pong'));
    client.close();
  });
});
