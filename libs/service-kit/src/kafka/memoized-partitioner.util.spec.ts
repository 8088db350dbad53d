import { Partitioners, type PartitionerArgs } from 'kafkajs';

import { MemoizedDefaultPartitioner } from './memoized-partitioner.util';

function metadata(count: number): PartitionerArgs['partitionMetadata'] {
  return Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: 1,
    partitionErrorCode: 0,
    replicas: [1],
    isr: [1],
  }));
}

describe('MemoizedDefaultPartitioner', () => {
  const keys = Array.from({ length: 500 }, (_, i) => `binance:SYM${i}USDT`);

  it('chooses the partition the default partitioner chooses, for every key and partition count', () => {
    const memoized = MemoizedDefaultPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    for (const count of [1, 6, 12, 6]) {
      const partitionMetadata = metadata(count);
      for (const key of [...keys, ...keys]) {
        const args = { topic: 'raw', partitionMetadata, message: { key, value: 'x' } };
        expect([key, count, memoized(args)]).toEqual([key, count, reference(args)]);
      }
    }
  });

  it('keeps an explicit partition', () => {
    const memoized = MemoizedDefaultPartitioner();
    const args = {
      topic: 'raw',
      partitionMetadata: metadata(6),
      message: { key: keys[0] as string, value: 'x', partition: 4 },
    };
    expect(memoized(args)).toBe(4);
  });
});
