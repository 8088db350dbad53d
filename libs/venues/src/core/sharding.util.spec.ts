import { chunk, shardStreams } from './sharding.util';

const s = (symbol: string, name: string) => ({ symbol, name });

describe('shardStreams', () => {
  it('fills connections up to the cap, keeping a symbol’s streams together', () => {
    const streams = [
      s('A', 'a1'),
      s('A', 'a2'),
      s('B', 'b1'),
      s('B', 'b2'),
      s('C', 'c1'),
      s('C', 'c2'),
    ];
    expect(shardStreams(streams, 3).map((shard) => shard.map((x) => x.name))).toEqual([
      ['a1', 'a2'],
      ['b1', 'b2'],
      ['c1', 'c2'],
    ]);
    expect(shardStreams(streams, 4).map((shard) => shard.map((x) => x.name))).toEqual([
      ['a1', 'a2', 'b1', 'b2'],
      ['c1', 'c2'],
    ]);
  });

  it('groups a symbol even when its streams are not adjacent in the input', () => {
    const streams = [s('A', 'a1'), s('B', 'b1'), s('A', 'a2')];
    expect(shardStreams(streams, 2).map((shard) => shard.map((x) => x.name))).toEqual([
      ['a1', 'a2'],
      ['b1'],
    ]);
  });

  it('splits a symbol with more streams than a connection holds', () => {
    const streams = [s('A', 'a1'), s('A', 'a2'), s('A', 'a3')];
    expect(shardStreams(streams, 2).map((shard) => shard.map((x) => x.name))).toEqual([
      ['a1', 'a2'],
      ['a3'],
    ]);
  });

  it('covers 10,000 streams exactly once within a cap of 1,024', () => {
    const streams = Array.from({ length: 5_000 }, (_, i) => [
      s(`S${i}`, `s${i}t`),
      s(`S${i}`, `s${i}b`),
    ]).flat();
    const shards = shardStreams(streams, 1_024);
    expect(shards).toHaveLength(10);
    expect(shards.every((shard) => shard.length <= 1_024)).toBe(true);
    expect(shards.flat()).toEqual(streams);
  });

  it('refuses a cap that is not a positive integer', () => {
    expect(() => shardStreams([], 0)).toThrow('positive integer');
    expect(shardStreams([], 5)).toEqual([]);
  });
});

describe('chunk', () => {
  it('cuts a list into runs of at most n', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 2)).toEqual([]);
  });
});
