import { decodeLakeObject } from '@tickline/lake';

import { inputObject, ndjsonGzip, trade } from '../../test/publishing-events.fixture';
import { decodeLakeObjectFast } from './fast-lake-decode.util';

const t = (i: number): number =>
  inputObject('primary', 'BTC-USD', 3, Buffer.alloc(0)).parts.windowStartUs + i;

describe('decodeLakeObjectFast', () => {
  const key = inputObject('primary', 'BTC-USD', 3, Buffer.alloc(0)).key;
  const good = [
    trade('BTC-USD', t(1), '1', { seqId: 3 }),
    trade('BTC-USD', t(2), '2', { seqId: 4 }),
  ];

  it.each([
    ['a clean object', ndjsonGzip(good)],
    ['a bad JSON line', ndjsonGzip([good[0] as never, '{"v":', good[1] as never])],
    ['an extra field', ndjsonGzip([{ ...good[0], receiveTimeUs: 5 } as never])],
    ['another market', ndjsonGzip([trade('ETH-USD', t(1), '1')])],
    ['another minute', ndjsonGzip([trade('BTC-USD', t(-1), '1')])],
    ['lines out of order', ndjsonGzip([good[1] as never, good[0] as never])],
    ['a bad decimal', ndjsonGzip([trade('BTC-USD', t(1), '1', { price: '1e5' })])],
    ['not gzip', Buffer.from('plain')],
    ['an empty object', ndjsonGzip([]).subarray(0, 0)],
  ])('gives what the validating decoder gives for %s', (_name, bytes) => {
    expect(decodeLakeObjectFast(key, bytes)).toEqual(decodeLakeObject(key, bytes));
  });

  it('accepts a clean object without issues', () => {
    expect(decodeLakeObjectFast(key, ndjsonGzip(good))).toEqual({ events: good, issues: [] });
  });
});
