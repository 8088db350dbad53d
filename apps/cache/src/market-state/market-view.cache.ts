import type { MarketState } from './market-state.types';

/** Depths kept per market and kind before the oldest are dropped (bounds odd-depth clients). */
const MAX_DEPTHS_PER_KIND = 16;

interface Entry {
  version: number;
  readonly kinds: Map<string, Map<number, unknown>>;
}

/**
 * Read views built once per market update rather than once per request: a view is cached
 * under (market, kind, depth) and dropped as soon as the market's version moves, so a hot
 * market read at 10k requests/s serializes its book once per update per depth. Callers add
 * what changes with the clock (staleness) themselves.
 */
export class MarketViewCache {
  private readonly entries = new WeakMap<MarketState, Entry>();

  /** The cached view of `kind` at `depth` (0 for "whole book" or no depth), built on a miss. */
  get<T>(state: MarketState, kind: string, depth: number, build: () => T): T {
    let entry = this.entries.get(state);
    if (entry === undefined) {
      entry = { version: state.version, kinds: new Map() };
      this.entries.set(state, entry);
    } else if (entry.version !== state.version) {
      entry.version = state.version;
      entry.kinds.clear();
    }
    let views = entry.kinds.get(kind);
    if (views === undefined) {
      views = new Map();
      entry.kinds.set(kind, views);
    }
    const cached = views.get(depth);
    if (cached !== undefined) return cached as T;
    if (views.size >= MAX_DEPTHS_PER_KIND) views.clear();
    const view = build();
    views.set(depth, view);
    return view;
  }
}
