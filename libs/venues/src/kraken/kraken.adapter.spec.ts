import { L2Book } from '../book/l2-book.model';
import { CONTEXT, errorOf, eventsOf, json } from '../../test/mapping.util';
import { krakenChecksumPart, krakenChecksumText } from './kraken-checksum.util';
import { createKrakenAdapter } from './kraken.adapter';

const adapter = createKrakenAdapter();
const mapper = adapter.createMapper(CONTEXT);

describe('Kraken v1 mapping', () => {
  it('maps an update with its checksum; XBT is BTC in the market', () => {
    // KRAKEN.ws.50.0: [464,{"a":[["56872.70000","0.01000000","1618678133.924027"]],"c":"2628179034"},"book-1000","XBT/CHF"]
    const frame =
      '[464,{"a":[["56872.70000","0.01000000","1618678133.924027"]],"c":"2628179034"},"book-1000","XBT/CHF"]';
    expect(eventsOf(mapper.map(frame, 1_618_678_134_259_469))).toEqual([
      {
        v: 1,
        venue: 'kraken',
        symbol: 'XBT/CHF',
        market: 'BTC-CHF',
        type: 'book_delta',
        exchangeTimeUs: 1_618_678_133_924_027,
        receiveTimeUs: 1_618_678_134_259_469,
        checksum: 2_628_179_034,
        system: 'primary',
        ingesterId: 'ingestor-0',
        payload: { bids: [], asks: [['56872.70000', '0.01000000']] },
      },
    ]);
  });

  it('merges an update split over two objects, keeping array order, stamped with the latest level time', () => {
    const frame =
      '[1920,{"a":[["0.042990","364630.28272081","1618678145.920470"]]},{"b":[["0.042990","0.00000000","1618678145.920708"]],"c":"4105471083"},"book-1000","SC/EUR"]';
    expect(eventsOf(mapper.map(frame, 1_618_678_145_951_321))[0]).toMatchObject({
      exchangeTimeUs: 1_618_678_145_920_708,
      checksum: 4_105_471_083,
      payload: { asks: [['0.042990', '364630.28272081']], bids: [['0.042990', '0.00000000']] },
    });
  });

  it('maps a snapshot with its depth, timed by its newest level', () => {
    const frame = json([
      464,
      {
        as: [
          ['56218.30000', '0.15000000', '1618678117.243818'],
          ['56218.40000', '0.02970000', '1618678093.187766'],
        ],
        bs: [['56200.00000', '1.00000000', '1618678120.000001']],
      },
      'book-1000',
      'XBT/CHF',
    ]);
    expect(eventsOf(mapper.map(frame, 1_618_678_133_710_264))[0]).toMatchObject({
      type: 'book_snapshot',
      exchangeTimeUs: 1_618_678_120_000_001,
      payload: {
        depth: 1000,
        bids: [['56200.00000', '1.00000000']],
        asks: [
          ['56218.30000', '0.15000000'],
          ['56218.40000', '0.02970000'],
        ],
      },
    });
  });

  it('maps each trade of a trade frame; "s" is a taker sell; v1 trades have no id', () => {
    const frame =
      '[993,[["354.11000000","0.89594024","1618678142.557535","s","l",""],["354.12000000","1.00000000","1618678142.557600","b","m",""]],"trade","XMR/USD"]';
    const events = eventsOf(mapper.map(frame, 1_618_678_142_592_855));
    expect(events.map((e) => (e.type === 'trade' ? [e.exchangeTimeUs, e.payload] : []))).toEqual([
      [1_618_678_142_557_535, { price: '354.11000000', size: '0.89594024', side: 'sell' }],
      [1_618_678_142_557_600, { price: '354.12000000', size: '1.00000000', side: 'buy' }],
    ]);
  });

  it.each([
    ['heartbeat', '{"event":"heartbeat"}', 'heartbeat'],
    ['pong', '{"event":"pong","reqid":4}', 'pong'],
    [
      'system status',
      '{"connectionID":18239578009413566319,"event":"systemStatus","status":"online","version":"1.8.3"}',
      'status',
    ],
    [
      'subscription status',
      '{"channelID":1665,"channelName":"trade","event":"subscriptionStatus","pair":"WAVES/EUR","status":"subscribed","subscription":{"name":"trade"}}',
      'subscription_ack',
    ],
    ['a ticker', '[1,{"a":["1",1,"1.0"]},"ticker","XBT/USD"]', 'unsupported_channel'],
  ])('maps %s to nothing, by name', (_name, frame, reason) => {
    expect(mapper.map(frame, 1)).toMatchObject({ kind: 'ignored', reason });
  });

  it('reports a refused subscription as a venue error', () => {
    const frame =
      '{"errorMessage":"Currency pair not supported","event":"subscriptionStatus","pair":"XBT/XYZ","status":"error","subscription":{"name":"book"}}';
    expect(mapper.map(frame, 1)).toEqual({
      kind: 'ignored',
      reason: 'venue_error',
      detail: 'XBT/XYZ Currency pair not supported',
    });
  });

  it.each([
    [
      'a float price',
      '[1,{"a":[[56872.7,"0.01","1618678133.924027"]],"c":"1"},"book-10","XBT/USD"]',
      'invalid_decimal',
    ],
    [
      'a checksum that is not digits',
      '[1,{"a":[["1.0","0.01","1618678133.924027"]],"c":"-5"},"book-10","XBT/USD"]',
      'invalid_number',
    ],
    [
      'a level time in milliseconds',
      '[1,{"a":[["1.0","0.01","1618678133924"]],"c":"1"},"book-10","XBT/USD"]',
      'invalid_timestamp',
    ],
    ['an update without levels', '[1,{"c":"1"},"book-10","XBT/USD"]', 'unexpected_shape'],
    ['an unknown channel', '[1,{},"spreadz","XBT/USD"]', 'unknown_message'],
    [
      'a pair without a slash',
      '[1,[["1","1","1618678133.1","b","l",""]],"trade","XBTUSD"]',
      'unknown_symbol',
    ],
  ])('rejects %s', (_name, frame, reason) => {
    expect(errorOf(mapper.map(frame, 1))).toMatchObject({ venue: 'kraken', reason });
  });
});

