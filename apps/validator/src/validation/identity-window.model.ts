/**
 * The last `capacity` identities seen (sequence positions, trade ids) with the fingerprint of
 * the content that came with each: a bounded memory, oldest forgotten first.
 */
export class IdentityWindow {
  private readonly entries = new Map<string, string>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(identity: string): string | undefined {
    return this.entries.get(identity);
  }

  set(identity: string, fingerprint: string): void {
    this.entries.set(identity, fingerprint);
    if (this.entries.size > this.capacity) {
      // Map iteration follows insertion order: the first key is the oldest.
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
