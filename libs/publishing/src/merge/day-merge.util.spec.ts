import { createHash } from 'node:crypto';

import {
  csvLines,
  DAY_START,
  inputObject,
  mergeToMemory,
  MINUTE_US,
  ndjsonGzip,
  trade,
  withSystem,
} from '../../test/publishing-events.fixture';
import type { MergeInputObject } from './day-merge.util';

async function merge(objects: MergeInputObject[], markets?: string[]) {
  const result = await mergeToMemory(objects, markets === undefined ? {} : { markets });
  return { ...result, ...csvLines(result.gzip) };
}

const t = (second: number): number => DAY_START + second * 1_000_000;

describe('mergeDay', () => {
  it('keeps the union of both systems once per trade id, the primary copy first', async () => {
    const all = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => trade('BTC-USD', t(i), String(100 + i)));
    const primary = all.slice(0, 5);
    const replica = withSystem(all.slice(2), 'replica');
    const { manifest, rows, header } = await merge([
      inputObject('replica', 'BTC-USD', 0, ndjsonGzip(replica)),
      inputObject('primary', 'BTC-USD', 0, ndjsonGzip(primary)),
    ]);
    expect(header).toBe(
      'exchange_time,exchange_time_us,venue,symbol,market,trade_id,side,price,size,seq_id',
    );
    expect(rows.map((row) => row.split(',')[5])).toEqual([
      '101',
      '102',
      '103',
      '104',
      '105',
      '106',
      '107',
      '108',
    ]);
    expect(manifest.file.rows).toBe(8);
    expect(manifest.inputs.events).toBe(11);
    expect(manifest.markets[0]?.duplicates).toBe(3);
    expect(manifest.markets[0]?.objects).toEqual({ primary: 1, replica: 1 });
  });

  it('sorts by exchange time, then sequence, then trade id, across markets and minutes', async () => {
    const btc = [
      trade('BTC-USD', t(61), '9', { seqId: 5 }),
      trade('BTC-USD', t(61), '10', { seqId: 4 }),
      trade('BTC-USD', t(2), '1', { seqId: 1 }),
    ];
    const eth = [
      trade('ETH-USD', t(1), '7', { seqId: 3 }),
      trade('ETH-USD', t(62), '8', { seqId: 2 }),
    ];
    const { rows } = await merge([
      inputObject('primary', 'BTC-USD', 1, ndjsonGzip(btc.slice(0, 2))),
      inputObject('primary', 'BTC-USD', 0, ndjsonGzip(btc.slice(2))),
      inputObject('replica', 'ETH-USD', 0, ndjsonGzip(withSystem(eth.slice(0, 1), 'replica'))),
      inputObject('replica', 'ETH-USD', 1, ndjsonGzip(withSystem(eth.slice(1), 'replica'))),
    ]);
    expect(rows.map((row) => row.split(',')[5])).toEqual(['7', '1', '10', '9', '8']);
    expect(rows[0]?.split(',').slice(0, 2)).toEqual(['2026-11-26T00:00:01.000000Z', String(t(1))]);
  });

  it('keeps as many equal id-less trades as the object holding the most of them', async () => {
    const x = trade('BTC-USD', t(3), undefined);
    const y = trade('BTC-USD', t(3), undefined, { price: '61241' });
    const { rows, manifest } = await merge([
      inputObject('primary', 'BTC-USD', 0, ndjsonGzip([x, x])),
      inputObject('replica', 'BTC-USD', 0, ndjsonGzip(withSystem([x, x, y], 'replica'))),
      inputObject('replica', 'BTC-USD', 0, ndjsonGzip(withSystem([x], 'replica')), 'ingestor-1'),
    ]);
    expect(rows.map((row) => row.split(',')[7])).toEqual(['61240.12', '61240.12', '61241']);
    expect(manifest.markets[0]?.duplicates).toBe(3);
  });

  it('reports coverage per market with the ranges each system and neither had', async () => {
    const objects: MergeInputObject[] = [];
    for (let minute = 0; minute < 10; minute++) {
      objects.push(
        inputObject(
          'primary',
          'BTC-USD',
          minute,
          ndjsonGzip([trade('BTC-USD', t(minute * 60 + 1), `p${minute}`)]),
        ),
      );
    }
    for (let minute = 5; minute < 15; minute++) {
      objects.push(
        inputObject(
          'replica',
          'BTC-USD',
          minute,
          ndjsonGzip(withSystem([trade('BTC-USD', t(minute * 60 + 1), `r${minute}`)], 'replica')),
        ),
      );
    }
    objects.push(
      inputObject('primary', 'BTC-USD', 1439, ndjsonGzip([trade('BTC-USD', t(1439 * 60), 'last')])),
    );
    const { manifest } = await merge(objects, ['BTC-USD', 'ETH-USD']);
    const [btc, eth] = manifest.markets;
    expect(btc?.coverage.minutes).toEqual({
      both: 5,
      primaryOnly: 6,
      replicaOnly: 5,
      neither: 1424,
    });
    expect(btc?.coverage.primaryOnlyRanges).toEqual([
      { from: '2026-11-26T00:00:00.000000Z', to: '2026-11-26T00:05:00.000000Z', minutes: 5 },
      { from: '2026-11-26T23:59:00.000000Z', to: '2026-11-27T00:00:00.000000Z', minutes: 1 },
    ]);
    expect(btc?.coverage.replicaOnlyRanges).toEqual([
      { from: '2026-11-26T00:10:00.000000Z', to: '2026-11-26T00:15:00.000000Z', minutes: 5 },
    ]);
    expect(btc?.coverage.neitherRanges).toEqual([
      { from: '2026-11-26T00:15:00.000000Z', to: '2026-11-26T23:59:00.000000Z', minutes: 1424 },
    ]);
    expect(eth?.coverage.minutes.neither).toBe(1440);
    expect(eth?.coverage.neitherRanges).toHaveLength(1);
    expect(eth?.rows).toBe(0);
  });

  it('quarantines bad gzip, bad JSON and wrong-schema lines with key and line, keeping the rest', async () => {
    const good = trade('BTC-USD', t(1), '1');
    const notGzip = inputObject('primary', 'BTC-USD', 2, Buffer.from('not gzip at all'));
    const badLines = inputObject(
      'replica',
      'BTC-USD',
      0,
      ndjsonGzip([
        withSystem([good], 'replica')[0] as never,
        '{"v":1,',
        JSON.stringify({
          ...withSystem([trade('BTC-USD', t(2), '2')], 'replica')[0],
          payload: { price: 'x' },
        }),
        withSystem([trade('BTC-USD', t(3), '3')], 'replica')[0] as never,
      ]),
    );
    const { rows, manifest } = await merge([notGzip, badLines]);
    expect(rows.map((row) => row.split(',')[5])).toEqual(['1', '3']);
    const entries = manifest.quarantine.map(({ system, key, line, kind, dropped }) => ({
      system,
      key,
      line,
      kind,
      dropped,
    }));
    expect(entries).toEqual([
      { system: 'replica', key: badLines.key, line: 2, kind: 'json', dropped: true },
      { system: 'replica', key: badLines.key, line: 3, kind: 'schema', dropped: true },
      { system: 'primary', key: notGzip.key, line: null, kind: 'gzip', dropped: true },
    ]);
    // The unreadable minute is missing, not covered.
    expect(manifest.markets[0]?.coverage.minutes.neither).toBe(1439);
  });

  it('reports an object whose fetch fails instead of failing the day', async () => {
    const failing: MergeInputObject = {
      ...inputObject('primary', 'BTC-USD', 0, Buffer.alloc(0)),
      load: () => Promise.reject(new Error('connection reset')),
    };
    const ok = inputObject(
      'replica',
      'BTC-USD',
      0,
      ndjsonGzip(withSystem([trade('BTC-USD', t(1), '1')], 'replica')),
    );
    const { rows, manifest } = await merge([failing, ok]);
    expect(rows).toHaveLength(1);
    expect(manifest.quarantine).toEqual([
      expect.objectContaining({ key: failing.key, kind: 'read', line: null, dropped: true }),
    ]);
  });

  it('hashes and counts exactly the bytes written, and is deterministic', async () => {
    const events = Array.from({ length: 500 }, (_, i) => trade('BTC-USD', t(i), String(i)));
    const objects = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((minute) =>
      inputObject(
        'primary',
        'BTC-USD',
        minute,
        ndjsonGzip(
          events.filter(
            (e) =>
              e.exchangeTimeUs >= t(minute * 60) && e.exchangeTimeUs < t(minute * 60) + MINUTE_US,
          ),
        ),
      ),
    );
    const first = await merge(objects);
    const second = await merge([...objects].reverse());
    expect(first.manifest.file.sha256).toBe(createHash('sha256').update(first.gzip).digest('hex'));
    expect(first.manifest.file.bytes).toBe(first.gzip.length);
    expect(second.gzip.equals(first.gzip)).toBe(true);
    expect(first.rows).toHaveLength(500);
  });

  it('quarantines objects of another venue, type or day as foreign', async () => {
    const other = inputObject(
      'primary',
      'BTC-USD',
      1440,
      ndjsonGzip([trade('BTC-USD', t(86_401), '1')]),
    );
    const { manifest, rows } = await merge([other]);
    expect(rows).toHaveLength(0);
    expect(manifest.quarantine).toEqual([
      expect.objectContaining({ key: other.key, kind: 'foreign', dropped: true }),
    ]);
  });
});
