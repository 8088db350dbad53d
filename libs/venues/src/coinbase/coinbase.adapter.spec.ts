import { CONTEXT, errorOf, eventsOf, json } from '../../test/mapping.util';
import { createCoinbaseAdapter } from './coinbase.adapter';

const adapter = createCoinbaseAdapter();
const mapper = adapter.createMapper(CONTEXT);

describe('Coinbase mapping', () => {
  it('maps a match to a trade with the taker side (the inverse of the maker side) and seqId', () => {
    // COINBASE.ws.28.0: a resting sell was hit, so the taker bought.
    const frame =
      '{"type":"match","trade_id":280232,"maker_order_id":"2a0da34e-61f7-4c36-88e5-c9dd15927b16","taker_order_id":"3c82abaa-c01e-4608-be59-6a1e69742891","side":"sell","size":"985","price":"0.00001305","product_id":"SKL-BTC","sequence":177100030,"time":"2021-04-17T16:43:37.089723Z"}';
    expect(eventsOf(mapper.map(frame, 1_618_677_817_129_516))).toEqual([
      {
        v: 1,
        venue: 'coinbase',
        symbol: 'SKL-BTC',
        market: 'SKL-BTC',
        type: 'trade',
        exchangeTimeUs: 1_618_677_817_089_723,
        receiveTimeUs: 1_618_677_817_129_516,
        seqId: 177_100_030,
        system: 'primary',
        ingesterId: 'ingestor-0',
        payload: { price: '0.00001305', size: '985', side: 'buy', tradeId: '280232' },
      },
    ]);
  });

  it('maps an l2update: buy changes are bids, sell changes asks', () => {
    const frame = json({
      type: 'l2update',
      product_id: 'SKL-BTC',
      changes: [
        ['sell', '0.00001306', '660.5'],
        ['buy', '0.00001300', '0'],
      ],
      time: '2021-04-17T16:43:37.075687Z',
    });
    expect(eventsOf(mapper.map(frame, 1_618_677_817_118_783))[0]).toMatchObject({
      type: 'book_delta',
      exchangeTimeUs: 1_618_677_817_075_687,
      payload: { bids: [['0.00001300', '0']], asks: [['0.00001306', '660.5']] },
    });
  });

  it('maps the level2 snapshot, stamped with the receive time (it carries none)', () => {
    const frame = json({
      type: 'snapshot',
      product_id: 'SKL-BTC',
      asks: [['0.00001305', '4781.0']],
      bids: [['0.00001300', '10']],
    });
    expect(eventsOf(mapper.map(frame, 1_618_677_817_100_718))[0]).toMatchObject({
      type: 'book_snapshot',
      exchangeTimeUs: 1_618_677_817_100_718,
      payload: { bids: [['0.00001300', '10']], asks: [['0.00001305', '4781.0']] },
    });
  });

  it.each([
    ['subscriptions', { type: 'subscriptions', channels: [] }, 'subscription_ack'],
    ['last_match', { type: 'last_match', trade_id: 1 }, 'replay'],
    [
      'heartbeat',
      {
        type: 'heartbeat',
        sequence: 90,
        last_trade_id: 20,
        product_id: 'BTC-USD',
        time: '2014-11-07T08:19:28.464459Z',
      },
      'heartbeat',
    ],
    ['ticker', { type: 'ticker', product_id: 'BAND-GBP' }, 'unsupported_channel'],
  ])('maps %s to nothing, by name', (_name, message, reason) => {
    expect(mapper.map(json(message), 1)).toMatchObject({ kind: 'ignored', reason });
  });

  it('reports a venue error with its words', () => {
    expect(
      mapper.map(
        json({
          type: 'error',
          message: 'Failed to subscribe',
          reason: 'XYZ-USD is not a valid product',
        }),
        1,
      ),
    ).toEqual({
      kind: 'ignored',
      reason: 'venue_error',
      detail: 'Failed to subscribe: XYZ-USD is not a valid product',
    });
  });

  // Real malformed messages (tardis-dev test/mappers.test.ts, see venue-protocols.md).
  it('rejects the l2update stamped 0001-01-01 as an invalid timestamp', () => {
    const frame = json({
      type: 'l2update',
      product_id: 'BTC-USD',
      changes: [['buy', '40531.19', '0.1']],
      time: '0001-01-01T00:00:00.000000Z',
    });
    const error = errorOf(mapper.map(frame, 1));
    expect({ venue: error.venue, reason: error.reason, path: error.path }).toEqual({
      venue: 'coinbase',
      reason: 'invalid_timestamp',
      path: 'time',
    });
  });

  it('rejects the snapshot level ["40531.19", "0.-10000"] as an invalid decimal', () => {
    const frame = json({
      type: 'snapshot',
      product_id: 'BTC-USD',
      bids: [['40531.19', '0.-10000']],
      asks: [['40531.20', '1']],
    });
    expect(errorOf(mapper.map(frame, 1))).toMatchObject({
      venue: 'coinbase',
      reason: 'invalid_decimal',
      path: 'bids[0][1]',
      message:
        'coinbase invalid_decimal at bids[0][1]: expected a decimal string like "123.45", got "0.-10000"',
    });
  });

  it('rejects a change with an unknown side and a message of unknown type', () => {
    const frame = json({
      type: 'l2update',
      product_id: 'BTC-USD',
      changes: [['bid', '1', '1']],
      time: '2021-04-17T16:43:37.075687Z',
    });
    expect(errorOf(mapper.map(frame, 1))).toMatchObject({
      reason: 'unexpected_shape',
      path: 'changes[0][0]',
    });
    expect(errorOf(mapper.map('{"type":"l3update"}', 1)).reason).toBe('unknown_message');
  });
});

describe('Coinbase subscriptions', () => {
  it('subscribes one frame per channel, like the capture, plus a heartbeat for one product', () => {
    const streams = adapter.streams([
      { symbol: 'SKL-BTC', dataType: 'book_delta' },
      { symbol: 'SKL-BTC', dataType: 'trade' },
      { symbol: 'BAND-GBP', dataType: 'book_snapshot' },
    ]);
    expect(streams.map((s) => s.name)).toEqual([
      'level2:SKL-BTC',
      'matches:SKL-BTC',
      'level2:BAND-GBP',
    ]);
    expect(adapter.subscribeFrames(streams)).toEqual([
      '{"type":"subscribe","product_ids":["SKL-BTC","BAND-GBP"],"channels":["level2"]}',
      '{"type":"subscribe","product_ids":["SKL-BTC"],"channels":["matches"]}',
      '{"type":"subscribe","product_ids":["SKL-BTC"],"channels":["heartbeat"]}',
    ]);
    expect(adapter.connectionUrl(streams)).toBe('wss://ws-feed.exchange.coinbase.com');
  });

  it('reads the channel-object form of a subscribe frame too', () => {
    const frame = json({
      type: 'subscribe',
      channels: [{ name: 'level2_batch', product_ids: ['BTC-USD'] }, 'heartbeat'],
      product_ids: ['ETH-USD'],
    });
    expect(adapter.parseClientFrame(frame)).toEqual({
      kind: 'subscribe',
      streams: [
        {
          name: 'level2_batch:BTC-USD',
          symbol: 'BTC-USD',
          channel: 'book',
          dataTypes: ['book_snapshot', 'book_delta'],
        },
      ],
    });
  });
});
