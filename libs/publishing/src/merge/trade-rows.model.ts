/**
 * The trades of one minute as columns: numbers the merge compares, and byte offsets of the
 * text fields inside the decompressed object they came from (`texts[object]`). No object or
 * string per trade, so a minute of tens of thousands of trades costs a few typed arrays,
 * reused from minute to minute.
 */
export class TradeRows {
  count = 0;
  /** Decompressed NDJSON of each object of the minute, by object index. */
  readonly texts: Buffer[] = [];
  object: Int32Array = new Int32Array(0);
  time: Float64Array = new Float64Array(0);
  /** `seqId`, `NaN` when the trade has none. */
  seq: Float64Array = new Float64Array(0);
  /** The trade id's value when it is a canonical number (no leading zero, <= 15 digits), else `NaN`. */
  tidValue: Float64Array = new Float64Array(0);
  /** Offsets [start, end) of exchangeTimeUs, symbol, trade id (start -1: none), price, size, seqId text. */
  timeStart: Int32Array = new Int32Array(0);
  timeEnd: Int32Array = new Int32Array(0);
  symStart: Int32Array = new Int32Array(0);
  symEnd: Int32Array = new Int32Array(0);
  tidStart: Int32Array = new Int32Array(0);
  tidEnd: Int32Array = new Int32Array(0);
  priceStart: Int32Array = new Int32Array(0);
  priceEnd: Int32Array = new Int32Array(0);
  sizeStart: Int32Array = new Int32Array(0);
  sizeEnd: Int32Array = new Int32Array(0);
  seqStart: Int32Array = new Int32Array(0);
  seqEnd: Int32Array = new Int32Array(0);
  /** 0 buy, 1 sell. */
  side: Uint8Array = new Uint8Array(0);

  reset(): void {
    this.count = 0;
    this.texts.length = 0;
  }

  /** Makes room for one more row and returns its index. */
  add(): number {
    const i = this.count;
    if (i === this.time.length) this.grow(Math.max(1024, i * 2));
    this.count = i + 1;
    return i;
  }

  /** The text of bytes [start, end) of `object`'s buffer (ASCII, checked by the scanner). */
  text(object: number, start: number, end: number): string {
    return (this.texts[object] as Buffer).toString('latin1', start, end);
  }

  tradeId(i: number): string {
    const start = this.tidStart[i] as number;
    return start < 0 ? '' : this.text(this.object[i] as number, start, this.tidEnd[i] as number);
  }

  private grow(capacity: number): void {
    const n = this.count;
    const f64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(capacity);
      b.set(a.subarray(0, n));
      return b;
    };
    const i32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(capacity);
      b.set(a.subarray(0, n));
      return b;
    };
    this.object = i32(this.object);
    this.time = f64(this.time);
    this.seq = f64(this.seq);
    this.tidValue = f64(this.tidValue);
    this.timeStart = i32(this.timeStart);
    this.timeEnd = i32(this.timeEnd);
    this.symStart = i32(this.symStart);
    this.symEnd = i32(this.symEnd);
    this.tidStart = i32(this.tidStart);
    this.tidEnd = i32(this.tidEnd);
    this.priceStart = i32(this.priceStart);
    this.priceEnd = i32(this.priceEnd);
    this.sizeStart = i32(this.sizeStart);
    this.sizeEnd = i32(this.sizeEnd);
    this.seqStart = i32(this.seqStart);
    this.seqEnd = i32(this.seqEnd);
    const side = new Uint8Array(capacity);
    side.set(this.side.subarray(0, n));
    this.side = side;
  }
}
