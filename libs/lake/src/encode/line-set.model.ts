import { type ReplicaNeutralEnvelope, toCanonicalJson } from '@tickline/domain';

import { compareOrderKeys, sequenceKeyOf, tradeIdOf } from './event-order.util';

const REPLICA_NEUTRAL = { localFields: false } as const;
const NEWLINE = 0x0a;
const INITIAL_CAPACITY = 4_096;

export interface OrderedLines {
  /** The NDJSON text: replica-neutral canonical lines in lake order, each ending in \n. */
  readonly text: Buffer;
  readonly lineCount: number;
  /** Identified events (with a sequence key or trade id) received more than once, dropped. */
  readonly duplicates: number;
}

/**
 * The canonical lines of one window with their sort keys, in arrival order. Each line is encoded
 * into one growing byte buffer as its event arrives: a buffered minute then costs its NDJSON
 * bytes plus three numbers per event, instead of millions of retained strings (concatenated
 * strings are trees of pieces, which the garbage collector has to trace and copy while a minute
 * of events waits for its window to close). Events already in lake order, the usual case, need
 * no copy at all: the buffer is the object text.
 */
export class LineSet {
  private bytes: Buffer = Buffer.allocUnsafe(INITIAL_CAPACITY);
  private used = 0;
  /** Where each line starts; it ends where the next starts (its \n included). */
  private readonly starts: number[] = [];
  private readonly seqKeys: number[] = [];
  private readonly times: number[] = [];
  private readonly tradeIds: string[] = [];
  private inOrder = true;

  get size(): number {
    return this.starts.length;
  }

  /** Adds an event; returns the bytes its line took. */
  add(event: ReplicaNeutralEnvelope): number {
    const line = toCanonicalJson(event, REPLICA_NEUTRAL);
    // Room for the worst case of UTF-8 (every envelope field is ASCII, so it is never used).
    this.reserve(line.length * 3 + 1);
    const start = this.used;
    const written = this.bytes.write(line, start, 'utf8');
    this.bytes[start + written] = NEWLINE;
    this.used = start + written + 1;
    this.track(start, sequenceKeyOf(event), event.exchangeTimeUs, tradeIdOf(event));
    return written + 1;
  }

  /** Copies line `index` of another set (merging objects without re-serializing). */
  copyFrom(other: LineSet, index: number): void {
    const from = other.startOf(index);
    const to = other.endOf(index);
    this.reserve(to - from);
    const start = this.used;
    other.bytes.copy(this.bytes, start, from, to);
    this.used = start + (to - from);
    this.track(
      start,
      other.seqKeys[index] as number,
      other.times[index] as number,
      other.tradeIds[index] as string,
    );
  }

  /** Line `index` without its terminator. */
  lineAt(index: number): string {
    return this.bytes.toString('utf8', this.startOf(index), this.endOf(index) - 1);
  }

  private startOf(index: number): number {
    return this.starts[index] as number;
  }

  private endOf(index: number): number {
    return index + 1 < this.starts.length ? (this.starts[index + 1] as number) : this.used;
  }

  private reserve(extra: number): void {
    if (this.used + extra <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.used + extra) capacity *= 2;
    const grown = Buffer.allocUnsafe(capacity);
    this.bytes.copy(grown, 0, 0, this.used);
    this.bytes = grown;
  }

  private track(start: number, seq: number, time: number, tradeId: string): void {
    const n = this.starts.length;
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
    this.starts.push(start);
    this.seqKeys.push(seq);
    this.times.push(time);
    this.tradeIds.push(tradeId);
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

  private sameLine(a: number, b: number): boolean {
    const aStart = this.startOf(a);
    const aEnd = this.endOf(a);
    const bStart = this.startOf(b);
    return (
      aEnd - aStart === this.endOf(b) - bStart &&
      this.bytes.compare(this.bytes, bStart, bStart + (aEnd - aStart), aStart, aEnd) === 0
    );
  }

  /**
   * The NDJSON text in lake order (see event-order.util). An identified event whose line equals
   * an earlier line with the same keys is a duplicate delivery (a resent frame) and is dropped;
   * unidentified equal lines are kept, since two real fills can look exactly alike. The text may
   * share memory with the set: do not add to the set while using it.
   */
  ordered(): OrderedLines {
    const n = this.starts.length;
    let order: number[] | null = null;
    if (!this.inOrder) {
      order = new Array<number>(n);
      for (let i = 0; i < n; i++) order[i] = i;
      order.sort((a, b) => this.compareAt(a, b) || a - b);
    }
    const at = (k: number): number => (order === null ? k : (order[k] as number));
    // Positions (in output order) of the lines to drop.
    let dropped: Set<number> | null = null;
    let runStart = 0;
    for (let k = 1; k < n; k++) {
      const i = at(k);
      if (this.compareAt(at(k - 1), i) !== 0) {
        runStart = k;
        continue;
      }
      if (Number.isNaN(this.seqKeys[i] as number) && this.tradeIds[i] === '') continue;
      for (let j = runStart; j < k; j++) {
        if (this.sameLine(at(j), i)) {
          dropped ??= new Set();
          dropped.add(k);
          break;
        }
      }
    }
    const duplicates = dropped === null ? 0 : dropped.size;
    if (order === null && dropped === null) {
      return { text: this.bytes.subarray(0, this.used), lineCount: n, duplicates: 0 };
    }
    const text = Buffer.allocUnsafe(this.used);
    let length = 0;
    for (let k = 0; k < n; k++) {
      if (dropped?.has(k)) continue;
      const i = at(k);
      length += this.bytes.copy(text, length, this.startOf(i), this.endOf(i));
    }
    return { text: text.subarray(0, length), lineCount: n - duplicates, duplicates };
  }
}
