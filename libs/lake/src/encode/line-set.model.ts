import { type ReplicaNeutralEnvelope, toCanonicalJson } from '@tickline/domain';

import { compareOrderKeys, sequenceKeyOf, tradeIdOf } from './event-order.util';

const REPLICA_NEUTRAL = { localFields: false } as const;

export interface OrderedLines {
  /** Replica-neutral canonical JSON lines in lake order, without line terminators. */
  readonly lines: readonly string[];
  /** Identified events (with a sequence key or trade id) received more than once, dropped. */
  readonly duplicates: number;
}

/**
 * The canonical lines of one window with their sort keys, in arrival order. Lines are made when
 * an event arrives, so a buffered window holds one flat string per event instead of the event's
 * object graph: a third of the heap, and far less for the garbage collector to trace while a
 * minute of events waits for its window to close.
 */
export class LineSet {
  private readonly lineList: string[] = [];
  private readonly seqKeys: number[] = [];
  private readonly times: number[] = [];
  private readonly tradeIds: string[] = [];
  private inOrder = true;
  private chars = 0;

  get size(): number {
    return this.lineList.length;
  }

  /** Total length of the lines (their UTF-8 byte count: every envelope field is ASCII). */
  get textLength(): number {
    return this.chars;
  }

  /** Adds an event; returns the length of its line. */
  add(event: ReplicaNeutralEnvelope): number {
    const line = toCanonicalJson(event, REPLICA_NEUTRAL);
    this.append(line, sequenceKeyOf(event), event.exchangeTimeUs, tradeIdOf(event));
    return line.length;
  }

  /** Copies entry `index` of another set (merging objects without re-serializing). */
  copyFrom(other: LineSet, index: number): void {
    this.append(
      other.lineList[index] as string,
      other.seqKeys[index] as number,
      other.times[index] as number,
      other.tradeIds[index] as string,
    );
  }

  lineAt(index: number): string {
    return this.lineList[index] as string;
  }

  private append(line: string, seq: number, time: number, tradeId: string): void {
    const n = this.lineList.length;
    if (
      this.inOrder &&
      n > 0 &&
      compareOrderKeys(
        this.seqKeys[n - 1] as number,
        this.times[n - 1] as number,
        this.tradeIds[n - 1] as string,
        seq,
        time,
        tradeId,
      ) > 0
    ) {
      this.inOrder = false;
    }
    this.lineList.push(line);
    this.seqKeys.push(seq);
    this.times.push(time);
    this.tradeIds.push(tradeId);
    this.chars += line.length;
  }

  private compareAt(a: number, b: number): number {
    return compareOrderKeys(
      this.seqKeys[a] as number,
      this.times[a] as number,
      this.tradeIds[a] as string,
      this.seqKeys[b] as number,
      this.times[b] as number,
      this.tradeIds[b] as string,
    );
  }

  /**
   * The lines in lake order (see event-order.util). An identified event whose line equals an
   * earlier line with the same keys is a duplicate delivery (a resent frame) and is dropped;
   * unidentified equal lines are kept, since two real fills can look exactly alike.
   */
  ordered(): OrderedLines {
    const n = this.lineList.length;
    let order: number[] | null = null;
    if (!this.inOrder) {
      order = new Array<number>(n);
      for (let i = 0; i < n; i++) order[i] = i;
      order.sort((a, b) => this.compareAt(a, b) || a - b);
    }
    const at = (k: number): number => (order === null ? k : (order[k] as number));
    const lines: string[] = [];
    let duplicates = 0;
    let runStart = 0;
    for (let k = 0; k < n; k++) {
      const i = at(k);
      const line = this.lineList[i] as string;
      if (k === 0 || this.compareAt(at(k - 1), i) !== 0) {
        runStart = k;
      } else if (!Number.isNaN(this.seqKeys[i] as number) || this.tradeIds[i] !== '') {
        let duplicate = false;
        for (let j = runStart; j < k && !duplicate; j++) {
          duplicate = this.lineList[at(j)] === line;
        }
        if (duplicate) {
          duplicates++;
          continue;
        }
      }
      lines.push(line);
    }
    return { lines, duplicates };
  }
}