describe('Kraken checksum', () => {
  it('removes the point and leading zeros of each price and volume', () => {
    expect(krakenChecksumPart('0.05005')).toBe('5005');
    expect(krakenChecksumPart('0.00000500')).toBe('500');
    expect(krakenChecksumPart('1.00000000')).toBe('100000000');
    expect(krakenChecksumPart('56872.70000')).toBe('5687270000');
  });

  it('takes the 10 best asks low to high, then the 10 best bids high to low', () => {
    const book = new L2Book();
    const asks = Array.from({ length: 12 }, (_, i): [string, string] => [
      `0.${String(50 + i).padStart(4, '0')}`,
      '1.0',
    ]);
    const bids = Array.from({ length: 12 }, (_, i): [string, string] => [
      `0.${String(49 - i).padStart(4, '0')}`,
      '2.0',
    ]);
    book.replace(bids, asks);
    const text = krakenChecksumText(book);
    expect(text.startsWith('5010')).toBe(true); // ask 0.0050, volume 1.0
    expect(text).toContain('5910'); // the 10th ask
    expect(text).not.toContain('6010'); // the 11th ask is out
    expect(text.endsWith('4020')).toBe(true); // the 10th bid: 0.0040, volume 2.0
  });
});

describe('Kraken subscriptions', () => {
  it('subscribes book and trade per channel with the configured depth', () => {
    const k = createKrakenAdapter({ bookDepth: 100 });
    const streams = k.streams([
      { symbol: 'XBT/USD', dataType: 'book_delta' },
      { symbol: 'XBT/USD', dataType: 'trade' },
    ]);
    expect(streams.map((s) => s.name)).toEqual(['book-100:XBT/USD', 'trade:XBT/USD']);
    expect(k.subscribeFrames(streams)).toEqual([
      '{"event":"subscribe","pair":["XBT/USD"],"subscription":{"name":"book","depth":100},"reqid":1}',
      '{"event":"subscribe","pair":["XBT/USD"],"subscription":{"name":"trade"},"reqid":2}',
    ]);
  });

  it('reads the capture subscribe frame (no reqid)', () => {
    const frame =
      '{"event":"subscribe","pair":["WAVES/EUR","XMR/USD"],"subscription":{"name":"book","depth":1000}}';
    expect(adapter.parseClientFrame(frame)).toMatchObject({
      kind: 'subscribe',
      streams: [{ name: 'book-1000:WAVES/EUR' }, { name: 'book-1000:XMR/USD' }],
    });
  });

  it('pings every 30 s and expects the heartbeat stream to keep it fresh', () => {
    expect(adapter.heartbeat.clientPing?.frame(7)).toBe('{"event":"ping","reqid":7}');
    expect(adapter.parseClientFrame('{"event":"ping","reqid":7}')).toEqual({
      kind: 'ping',
      requestId: 7,
    });
  });
});
