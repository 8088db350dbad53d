import { CONTEXT, errorOf, eventsOf, json } from '../../test/mapping.util';
import { createBitstampAdapter } from './bitstamp.adapter';

const adapter = createBitstampAdapter();
const mapper = adapter.createMapper(CONTEXT);

describe('Bitstamp mapping', () => {
  it('maps a live trade from the exact _str fields; type 0 is a taker buy', () => {
    const frame =
      '{"data":{"id":216000477,"timestamp":"1641343699","amount":0.0792,"amount_str":"0.07920000","price":3805.44,"price_str":"3805.44","type":0,"microtimestamp":"1641343699596000","buy_order_id":1443875737346049,"sell_order_id":1443875731320832},"channel":"live_trades_ethusd","event":"trade"}';
    expect(eventsOf(mapper.map(frame, 1_641_343_699_529_292))).toEqual([
      {
        v: 1,
        venue: 'bitstamp',
        symbol: 'ethusd',
        market: 'ETH-USD',
        type: 'trade',
        exchangeTimeUs: 1_641_343_699_596_000,
        receiveTimeUs: 1_641_343_699_529_292,
        system: 'primary',
        ingesterId: 'ingestor-0',
        payload: { price: '3805.44', size: '0.07920000', side: 'buy', tradeId: '216000477' },
      },
    ]);
  });

  it('maps a diff_order_book frame timed by its microtimestamp', () => {
    const frame =
      '{"data":{"timestamp":"1641343691","microtimestamp":"1641343691406478","bids":[["3800.71","1.76200000"],["3799.64","0.00000000"]],"asks":[]},"channel":"diff_order_book_ethusd","event":"data"}';
    expect(eventsOf(mapper.map(frame, 1_641_343_697_403_514))[0]).toMatchObject({
      type: 'book_delta',
      exchangeTimeUs: 1_641_343_691_406_478,
      payload: {
        bids: [
          ['3800.71', '1.76200000'],
          ['3799.64', '0.00000000'],
        ],
        asks: [],
      },
    });
  });

  it.each([
    [
      'a subscription ack',
      { event: 'bts:subscription_succeeded', channel: 'diff_order_book_sgbeur', data: {} },
      'subscription_ack',
    ],
    [
      'the heartbeat answer',
      { event: 'bts:heartbeat', channel: '', data: { status: 'success' } },
      'pong',
    ],
    [
      'a reconnect request',
      { event: 'bts:request_reconnect', channel: '', data: '' },
      'reconnect_request',
    ],
    [
      'a live order',
      { event: 'order_created', channel: 'live_orders_btcusd', data: {} },
      'unsupported_channel',
    ],
  ])('maps %s to nothing, by name', (_name, message, reason) => {
    expect(mapper.map(json(message), 1)).toMatchObject({ kind: 'ignored', reason });
  });

  it('reports bts:error as a venue error', () => {
    expect(
      mapper.map(
        json({
          event: 'bts:error',
          channel: '',
          data: { code: null, message: 'Bad subscription string.' },
        }),
        1,
      ),
    ).toEqual({
      kind: 'ignored',
      reason: 'venue_error',
      detail: 'Bad subscription string.',
    });
  });

  it.each([
    ['a trade type other than 0 or 1', { type: 2 }, 'unexpected_shape'],
    ['a float instead of price_str', { price_str: undefined }, 'invalid_decimal'],
    [
      'a microtimestamp in milliseconds as a number',
      { microtimestamp: 1641343699596 },
      'invalid_timestamp',
    ],
  ])('rejects a trade with %s', (_name, change, reason) => {
    const data = {
      id: 1,
      amount_str: '1.0',
      price_str: '1.0',
      type: 0,
      microtimestamp: '1641343699596000',
      ...change,
    };
    expect(
      errorOf(mapper.map(json({ data, channel: 'live_trades_ethusd', event: 'trade' }), 1)),
    ).toMatchObject({ venue: 'bitstamp', reason });
  });

  it('rejects an unknown event', () => {
    expect(
      errorOf(mapper.map('{"event":"data","channel":"mystery_ethusd","data":{}}', 1)).reason,
    ).toBe('unknown_message');
  });
});

describe('Bitstamp REST snapshot', () => {
  it('requests /api/v2/order_book/<pair> and maps it with its microtimestamp', () => {
    const local = createBitstampAdapter({ restUrl: 'http://127.0.0.1:9100/bitstamp' });
    const request = local.snapshot?.request('ETHUSD');
    expect(request).toEqual({
      url: 'http://127.0.0.1:9100/bitstamp/api/v2/order_book/ethusd',
      symbol: 'ethusd',
    });
    expect(local.snapshot?.parseUrl('https://www.bitstamp.net/api/v2/order_book/ethusd')).toEqual({
      url: 'https://www.bitstamp.net/api/v2/order_book/ethusd',
      symbol: 'ethusd',
    });
    const body =
      '{"timestamp": "1641343695", "microtimestamp": "1641343695681418", "bids": [["3802.90", "0.60000000"]], "asks": [["3803.00", "1.00000000"]]}';
    const mapped = mapper.mapSnapshot?.(
      { url: 'x', symbol: 'ethusd' },
      body,
      1_641_343_696_462_275,
    );
    expect(mapped && eventsOf(mapped)[0]).toMatchObject({
      type: 'book_snapshot',
      exchangeTimeUs: 1_641_343_695_681_418,
      receiveTimeUs: 1_641_343_696_462_275,
      payload: { bids: [['3802.90', '0.60000000']], asks: [['3803.00', '1.00000000']] },
    });
  });
});

describe('Bitstamp subscriptions', () => {
  it('sends one bts:subscribe frame per channel, as the capture did', () => {
    const streams = adapter.streams([
      { symbol: 'sgbeur', dataType: 'book_delta' },
      { symbol: 'sgbeur', dataType: 'trade' },
    ]);
    expect(adapter.subscribeFrames(streams)).toEqual([
      '{"event":"bts:subscribe","data":{"channel":"diff_order_book_sgbeur"}}',
      '{"event":"bts:subscribe","data":{"channel":"live_trades_sgbeur"}}',
    ]);
    expect(adapter.heartbeat.clientPing?.frame(1)).toBe('{"event":"bts:heartbeat"}');
  });
});
