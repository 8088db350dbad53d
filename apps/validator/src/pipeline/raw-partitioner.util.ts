import { Partitioners, type PartitionMetadata } from 'kafkajs';

/**
 * The partition a key lands on in a topic of `count` partitions, as every Tickline producer
 * picks it (the Java client's murmur2, see the service kit's createProducer). Used to find the
 * raw partition an event on the valid topic came from when the two topics differ in size.
 */
export function partitionOfKey(key: Buffer, count: number): number {
  const metadata = partitionMetadataCache.get(count) ?? metadataFor(count);
  return partitioner({ topic: 'any', partitionMetadata: metadata, message: { key, value: null } });
}

const partitioner = Partitioners.DefaultPartitioner();
const partitionMetadataCache = new Map<number, PartitionMetadata[]>();

function metadataFor(count: number): PartitionMetadata[] {
  const metadata = Array.from({ length: count }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
    offlineReplicas: [],
  }));
  partitionMetadataCache.set(count, metadata);
  return metadata;
}
