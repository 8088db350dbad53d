/** Per partition: the first and the next-to-be-written offset of a topic. */
export interface PartitionRange {
  low: number;
  high: number;
}

/**
 * Where to start tailing each partition: the snapshot's offset when it is still on the topic,
 * else the oldest offset the topic keeps. `clamped` names partitions whose snapshot offset had
 * already been deleted by retention (events were lost for the markets that depended on it).
 */
export function startOffsets(
  ranges: ReadonlyMap<number, PartitionRange>,
  resume: ReadonlyMap<number, number>,
): { start: Map<number, number>; clamped: number[] } {
  const start = new Map<number, number>();
  const clamped: number[] = [];
  for (const [partition, range] of ranges) {
    const wanted = resume.get(partition);
    if (wanted === undefined) {
      start.set(partition, range.low);
    } else if (wanted < range.low) {
      start.set(partition, range.low);
      clamped.push(partition);
    } else {
      start.set(partition, Math.min(wanted, range.high));
    }
  }
  return { start, clamped };
}

/** Whether every partition's position reached its target. */
export function reached(
  positions: ReadonlyMap<number, number>,
  targets: ReadonlyMap<number, number>,
): boolean {
  for (const [partition, target] of targets) {
    if ((positions.get(partition) ?? 0) < target) return false;
  }
  return true;
}
