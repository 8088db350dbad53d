import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';

import { MarketStateStore } from '../market-state/market-state.store';
import type { BookView, MarketState, TradeView } from '../market-state/market-state.types';

/** Where a push subscription delivers (an SSE response, a gRPC stream). */
export interface UpdateSink {
  trade(view: TradeView): void;
  book(view: BookView): void;
  /** The service is shutting down. */
  end(): void;
}

interface Subscription {
  readonly marketIds: ReadonlySet<string>;
  readonly depth: number;
  readonly sink: UpdateSink;
  readonly pendingBooks: Set<string>;
  scheduled: boolean;
}

/**
 * Fans the store's changes out to push subscribers. Every trade is delivered; book changes
 * are coalesced per subscriber to one top-`depth` book per market per event-loop turn, so a
 * burst of deltas costs one book read, not one per delta.
 */
@Injectable()
export class MarketUpdatesHub implements OnModuleInit, OnModuleDestroy {
  private readonly byMarket = new Map<string, Set<Subscription>>();
  private readonly all = new Set<Subscription>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly store: MarketStateStore) {}

  onModuleInit(): void {
    this.unsubscribe = this.store.onChange((state, envelope) => {
      const subscriptions = this.byMarket.get(state.id);
      if (subscriptions === undefined) return;
      if (envelope.type === 'trade') {
        const view = this.store.trade(state.id);
        if (view !== undefined)
          for (const subscription of subscriptions) subscription.sink.trade(view);
      } else {
        for (const subscription of subscriptions) this.markBook(subscription, state);
      }
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    for (const subscription of [...this.all]) {
      this.remove(subscription);
      subscription.sink.end();
    }
  }

  get subscriberCount(): number {
    return this.all.size;
  }

  /**
   * Sends the current book and trade of each market, then every change; returns the
   * unsubscribe function. Markets must be known to the store (the caller checks).
   */
  subscribe(marketIds: readonly string[], depth: number, sink: UpdateSink): () => void {
    const subscription: Subscription = {
      marketIds: new Set(marketIds),
      depth,
      sink,
      pendingBooks: new Set(),
      scheduled: false,
    };
    for (const id of subscription.marketIds) {
      const book = this.store.book(id, depth);
      if (book !== undefined && book.bidLevels + book.askLevels > 0) sink.book(book);
      const trade = this.store.trade(id);
      if (trade?.trade) sink.trade(trade);
      let set = this.byMarket.get(id);
      if (set === undefined) {
        set = new Set();
        this.byMarket.set(id, set);
      }
      set.add(subscription);
    }
    this.all.add(subscription);
    return () => this.remove(subscription);
  }

  private markBook(subscription: Subscription, state: MarketState): void {
    subscription.pendingBooks.add(state.id);
    if (subscription.scheduled) return;
    subscription.scheduled = true;
    setImmediate(() => this.flush(subscription));
  }

  private flush(subscription: Subscription): void {
    subscription.scheduled = false;
    if (!this.all.has(subscription)) return;
    for (const id of subscription.pendingBooks) {
      const view = this.store.book(id, subscription.depth);
      if (view !== undefined) subscription.sink.book(view);
    }
    subscription.pendingBooks.clear();
  }

  private remove(subscription: Subscription): void {
    this.all.delete(subscription);
    for (const id of subscription.marketIds) {
      const set = this.byMarket.get(id);
      set?.delete(subscription);
      if (set?.size === 0) this.byMarket.delete(id);
    }
  }
}
