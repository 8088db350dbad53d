interface Occurrences {
  accepted: number;
  readonly byIngester: Map<string, number>;
}

/**
 * Deduplication by content, for events without an id of their own (Kraken trades, Coinbase,
 * Kraken and Bitstamp book updates). A venue may send two genuinely identical messages (two
 * equal fills in the same microsecond), so content alone cannot tell a copy from a repeat;
 * counting per ingester can: the n-th occurrence from one ingester is new only when no
 * ingester had already delivered n of them.
 */
export class OccurrenceWindow {
  private readonly entries = new Map<string, Occurrences>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** Records one occurrence; `true` when it is new, `false` for a copy. */
  observe(fingerprint: string, ingesterId: string): boolean {
    let entry = this.entries.get(fingerprint);
    if (entry === undefined) {
      entry = { accepted: 0, byIngester: new Map() };
      this.entries.set(fingerprint, entry);
      if (this.entries.size > this.capacity) {
        const oldest = this.entries.keys().next().value as string;
        this.entries.delete(oldest);
      }
    }
    const seen = (entry.byIngester.get(ingesterId) ?? 0) + 1;
    entry.byIngester.set(ingesterId, seen);
    if (seen <= entry.accepted) return false;
    entry.accepted = seen;
    return true;
  }
}
