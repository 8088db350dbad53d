/**
 * Collects CSV bytes in large preallocated buffers and hands them out as chunks of exactly
 * `chunkBytes` (the last one shorter). Callers write rows straight into `buf` at `pos` after
 * `room(n)`; the cut points depend only on the bytes, never on how rows were written, so every
 * path that writes the same text gives the same chunks.
 */
export class CsvChunkWriter {
  buf: Buffer;
  pos = 0;
  private readonly ready: Buffer[] = [];

  /** `slack` bounds a single `room` request (the longest row written in place). */
  constructor(
    private readonly chunkBytes = 1 << 20,
    private readonly slack = 1 << 16,
  ) {
    this.buf = Buffer.allocUnsafe(chunkBytes + slack);
  }

  /** Guarantees `n` (<= slack) writable bytes at `pos`. */
  room(n: number): void {
    if (n > this.slack) throw new Error(`a CSV row of ${n} bytes exceeds the ${this.slack} limit`);
    if (this.pos + n > this.buf.length) this.cut();
  }

  /** Moves full chunks to the ready list; call after writing rows. */
  cut(): void {
    while (this.pos >= this.chunkBytes) {
      const next = Buffer.allocUnsafe(this.chunkBytes + this.slack);
      const tail = this.pos - this.chunkBytes;
      this.buf.copy(next, 0, this.chunkBytes, this.pos);
      this.ready.push(this.buf.subarray(0, this.chunkBytes));
      this.buf = next;
      this.pos = tail;
    }
  }

  /** Appends text of any length (UTF-8). */
  writeString(text: string): void {
    if (text.length * 3 <= this.slack) {
      this.room(text.length * 3);
      this.pos += this.buf.write(text, this.pos, 'utf8');
    } else {
      const bytes = Buffer.from(text, 'utf8');
      for (let at = 0; at < bytes.length; at += this.slack) {
        const part = bytes.subarray(at, at + this.slack);
        this.room(part.length);
        this.pos += part.copy(this.buf, this.pos);
      }
    }
    if (this.pos >= this.chunkBytes) this.cut();
  }

  /** Chunks ready to go, oldest first; `final` also takes the incomplete last one. */
  take(final = false): Buffer[] {
    if (final && this.pos > 0) {
      this.ready.push(this.buf.subarray(0, this.pos));
      this.buf = Buffer.allocUnsafe(this.chunkBytes + this.slack);
      this.pos = 0;
    }
    return this.ready.splice(0, this.ready.length);
  }
}
