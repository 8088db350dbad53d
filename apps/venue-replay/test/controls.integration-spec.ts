import type { Subscription } from '@tickline/venues';

import { AdapterClient } from './support/adapter-client';
import { fixturePath } from './support/fixtures.util';
import { expectSameBook, venueStatus, waitDelivered, waitForState } from './support/replay-checks';
import { getJson, sendJson, startReplay, type ReplayApp } from './support/replay-app';
import { WsClient } from './support/ws-client';

jest.setTimeout(120_000);

const DAY_S = 86_400;

describe('replay controls: start modes, pause/resume, speed, loop, time shift, loading captures', () => {
  let replay: ReplayApp;

  beforeAll(async () => {
    replay = await startReplay({
      REPLAY_VENUES: 'binance,kraken,coinbase,bitstamp,okx',
      REPLAY_START: 'manual',
      REPLAY_LOOP: 'false',
      REPLAY_SPEED: '1',
    });
  });

  afterAll(() => replay.close());

  async function settings(venue: string, body: Record<string, unknown>) {
    const response = await sendJson<{ settings: Record<string, unknown> }>(
      'PATCH',
      `${replay.httpUrl}/control/venues/${venue}`,
      body,
    );
    expect(response.status).toBe(200);
    return response.body;
  }

  it('waits in manual mode, plays at real time once started, pauses and resumes', async () => {
    await sendJson('POST', `${replay.httpUrl}/control/venues/binance/restart`);
    const client = await WsClient.connect(
      `${replay.wsUrl}/binance/stream?streams=nknusdt@depth@100ms`,
    );
    expect((await venueStatus(replay, 'binance')).state).toBe('idle');
    await sendJson('POST', `${replay.httpUrl}/control/venues/binance/start`);
    await client.until('the first frames', () => client.received.length >= 2);
    const paused = await sendJson<{ state: string; position: { emitted: number } }>(
      'POST',
      `${replay.httpUrl}/control/venues/binance/pause`,
    );
    expect(paused.body.state).toBe('paused');
    // A 30 s recording at real time is far from done.
    expect(paused.body.position.emitted).toBeLessThan(269);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await venueStatus(replay, 'binance')).position.emitted).toBe(
      paused.body.position.emitted,
    );
    await settings('binance', { speed: 'max' });
    await sendJson('POST', `${replay.httpUrl}/control/venues/binance/resume`);
    const ended = await waitForState(replay, 'binance', 'ended');
    expect(ended.position.emitted).toBe(269 - 4);
    client.close();
    await settings('binance', { speed: 1 });
  });

  it('starts on the first subscription in on-subscribe mode (a new start mode restarts)', async () => {
    const status = await settings('okx', { start: 'on-subscribe', speed: 10_000 });
    expect(status.settings).toMatchObject({ start: 'on-subscribe', speed: 10_000 });
    expect((await venueStatus(replay, 'okx')).state).toBe('idle');
    const client = await WsClient.connect(`${replay.wsUrl}/okx/ws/v5/public`);
    client.send({ op: 'subscribe', args: [{ channel: 'trades', instId: 'BTC-USDT' }] });
    await waitForState(replay, 'okx', 'ended');
    client.close();
    await settings('okx', { start: 'manual' });
  });

  it('loops seamlessly: ids, times and books continue across loop bridges (Binance, Kraken, OKX)', async () => {
    const runs = [
      {
        venue: 'binance' as const,
        options: { wsUrl: `${replay.wsUrl}/binance`, restUrl: `${replay.httpUrl}/binance` },
        symbols: ['NKNUSDT', 'LRCBTC'],
        stream: (symbol: string) => `${symbol.toLowerCase()}@depth@100ms`,
      },
      {
        venue: 'kraken' as const,
        options: { wsUrl: `${replay.wsUrl}/kraken` },
        symbols: ['XBT/CHF', 'SC/EUR'],
        stream: (symbol: string) => `book-1000:${symbol}`,
      },
      {
        venue: 'okx' as const,
        options: { wsUrl: `${replay.wsUrl}/okx/ws/v5/public` },
        symbols: ['BTC-USDT', 'UNI-USD-SWAP'],
        stream: (symbol: string) => `books:${symbol}`,
      },
    ];
    for (const run of runs) {
      await sendJson('POST', `${replay.httpUrl}/control/venues/${run.venue}/restart`);
      await settings(run.venue, { loop: true, speed: 'max' });
      const subscriptions: Subscription[] = run.symbols.map((symbol) => ({
        symbol,
        dataType: 'book_delta' as const,
      }));
      const client = await AdapterClient.start(run.venue, run.options, subscriptions);
      while ((await venueStatus(replay, run.venue)).subscriptions < run.symbols.length) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await sendJson('POST', `${replay.httpUrl}/control/venues/${run.venue}/start`);
      const deadline = Date.now() + 60_000;
      while ((await venueStatus(replay, run.venue)).position.loop < 3) {
        if (Date.now() > deadline) throw new Error(`${run.venue} never reached its third loop`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await sendJson('POST', `${replay.httpUrl}/control/venues/${run.venue}/pause`);
      await waitDelivered(replay, run.venue, () => client.client.received.length);
      await client.settled();
      expect({ venue: run.venue, errors: client.errors, resyncs: client.resyncs() }).toEqual({
        venue: run.venue,
        errors: [],
        resyncs: [],
      });
      // Exchange time never goes backwards on a stream, loop after loop.
      for (const symbol of run.symbols) {
        const times = client.events
          .filter((event) => event.symbol === symbol)
          .map((event) => event.exchangeTimeUs);
        expect(
          times.every((time, index) => index === 0 || time >= (times[index - 1] as number)),
        ).toBe(true);
        await expectSameBook(replay, run.venue, run.stream(symbol), client.book(symbol));
      }
      client.close();
      await settings(run.venue, { loop: false, speed: 1 });
    }
  });

  it('shifts exchange timestamps to a given date, in each venue notation, keeping time of day', async () => {
    const days = (Date.UTC(2026, 2, 1) - Date.UTC(2021, 3, 17)) / 86_400_000;
    await settings('coinbase', { timeShift: '2026-03-01', speed: 'max' });
    const coinbase = await WsClient.connect(`${replay.wsUrl}/coinbase`);
    coinbase.send({ type: 'subscribe', product_ids: ['SKL-BTC'], channels: ['level2'] });
    await coinbase.next(
      'subscriptions',
      (frame: { type?: string }) => frame.type === 'subscriptions',
    );
    await settings('kraken', { timeShift: '2026-03-01', speed: 'max' });
    const kraken = await WsClient.connect(`${replay.wsUrl}/kraken`);
    kraken.send({ event: 'subscribe', pair: ['XMR/USD'], subscription: { name: 'trade' } });
    await kraken.next('the ack', (frame: { status?: string }) => frame.status === 'subscribed');
    await sendJson('POST', `${replay.httpUrl}/control/venues/coinbase/start`);
    await sendJson('POST', `${replay.httpUrl}/control/venues/kraken/start`);

    // The first recorded SKL-BTC update was at 2021-04-17T16:43:37.075687Z.
    const update = await coinbase.next<{ type?: string; time?: string }>(
      'an update',
      (frame) => frame.type === 'l2update',
    );
    expect(update.time?.startsWith('2026-03-01T16:43:')).toBe(true);
    const first = '2021-04-17T16:43:37.075687Z';
    const updates = coinbase
      .json<{ type?: string; time?: string }>()
      .filter((frame) => frame.type === 'l2update');
    expect(updates[0]?.time).toBe(first.replace('2021-04-17', '2026-03-01'));
    // Kraken trade times are epoch seconds with six decimals, shifted by whole days.
    const trade = await kraken.next<unknown[]>('a trade', (frame) => Array.isArray(frame));
    const time = ((trade[1] as string[][])[0] as string[])[2] as string;
    expect(time).toBe('1618678142.557535'.replace(/^\d+/, (s) => String(Number(s) + days * DAY_S)));
    const status = await venueStatus(replay, 'kraken');
    expect(status).toMatchObject({ settings: { timeShift: '2026-03-01' } });
    coinbase.close();
    kraken.close();
    await settings('coinbase', { timeShift: 'none', speed: 1 });
    await settings('kraken', { timeShift: 'none', speed: 1 });
  });

  it('shifts REST snapshots with the stream (Bitstamp microtimestamp, an exact instant)', async () => {
    await settings('bitstamp', { timeShift: '2030-01-01T00:00:00Z' });
    const { body } = await getJson<{ timestamp: string; microtimestamp: string }>(
      `${replay.httpUrl}/bitstamp/api/v2/order_book/ethusd`,
    );
    // The recording's first record (a REST response at 1641343696.241052) now happens at the
    // instant; the ethusd snapshot's own microtimestamp was 1641343695681418.
    const shift = Math.round((Date.UTC(2030, 0, 1) * 1000 - 1641343696241052) / 1e6);
    expect(body.microtimestamp).toBe(String(1641343695681418 + shift * 1_000_000));
    expect(body.timestamp).toBe(String(1641343695 + shift));
    await settings('bitstamp', { timeShift: 'none' });
  });

  it('rejects bad settings with a clear 400', async () => {
    const bad = await sendJson<{ errors: { path: string[]; message: string }[] }>(
      'PATCH',
      `${replay.httpUrl}/control/venues/binance`,
      { speed: 'warp', timeShift: 'yesterday' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      {
        code: 'custom',
        path: ['speed'],
        message: expect.stringContaining('"max" or a factor of real time'),
      },
      { code: 'custom', path: ['timeShift'], message: expect.stringContaining('got "yesterday"') },
    ]);
    expect((await getJson(`${replay.httpUrl}/control/venues/nasdaq`)).status).toBe(404);
  });

  it('replays a file in the capture format loaded at run time', async () => {
    const loaded = await sendJson<{ venues: string[] }>(
      'POST',
      `${replay.httpUrl}/control/recordings`,
      {
        paths: [fixturePath('KRAKEN.ws.48.0')],
      },
    );
    expect(loaded.body).toEqual({ venues: ['kraken'] });
    const status = await venueStatus(replay, 'kraken');
    expect(status).toMatchObject({
      source: { name: 'kraken-capture', sources: ['KRAKEN.ws.48.0'], streams: 10 },
    });
    const client = await WsClient.connect(`${replay.wsUrl}/kraken`);
    client.send({ event: 'subscribe', pair: ['XMR/USD'], subscription: { name: 'trade' } });
    await client.next('the ack', (frame: { status?: string }) => frame.status === 'subscribed');
    await settings('kraken', { speed: 'max' });
    await sendJson('POST', `${replay.httpUrl}/control/venues/kraken/start`);
    const trade = await client.next<unknown[]>('a trade', (frame) => Array.isArray(frame));
    expect(trade).toEqual([
      993,
      [['354.11000000', '0.89594024', '1618678142.557535', 's', 'l', '']],
      'trade',
      'XMR/USD',
    ]);
    client.close();
  });
});
