import type { Venue } from '@tickline/domain';

import { OrderBook } from '../book/order-book.model';
import type { BookUpdate, OrderBookOptions } from '../book/order-book.types';

/** A book event with the fields that name its market (`venue:symbol`, the Kafka key). */
export interface MarketBookUpdate extends BookUpdate {
  readonly venue: Venue;
  readonly symbol: string;
}

export interface MarketBooksOptions {
  /** Options per new book, by market id (e.g. a depth cap for Kraken v2 subscriptions). */
  readonly bookOptions?: OrderBookOptions | ((marketId: string) => OrderBookOptions);
}

/**
 * The books of many markets, keyed by market id `venue:symbol`. A book is created on the first
 * event of its market. Pass the id when it is at hand (the Kafka message key) to skip building
 * it from the envelope.
 */
export class MarketBooks implements Iterable<[string, OrderBook]> {
  private readonly books = new Map<string, OrderBook>();

  constructor(private readonly options: MarketBooksOptions = {}) {}

  get size(): number {
    return this.books.size;
  }

  /** Applies a book event to its market's book and returns that book. */
  apply(update: MarketBookUpdate, marketId = `${update.venue}:${update.symbol}`): OrderBook {
    const book = this.getOrCreate(marketId);
    book.applyEnvelope(update);
    return book;
  }

  get(marketId: string): OrderBook | undefined {
    return this.books.get(marketId);
  }

  has(marketId: string): boolean {
    return this.books.has(marketId);
  }

  getOrCreate(marketId: string): OrderBook {
    let book = this.books.get(marketId);
    if (book === undefined) {
      const options = this.options.bookOptions;
      book = new OrderBook(typeof options === 'function' ? options(marketId) : options);
      this.books.set(marketId, book);
    }
    return book;
  }

  delete(marketId: string): boolean {
    return this.books.delete(marketId);
  }

  clear(): void {
    this.books.clear();
  }

  marketIds(): IterableIterator<string> {
    return this.books.keys();
  }

  [Symbol.iterator](): IterableIterator<[string, OrderBook]> {
    return this.books.entries();
  }
}
