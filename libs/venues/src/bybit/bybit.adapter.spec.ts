import { CONTEXT, errorOf, eventsOf, json } from '../../test/mapping.util';
import { createBybitAdapter } from './bybit.adapter';
import { bybitMarketOf } from './bybit.market';

// Bybit has no bundled capture: these frames are the documented samples quoted in
// venue-protocols.md (tardis-dev "map bybit messages", 2023 captures), rebuilt as JSON.

const linear = createBybitAdapter({ category: 'linear', bookDepth: 50 });
const mapper = linear.createMapper(CONTEXT);

const SNAPSHOT = {
  topic: 'orderbook.50.BTCPERP',
  type: 'snapshot',
  ts: 1680673821591,
  data: {
    s: 'BTCPERP',
    b: [['28555.20', '0.597']],
    a: [['28555.30', '0.225']],
    u: 20683568,
    seq: 10916156551,
  },
};
const DELTA = {
  topic: 'orderbook.50.BTCPERP',
  type: 'delta',
  ts: 1680673821651,
  data: {
    s: 'BTCPERP',
    b: [['28555.20', '0.677']],
    a: [['28555.30', '0.029']],
    u: 20683569,
    seq: 10916156553,
  },
};
const TRADE = {
  topic: 'publicTrade.LTCUSDT',
  type: 'snapshot',
  ts: 1680688979985,
  data: [
    {
      T: 1680688979983,
      s: 'LTCUSDT',
      S: 'Buy',
      v: '0.4',
      p: '94.53',
      L: 'ZeroMinusTick',
      i: '4c7b6bdc-b4a3-5716-9c7b-bbe01dc7072f',
      BT: false,
    },
  ],
};

describe('Bybit v5 mapping (documented samples)', () => {
  it('maps the orderbook snapshot and delta with u as lastUpdateId and seq as seqId', () => {
    expect(eventsOf(mapper.map(json(SNAPSHOT), 1_680_673_821_600_000))[0]).toMatchObject({
      type: 'book_snapshot',
      symbol: 'BTCPERP',
      market: 'BTC-USDC-PERP',
      exchangeTimeUs: 1_680_673_821_591_000,
      seqId: 10_916_156_551,
      lastUpdateId: 20_683_568,
      payload: { depth: 50, bids: [['28555.20', '0.597']], asks: [['28555.30', '0.225']] },
    });
    expect(eventsOf(mapper.map(json(DELTA), 1_680_673_821_700_000))).toEqual([
      {
        v: 1,
        venue: 'bybit',
        symbol: 'BTCPERP',
        market: 'BTC-USDC-PERP',
        type: 'book_delta',
        exchangeTimeUs: 1_680_673_821_651_000,
        receiveTimeUs: 1_680_673_821_700_000,
        seqId: 10_916_156_553,
        lastUpdateId: 20_683_569,
        system: 'primary',
        ingesterId: 'ingestor-0',
        payload: { bids: [['28555.20', '0.677']], asks: [['28555.30', '0.029']] },
      },
    ]);
  });

  it('maps publicTrade with the trade time, taker side and string id', () => {
    expect(eventsOf(mapper.map(json(TRADE), 1_680_688_979_990_000))[0]).toMatchObject({
      type: 'trade',
      symbol: 'LTCUSDT',
      market: 'LTC-USDT-PERP',
      exchangeTimeUs: 1_680_688_979_983_000,
      payload: {
        price: '94.53',
        size: '0.4',
        side: 'buy',
        tradeId: '4c7b6bdc-b4a3-5716-9c7b-bbe01dc7072f',
      },
    });
  });

  it('syncs the documented snapshot and delta (u steps by one) and resubscribes on a gap', () => {
    const sync = linear.createBookSync('BTCPERP');
    const [snapshot] = eventsOf(mapper.map(json(SNAPSHOT), 1));
    const [delta] = eventsOf(mapper.map(json(DELTA), 1));
    const [skipped] = eventsOf(
      mapper.map(json({ ...DELTA, data: { ...DELTA.data, u: 20683575 } }), 1),
    );
    if (
      snapshot?.type !== 'book_snapshot' ||
      delta?.type !== 'book_delta' ||
      skipped?.type !== 'book_delta'
    )
      throw new Error('bad sample');
    expect(sync.handle(snapshot)[0]?.action).toBe('apply');
    expect(sync.handle(delta)[0]?.action).toBe('apply');
    expect(sync.handle(skipped)[0]).toMatchObject({
      action: 'resync',
      reason: 'gap',
      missing: { from: 20_683_570, to: 20_683_574 },
    });
  });

  it.each([
    [
      'a spot pong',
      '{"success":true,"ret_msg":"pong","conn_id":"0970e817-426e-429a-a679-ff7f55e0b16a","op":"ping"}',
      'pong',
    ],
    [
      'a derivatives pong',
      '{"req_id":"100001","op":"pong","args":["1675418560633"],"conn_id":"cfcb4ocsvfriu23r3er0-1b"}',
      'pong',
    ],
    [
      'a subscribe answer',
      '{"success":true,"ret_msg":"","conn_id":"3cd84cb1-4d06-4a05-930a-2efe5fc70f0f","req_id":"","op":"subscribe"}',
      'subscription_ack',
    ],
    [
      'a ticker',
      '{"topic":"tickers.BTCUSDT","type":"snapshot","ts":1673853746003,"data":{}}',
      'unsupported_channel',
    ],
  ])('maps %s to nothing, by name', (_name, frame, reason) => {
    expect(mapper.map(frame, 1)).toMatchObject({ kind: 'ignored', reason });
  });

  it('reports a refused subscription as a venue error', () => {
    const frame =
      '{"success":false,"ret_msg":"error:handler not found,topic:orderbook.3.BTCUSDT","conn_id":"x","req_id":"","op":"subscribe"}';
    expect(mapper.map(frame, 1)).toEqual({
      kind: 'ignored',
      reason: 'venue_error',
      detail: 'error:handler not found,topic:orderbook.3.BTCUSDT',
    });
  });

  it.each([
    ['an unknown type', { ...DELTA, type: 'update' }, 'unexpected_shape', 'type'],
    [
      'a u as text',
      { ...DELTA, data: { ...DELTA.data, u: '20683569' } },
      'invalid_number',
      'data.u',
    ],
    [
      'a price with an exponent',
      { ...DELTA, data: { ...DELTA.data, b: [['2.8e4', '1']] } },
      'invalid_decimal',
      'data.b[0][0]',
    ],
    [
      'a trade side in lower case',
      { ...TRADE, data: [{ ...TRADE.data[0], S: 'buy' }] },
      'unexpected_shape',
      'data[0].S',
    ],
    ['an unknown topic', { topic: 'mystery.BTCUSDT', data: {} }, 'unknown_message', 'topic'],
  ])('rejects %s', (_name, message, reason, path) => {
    const error = errorOf(mapper.map(json(message), 1));
    expect({ venue: error.venue, reason: error.reason, path: error.path }).toEqual({
      venue: 'bybit',
      reason,
      path,
    });
  });
});

