import { CONTEXT, errorOf, eventsOf, json } from '../../test/mapping.util';
import { createBinanceAdapter } from './binance.adapter';

const adapter = createBinanceAdapter();
const mapper = adapter.createMapper(CONTEXT);

describe('Binance mapping', () => {
  it('maps a combined-stream depthUpdate with U/u and exact decimals', () => {
    // BINANCE.ws.1.0, line 2.
    const frame =
      '{"stream":"nknusdt@depth@100ms","data":{"e":"depthUpdate","E":1633998512068,"s":"NKNUSDT","U":499869750,"u":499869752,"b":[["0.35130000","6195.00000000"],["0.34750000","5548.00000000"],["0.34640000","6222.00000000"]],"a":[]}}';
    expect(eventsOf(mapper.map(frame, 1_633_998_512_063_356))).toEqual([
      {
        v: 1,
        venue: 'binance',
        symbol: 'NKNUSDT',
        market: 'NKN-USDT',
        type: 'book_delta',
        exchangeTimeUs: 1_633_998_512_068_000,
        receiveTimeUs: 1_633_998_512_063_356,
        firstUpdateId: 499_869_750,
        lastUpdateId: 499_869_752,
        system: 'primary',
        ingesterId: 'ingestor-0',
        payload: {
          bids: [
            ['0.35130000', '6195.00000000'],
            ['0.34750000', '5548.00000000'],
            ['0.34640000', '6222.00000000'],
          ],
          asks: [],
        },
      },
    ]);
  });

  it('maps aggTrade (m=false: the taker bought) with the aggregate id', () => {
    const frame =
      '{"stream":"nknusdt@aggTrade","data":{"e":"aggTrade","E":1633998523963,"s":"NKNUSDT","a":15683430,"p":"0.35280000","q":"58.00000000","f":19862790,"l":19862790,"T":1633998523963,"m":false,"M":true}}';
    expect(eventsOf(mapper.map(frame, 1_633_998_523_957_215))[0]).toMatchObject({
      type: 'trade',
      exchangeTimeUs: 1_633_998_523_963_000,
      payload: { price: '0.35280000', size: '58.00000000', side: 'buy', tradeId: '15683430' },
    });
  });

  it('maps a raw @trade event (tardis sample) with the trade time and id', () => {
    const frame = json({
      stream: 'bnbbtc@trade',
      data: {
        e: 'trade',
        E: 1554076800945,
        s: 'BNBBTC',
        t: 40756030,
        p: '0.00426990',
        q: '33.82000000',
        b: 133829535,
        a: 133829504,
        T: 1554076800940,
        m: true,
        M: true,
      },
    });
    expect(eventsOf(mapper.map(frame, 1_554_076_800_950_000))[0]).toMatchObject({
      symbol: 'BNBBTC',
      market: 'BNB-BTC',
      exchangeTimeUs: 1_554_076_800_940_000,
      payload: { price: '0.00426990', size: '33.82000000', side: 'sell', tradeId: '40756030' },
    });
  });

  it('maps events of a raw /ws connection (no stream wrapper)', () => {
    const frame = json({
      e: 'depthUpdate',
      E: 1633998512568,
      s: 'NKNUSDT',
      U: 1,
      u: 2,
      b: [],
      a: [['0.35290000', '10968.00000000']],
    });
    expect(eventsOf(mapper.map(frame, 1_633_998_512_600_000))[0]).toMatchObject({
      type: 'book_delta',
      lastUpdateId: 2,
    });
  });

  it.each([
    ['a subscribe answer', '{"result":null,"id":1}', 'subscription_ack', undefined],
    [
      'a request error',
      '{"error":{"code":2,"msg":"Invalid request: unknown variant"},"id":3}',
      'venue_error',
      '2 Invalid request: unknown variant',
    ],
    [
      'a connection-level error',
      '{"code":1,"msg":"Invalid JSON"}',
      'venue_error',
      '1 Invalid JSON',
    ],
    [
      'bookTicker (capture)',
      '{"stream":"nknusdt@bookTicker","data":{"u":499869768,"s":"NKNUSDT","b":"0.35210000","B":"672.00000000","a":"0.35260000","A":"3199.00000000"}}',
      'unsupported_channel',
      'nknusdt@bookTicker',
    ],
    [
      'kline (capture)',
      '{"stream":"nknusdt@kline_1m","data":{"e":"kline","E":1633998523963,"s":"NKNUSDT","k":{}}}',
      'unsupported_channel',
      'nknusdt@kline_1m',
    ],
    [
      'a raw bookTicker',
      '{"u":1,"s":"BNBUSDT","b":"1","B":"2","a":"3","A":"4"}',
      'unsupported_channel',
      'bookTicker',
    ],
  ])('maps %s to nothing, by name', (_name, frame, reason, detail) => {
    expect(mapper.map(frame, 1)).toEqual({
      kind: 'ignored',
      reason,
      ...(detail ? { detail } : {}),
    });
  });

  it.each([
    ['a non-finite price', { p: 'NaN' }, 'invalid_decimal', 'data.p'],
    ['a number price', { p: 0.3528 }, 'invalid_decimal', 'data.p'],
    ['a time in seconds', { T: 1633998523 }, 'invalid_timestamp', 'data.T'],
    ['a missing maker flag', { m: undefined }, 'unexpected_shape', 'data.m'],
    ['an unknown quote', { s: 'NKNXYZ' }, 'unknown_symbol', 'data.s'],
  ])('rejects an aggTrade with %s', (_name, change, reason, path) => {
    const data = {
      e: 'aggTrade',
      E: 1633998523963,
      s: 'NKNUSDT',
      a: 1,
      p: '0.35280000',
      q: '58.00000000',
      T: 1633998523963,
      m: false,
      ...change,
    };
    const error = errorOf(mapper.map(json({ stream: 'nknusdt@aggTrade', data }), 1));
    expect({ venue: error.venue, reason: error.reason, path: error.path }).toEqual({
      venue: 'binance',
      reason,
      path,
    });
  });

  it('rejects garbage, unknown events and wrong id types with typed errors', () => {
    expect(
      errorOf(mapper.map('{"stream":"nknusdt@depth@100ms","data":{"e":"depthUpdate"', 1)).reason,
    ).toBe('invalid_json');
    expect(errorOf(mapper.map('{"stream":"x@trade","data":{"e":"mystery"}}', 1)).reason).toBe(
      'unknown_message',
    );
    expect(errorOf(mapper.map('{"hello":1}', 1)).reason).toBe('unknown_message');
    const depth = {
      e: 'depthUpdate',
      E: 1633998512068,
      s: 'NKNUSDT',
      U: '499869750',
      u: 499869752,
      b: [],
      a: [],
    };
    expect(
      errorOf(mapper.map(json({ stream: 'nknusdt@depth@100ms', data: depth }), 1)),
    ).toMatchObject({
      reason: 'invalid_number',
      path: 'data.U',
      message: 'binance invalid_number at data.U: expected a safe integer, got "499869750"',
    });
  });

  it('uses a configured market for a symbol the quote rule cannot split', () => {
    const custom = createBinanceAdapter({ markets: { NKNXYZ: 'NKN-XYZ' } }).createMapper(CONTEXT);
    const data = {
      e: 'aggTrade',
      E: 1633998523963,
      s: 'NKNXYZ',
      a: 1,
      p: '1',
      q: '1',
      T: 1633998523963,
      m: false,
    };
    expect(eventsOf(custom.map(json({ stream: 'nknxyz@aggTrade', data }), 1))[0]?.market).toBe(
      'NKN-XYZ',
    );
  });
});

