import { CONTEXT, errorOf, eventsOf, json } from '../../test/mapping.util';
import { createOkxAdapter } from './okx.adapter';

const adapter = createOkxAdapter();
const mapper = adapter.createMapper(CONTEXT);

describe('OKX mapping', () => {
  it('maps a books update with its signed checksum and [px, sz] levels', () => {
    // OKX.ws.1.0.
    const frame =
      '{"arg":{"channel":"books","instId":"BTC-USD-220527"},"action":"update","data":[{"asks":[["30249.4","0","0","0"],["30261","4","0","1"],["30310.3","19","0","1"]],"bids":[["30182.6","452","0","1"]],"ts":"1652459225464","checksum":-914047754}]}';
    expect(eventsOf(mapper.map(frame, 1_652_459_225_708_481))).toEqual([
      {
        v: 1,
        venue: 'okx',
        symbol: 'BTC-USD-220527',
        market: 'BTC-USD-220527',
        type: 'book_delta',
        exchangeTimeUs: 1_652_459_225_464_000,
        receiveTimeUs: 1_652_459_225_708_481,
        checksum: -914_047_754,
        system: 'primary',
        ingesterId: 'ingestor-0',
        payload: {
          bids: [['30182.6', '452']],
          asks: [
            ['30249.4', '0'],
            ['30261', '4'],
            ['30310.3', '19'],
          ],
        },
      },
    ]);
  });

  it('keeps seqId and prevSeqId (nautilus sample) and the snapshot depth of the channel', () => {
    const snapshot = json({
      arg: { channel: 'books', instId: 'BTC-USDT' },
      action: 'snapshot',
      data: [
        {
          asks: [['8476.98', '415', '0', '13']],
          bids: [['8476.97', '256', '0', '12']],
          ts: '1597026383085',
          checksum: -855196043,
          prevSeqId: -1,
          seqId: 123456,
        },
      ],
    });
    expect(eventsOf(mapper.map(snapshot, 1_597_026_383_100_000))[0]).toMatchObject({
      type: 'book_snapshot',
      seqId: 123_456,
      prevId: -1,
      checksum: -855_196_043,
      payload: { depth: 400 },
    });
    const update = json({
      arg: { channel: 'books', instId: 'BTC-USDT' },
      action: 'update',
      data: [
        {
          asks: [],
          bids: [['8476.97', '0', '0', '0']],
          ts: '1597026383185',
          checksum: 0,
          prevSeqId: 123456,
          seqId: 123457,
        },
      ],
    });
    expect(eventsOf(mapper.map(update, 1))[0]).toMatchObject({
      type: 'book_delta',
      seqId: 123_457,
      prevId: 123_456,
      checksum: 0,
    });
  });

  it('maps each trade; side is the taker side', () => {
    const frame =
      '{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"338476307","px":"30236","sz":"0.0002","side":"buy","ts":"1652459224818"}]}';
    expect(eventsOf(mapper.map(frame, 1_652_459_225_507_260))[0]).toMatchObject({
      type: 'trade',
      exchangeTimeUs: 1_652_459_224_818_000,
      payload: { price: '30236', size: '0.0002', side: 'buy', tradeId: '338476307' },
    });
  });

  it.each([
    ['the text pong', 'pong', 'pong'],
    [
      'a subscribe answer',
      '{"event":"subscribe","arg":{"channel":"tickers","instId":"BTC-USD-220527"}}',
      'subscription_ack',
    ],
    [
      'a ticker',
      '{"arg":{"channel":"tickers","instId":"BTC-USDT"},"data":[{}]}',
      'unsupported_channel',
    ],
    [
      'a service notice',
      '{"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade."}',
      'reconnect_request',
    ],
    [
      'a connection count',
      '{"event":"channel-conn-count","channel":"books","connCount":"2","connId":"abc"}',
      'status',
    ],
  ])('maps %s to nothing, by name', (_name, frame, reason) => {
    expect(mapper.map(frame, 1)).toMatchObject({ kind: 'ignored', reason });
  });

  it('reports an error event as a venue error', () => {
    expect(mapper.map('{"event":"error","code":"60012","msg":"Invalid request"}', 1)).toEqual({
      kind: 'ignored',
      reason: 'venue_error',
      detail: '60012 Invalid request',
    });
  });

  it.each([
    [
      'a checksum beyond 32 bits',
      { checksum: 4_294_967_295 },
      'invalid_number',
      'data[0].checksum',
    ],
    [
      'a level size "-4"',
      { asks: [['30261', '-4', '0', '1']] },
      'invalid_decimal',
      'data[0].asks[0][1]',
    ],
    ['a time in seconds', { ts: '1652459225' }, 'invalid_timestamp', 'data[0].ts'],
    ['a seqId as text', { seqId: '5' }, 'invalid_number', 'data[0].seqId'],
  ])('rejects a books update with %s', (_name, change, reason, path) => {
    const data = { asks: [], bids: [], ts: '1652459225464', checksum: 1, ...change };
    const error = errorOf(
      mapper.map(
        json({ arg: { channel: 'books', instId: 'BTC-USDT' }, action: 'update', data: [data] }),
        1,
      ),
    );
    expect({ venue: error.venue, reason: error.reason, path: error.path }).toEqual({
      venue: 'okx',
      reason,
      path,
    });
  });

  it('rejects an empty data list, an unknown action and an unknown event', () => {
    expect(
      errorOf(
        mapper.map(
          '{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[]}',
          1,
        ),
      ).reason,
    ).toBe('unexpected_shape');
    expect(
      errorOf(
        mapper.map(
          '{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"patch","data":[{}]}',
          1,
        ),
      ).path,
    ).toBe('action');
    expect(errorOf(mapper.map('{"event":"surprise"}', 1)).reason).toBe('unknown_message');
  });
});

describe('OKX subscriptions', () => {
  it('subscribes channel/instId args in one frame, pings with the text ping', () => {
    const streams = adapter.streams([
      { symbol: 'BTC-USDT', dataType: 'trade' },
      { symbol: 'BTC-USDT', dataType: 'book_delta' },
    ]);
    expect(adapter.subscribeFrames(streams)).toEqual([
      '{"op":"subscribe","args":[{"channel":"trades","instId":"BTC-USDT"},{"channel":"books","instId":"BTC-USDT"}]}',
    ]);
    expect(adapter.connectionUrl(streams)).toBe('wss://ws.okx.com:8443/ws/v5/public');
    expect(adapter.heartbeat.clientPing?.frame(1)).toBe('ping');
    expect(adapter.parseClientFrame('ping')).toEqual({ kind: 'ping' });
  });

  it('reads the capture subscribe frames, skipping channels it does not carry', () => {
    const frame =
      '{"op":"subscribe","args":[{"channel":"tickers","instId":"BTC-USDT"},{"channel":"books","instId":"BTC-USDT"}]}';
    expect(adapter.parseClientFrame(frame)).toMatchObject({
      kind: 'subscribe',
      streams: [{ name: 'books:BTC-USDT' }],
    });
  });
});