describe('Bybit markets', () => {
  it.each([
    ['BTCUSDT', 'spot', 'BTC-USDT'],
    ['BTCUSDT', 'linear', 'BTC-USDT-PERP'],
    ['BTCPERP', 'linear', 'BTC-USDC-PERP'],
    ['BTC-26DEC25', 'linear', 'BTC-USDC-26DEC25'],
    ['BTCUSDT-26DEC25', 'linear', 'BTC-USDT-26DEC25'],
    ['BTCUSD', 'inverse', 'BTC-USD-PERP'],
    ['BTCUSDH25', 'inverse', 'BTC-USD-H25'],
    ['XYZ', 'spot', undefined],
  ] as const)('%s (%s) -> %s', (symbol, category, market) => {
    expect(bybitMarketOf(symbol, category)).toBe(market);
  });
});

describe('Bybit subscriptions', () => {
  it('connects to the category endpoint and subscribes at most 10 topics per frame', () => {
    const spot = createBybitAdapter();
    const symbols = Array.from({ length: 6 }, (_, i) => `C${i}USDT`);
    const streams = spot.streams(
      symbols.flatMap((symbol) => [
        { symbol, dataType: 'trade' as const },
        { symbol, dataType: 'book_delta' as const },
      ]),
    );
    expect(spot.connectionUrl(streams)).toBe('wss://stream.bybit.com/v5/public/spot');
    const frames = spot.subscribeFrames(streams);
    expect(frames).toHaveLength(2);
    expect(JSON.parse(frames[0] as string)).toEqual({
      op: 'subscribe',
      args: [
        'publicTrade.C0USDT',
        'orderbook.200.C0USDT',
        'publicTrade.C1USDT',
        'orderbook.200.C1USDT',
        'publicTrade.C2USDT',
        'orderbook.200.C2USDT',
        'publicTrade.C3USDT',
        'orderbook.200.C3USDT',
        'publicTrade.C4USDT',
        'orderbook.200.C4USDT',
      ],
      req_id: '1',
    });
    expect(spot.heartbeat.clientPing?.frame(3)).toBe('{"op":"ping","req_id":"3"}');
  });
});