describe('Binance REST snapshot', () => {
  it('builds the depth request against the configured REST base URL and parses it back', () => {
    const local = createBinanceAdapter({
      restUrl: 'http://127.0.0.1:9100/binance/',
      snapshotLimit: 5000,
    });
    const request = local.snapshot?.request('NKNUSDT');
    expect(request).toEqual({
      url: 'http://127.0.0.1:9100/binance/api/v3/depth?symbol=NKNUSDT&limit=5000',
      symbol: 'NKNUSDT',
      depth: 5000,
    });
    expect(local.snapshot?.parseUrl(request?.url ?? '')).toEqual(request);
    expect(
      local.snapshot?.parseUrl('http://127.0.0.1:9100/api/v3/trades?symbol=X'),
    ).toBeUndefined();
  });

  it('maps the response to a book_snapshot stamped with the receive time', () => {
    const request = { url: 'x', symbol: 'NKNUSDT', depth: 1000 };
    const body =
      '{"lastUpdateId":499869752,"bids":[["0.35210000","672.00000000"]],"asks":[["0.35260000","3199.00000000"]]}';
    expect(
      eventsOf(
        mapper.mapSnapshot?.(request, body, 1_633_998_512_320_639) ?? {
          kind: 'ignored',
          reason: 'status',
        },
      ),
    ).toEqual([
      {
        v: 1,
        venue: 'binance',
        symbol: 'NKNUSDT',
        market: 'NKN-USDT',
        type: 'book_snapshot',
        exchangeTimeUs: 1_633_998_512_320_639,
        receiveTimeUs: 1_633_998_512_320_639,
        lastUpdateId: 499_869_752,
        system: 'primary',
        ingesterId: 'ingestor-0',
        payload: {
          depth: 1000,
          bids: [['0.35210000', '672.00000000']],
          asks: [['0.35260000', '3199.00000000']],
        },
      },
    ]);
    expect(mapper.mapSnapshot?.(request, '{"code":-1121,"msg":"Invalid symbol."}', 1)).toEqual({
      kind: 'ignored',
      reason: 'venue_error',
      detail: '-1121 Invalid symbol.',
    });
    expect(
      errorOf(
        mapper.mapSnapshot?.(request, '{"lastUpdateId":1,"bids":[["1e-8","1"]],"asks":[]}', 1) ?? {
          kind: 'ignored',
          reason: 'status',
        },
      ).path,
    ).toBe('bids[0][0]');
  });
});

