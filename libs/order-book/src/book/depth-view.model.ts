/**
 * A reusable buffer for the top levels of a book (`OrderBook.readDepth`), so a reader that
 * polls the book (a publisher, a checksum, an API handler) allocates nothing per read. Index 0
 * is the best level of each side; entries past `bidCount` / `askCount` are stale.
 */
export class DepthView {
  bidCount = 0;
  askCount = 0;
  readonly bidPrices: string[];
  readonly bidSizes: string[];
  readonly askPrices: string[];
  readonly askSizes: string[];
  /** The prices as numbers (for arithmetic and charts; the text is what to publish). */
  readonly bidPriceValues: Float64Array;
  readonly askPriceValues: Float64Array;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`A depth view needs a positive integer capacity, got ${capacity}`);
    }
    this.bidPrices = new Array<string>(capacity).fill('');
    this.bidSizes = new Array<string>(capacity).fill('');
    this.askPrices = new Array<string>(capacity).fill('');
    this.askSizes = new Array<string>(capacity).fill('');
    this.bidPriceValues = new Float64Array(capacity);
    this.askPriceValues = new Float64Array(capacity);
  }
}
