import { type ICustomPartitioner, Partitioners } from 'kafkajs';

/**
 * kafkajs' default (Java-compatible murmur2) partitioner with the answer remembered per key: an
 * ingestor sends the same few thousand `venue:symbol` keys millions of times, and the default
 * hashes each one and filters the partition list on every message. The memo is dropped when a
 * topic's partition count changes, so the mapping stays exactly the default one.
 */
export const MemoizedDefaultPartitioner: ICustomPartitioner = () => {
  const partition = Partitioners.DefaultPartitioner();
  const topics = new Map<string, { count: number; byKey: Map<string, number> }>();
  return (args) => {
    const { topic, partitionMetadata, message } = args;
    const key = message.key;
    if (
      typeof key !== 'string' ||
      (message.partition !== undefined && message.partition !== null)
    ) {
      return partition(args);
    }
    let memo = topics.get(topic);
    if (memo === undefined || memo.count !== partitionMetadata.length) {
      memo = { count: partitionMetadata.length, byKey: new Map() };
      topics.set(topic, memo);
    }
    let chosen = memo.byKey.get(key);
    if (chosen === undefined) {
      chosen = partition(args);
      memo.byKey.set(key, chosen);
    }
    return chosen;
  };
};