describe('Binance subscriptions', () => {
  const subscriptions = [
    { symbol: 'NKNUSDT', dataType: 'book_delta' as const },
    { symbol: 'NKNUSDT', dataType: 'book_snapshot' as const },
    { symbol: 'nknusdt', dataType: 'trade' as const },
  ];

  it('names streams in lower case and subscribes with SUBSCRIBE frames', () => {
    const streams = adapter.streams(subscriptions);
    expect(streams.map((s) => s.name)).toEqual(['nknusdt@depth@100ms', 'nknusdt@trade']);
    expect(adapter.connectionUrl(streams)).toBe('wss://stream.binance.com:9443/stream');
    expect(adapter.subscribeFrames(streams)).toEqual([
      '{"method":"SUBSCRIBE","params":["nknusdt@depth@100ms","nknusdt@trade"],"id":1}',
    ]);
    expect(adapter.unsubscribeFrames(streams)).toEqual([
      '{"method":"UNSUBSCRIBE","params":["nknusdt@depth@100ms","nknusdt@trade"],"id":1}',
    ]);
  });

  it('can name the streams in the URL instead, as the capture did', () => {
    const viaUrl = createBinanceAdapter({
      subscribeVia: 'url',
      tradeStream: 'aggTrade',
      wsUrl: 'ws://127.0.0.1:9100',
    });
    const streams = viaUrl.streams(subscriptions);
    const url = viaUrl.connectionUrl(streams);
    expect(url).toBe('ws://127.0.0.1:9100/stream?streams=nknusdt@depth@100ms/nknusdt@aggTrade');
    expect(viaUrl.subscribeFrames(streams)).toEqual([]);
    expect(viaUrl.streamsOfUrl(url)).toEqual(streams);
  });

  it('relies on the server ping (no client ping) and reconnects before the 24 h limit', () => {
    expect(adapter.heartbeat.clientPing).toBeUndefined();
    expect(adapter.limits).toMatchObject({
      maxStreamsPerConnection: 1024,
      maxClientFramesPerSecond: 5,
      maxConnectionAgeMs: 86_400_000,
    });
  });
});
