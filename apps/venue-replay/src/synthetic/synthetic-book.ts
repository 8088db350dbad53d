import type { BookSide, Level } from '../book/book-side';
import { BookState, zeroLike, type BookChanges } from '../book/book-state';
import { formatUnits } from './decimal-units.util';
import type { Prng } from './prng.util';
import type { SyntheticMarket, VenueStyle } from './synthetic-markets.util';

/** Extra level fields a venue writes after price and size (Kraken time, OKX order count). */
export type LevelExtra = (rng: Prng, removal: boolean) => readonly string[] | undefined;

/**
 * A synthetic L2 book that moves like a real one: most changes are size updates near the top,
 * levels appear and vanish, the best price moves now and then, trades eat the best level, and
 * the book keeps about `depth` levels per side (removing the worst level explicitly when it
 * grows, so a client that never truncates still matches). Prices are whole ticks and sizes
 * whole lots, written as exact decimal text.
 */
export class SyntheticBook {
  readonly state = new BookState();
  private readonly tickScale: number;
  private readonly lotScale: number;
  private readonly pad: number;
  private changes: { bids: Map<string, Level>; asks: Map<string, Level> } = {
    bids: new Map(),
    asks: new Map(),
  };

  constructor(
    private readonly market: SyntheticMarket,
    private readonly style: VenueStyle,
    private readonly rng: Prng,
    private readonly extra: LevelExtra,
  ) {
    this.tickScale = 10 ** market.priceDecimals;
    this.lotScale = 10 ** style.sizeDecimals;
    this.pad = style.pricePad ?? market.priceDecimals;
    this.seed();
  }

  /** One book update: 1 to 4 level changes. */
  evolve(): BookChanges {
    const steps = this.rng.chance(0.5) ? 1 : this.rng.int(2, 4);
    for (let step = 0; step < steps; step += 1) {
      const side = this.rng.chance(0.5) ? this.state.bids : this.state.asks;
      const roll = this.rng.next();
      if (roll < 0.55 && side.length > 0) {
        const level = this.at(side, this.topBiasedIndex(side));
        this.write(side, level.price, this.resize(this.lotsOf(level)));
      } else if (roll < 0.75) {
        this.insertInside(side);
      } else if (roll < 0.93 && side.length > this.style.depth / 2) {
        this.write(side, this.at(side, this.topBiasedIndex(side)).price, 0);
      } else if (this.rng.chance(0.5) || side.length <= 3) {
        this.improveBest(side);
      } else {
        this.write(side, this.at(side, 0).price, 0);
      }
      this.keepDepth(side);
    }
    return this.flush();
  }

  /** A taker order against the best opposite level; the level shrinks or goes. */
  trade(taker: 'buy' | 'sell'): { price: string; size: string; changes: BookChanges } | undefined {
    const side = taker === 'buy' ? this.state.asks : this.state.bids;
    const best = side.top(1)[0];
    if (!best) {
      return undefined;
    }
    const lots = this.lotsOf(best);
    // Most trades are small against the level; some sweep it.
    const traded = Math.max(1, Math.min(lots, Math.round(lots * this.rng.next() ** 2)));
    this.write(side, best.price, lots - traded);
    this.keepDepth(side);
    return { price: best.price, size: this.sizeText(traded), changes: this.flush() };
  }

  private seed(): void {
    const midTicks = Math.max(4, Math.round(this.market.midPrice * this.tickScale));
    const spread = 1 + this.rng.int(0, 2);
    this.fillSide(this.state.bids, midTicks - 1, -1);
    this.fillSide(this.state.asks, midTicks - 1 + spread, 1);
    this.flush();
  }

  private fillSide(side: BookSide, bestTicks: number, direction: 1 | -1): void {
    let ticks = bestTicks;
    for (let index = 0; index < this.style.depth && ticks > 0; index += 1) {
      side.set(this.level(ticks, this.levelLots(index)));
      ticks += direction * (1 + Math.floor(this.rng.exponential(1 + index / 15)));
    }
  }

