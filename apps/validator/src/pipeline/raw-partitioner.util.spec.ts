import { partitionOfKey } from './raw-partitioner.util';

describe('partitionOfKey', () => {
  it('matches the Java client: murmur2 made positive, modulo the partition count', () => {
    // Hashes from Kafka's UtilsTest.testMurmur2: "21" -973932308, "abc" 479470107,
    // "foobar" -790332482, "a-little-bit-long-string" -985981536.
    const positiveMod1000 = (hash: number) => (hash & 0x7fffffff) % 1000;
    expect(partitionOfKey(Buffer.from('21'), 1000)).toBe(positiveMod1000(-973932308));
    expect(partitionOfKey(Buffer.from('abc'), 1000)).toBe(positiveMod1000(479470107));
    expect(partitionOfKey(Buffer.from('foobar'), 1000)).toBe(positiveMod1000(-790332482));
    expect(partitionOfKey(Buffer.from('a-little-bit-long-string'), 1000)).toBe(
      positiveMod1000(-985981536),
    );
    expect(partitionOfKey(Buffer.from('binance:BTCUSDT'), 1)).toBe(0);
  });
});