  /** Base notional grows with depth: thin at the touch, thicker further out. */
  private levelLots(index: number): number {
    const notional = this.rng.logNormal(1500 * (1 + index / 10), 0.9);
    return this.roundLots((notional / this.market.midPrice) * this.lotScale);
  }

  private resize(lots: number): number {
    return this.roundLots(lots * this.rng.logNormal(1, 0.5));
  }

  /** Three significant digits of lots, at least one lot: sizes look like people typed them. */
  private roundLots(value: number): number {
    if (!Number.isFinite(value) || value < 1) {
      return 1;
    }
    const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(value)) - 2);
    return Math.max(1, Math.round(value / magnitude) * magnitude);
  }

  private topBiasedIndex(side: BookSide): number {
    return Math.min(Math.floor(this.rng.exponential(4)), side.length - 1);
  }

  private insertInside(side: BookSide): void {
    if (side.length < 2) {
      this.improveBest(side);
      return;
    }
    const index = Math.min(this.topBiasedIndex(side), side.length - 2);
    const near = this.ticksOf(this.at(side, index));
    const far = this.ticksOf(this.at(side, index + 1));
    if (Math.abs(far - near) < 2) {
      return;
    }
    const ticks = near + Math.sign(far - near) * this.rng.int(1, Math.abs(far - near) - 1);
    this.write(side, this.priceText(ticks), this.levelLots(index));
  }

  private improveBest(side: BookSide): void {
    const own = side.top(1)[0];
    const opposite = (side === this.state.bids ? this.state.asks : this.state.bids).top(1)[0];
    if (!own || !opposite) {
      return;
    }
    const ownTicks = this.ticksOf(own);
    const gap = Math.abs(this.ticksOf(opposite) - ownTicks);
    if (gap < 2) {
      return;
    }
    const direction = side === this.state.bids ? 1 : -1;
    this.write(
      side,
      this.priceText(ownTicks + direction * this.rng.int(1, gap - 1)),
      this.levelLots(0),
    );
  }

  private keepDepth(side: BookSide): void {
    while (side.length > this.style.depth) {
      this.write(side, this.at(side, side.length - 1).price, 0);
    }
    const direction = side === this.state.bids ? -1 : 1;
    while (side.length < Math.ceil(this.style.depth * 0.9)) {
      const worst = side.at(side.length - 1);
      const ticks =
        (worst ? this.ticksOf(worst) : Math.round(this.market.midPrice * this.tickScale)) +
        direction * this.rng.int(1, 4);
      if (ticks <= 0) {
        return;
      }
      this.write(side, this.priceText(ticks), this.levelLots(side.length));
    }
  }

  private write(side: BookSide, price: string, lots: number): void {
    const level =
      lots > 0
        ? this.withExtra({ price, size: this.sizeText(lots) }, false)
        : this.withExtra(
            { price, size: this.style.trimSize ? '0' : zeroLike(this.sizeText(1)) },
            true,
          );
    side.apply(level);
    (side === this.state.bids ? this.changes.bids : this.changes.asks).set(price, level);
  }

  private flush(): BookChanges {
    const changes = {
      bids: [...this.changes.bids.values()],
      asks: [...this.changes.asks.values()],
    };
    this.changes = { bids: new Map(), asks: new Map() };
    return changes;
  }

  private level(ticks: number, lots: number): Level {
    return this.withExtra({ price: this.priceText(ticks), size: this.sizeText(lots) }, false);
  }

  private withExtra(level: Level, removal: boolean): Level {
    const extra = this.extra(this.rng, removal);
    return extra ? { ...level, extra } : level;
  }

  private at(side: BookSide, index: number): Level {
    return side.at(index) as Level;
  }

  private priceText(ticks: number): string {
    return formatUnits(
      ticks * 10 ** (this.pad - this.market.priceDecimals),
      this.pad,
      this.style.trimPrice,
    );
  }

  private sizeText(lots: number): string {
    return formatUnits(lots, this.style.sizeDecimals, this.style.trimSize);
  }

  private ticksOf(level: Level): number {
    return Math.round(Number(level.price) * this.tickScale);
  }

  private lotsOf(level: Level): number {
    return Math.round(Number(level.size) * this.lotScale);
  }
}
