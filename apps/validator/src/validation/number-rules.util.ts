import { type BookLevel, type Envelope, isZeroDecimal } from '@tickline/domain';

/** A price or size the validator refuses: which field, and why. */
export interface NumberFault {
  /** The envelope path, e.g. `payload.price`, `payload.asks[2][0]`. */
  readonly field: string;
  readonly value: string;
  readonly message: string;
}

/**
 * Prices must be positive everywhere; sizes must be positive in trades and snapshots, while a
 * zero size in a delta removes the level. The envelope schema already admits only plain
 * decimals of at most 40 characters (no sign, no exponent, no NaN or Infinity spelling), so
 * every value is finite and non-negative by then: zero is what is left to catch.
 */
export function findBadNumber(envelope: Envelope): NumberFault | undefined {
  switch (envelope.type) {
    case 'trade': {
      const { price, size } = envelope.payload;
      if (isZeroDecimal(price))
        return fault('payload.price', price, 'a trade price must be positive');
      if (isZeroDecimal(size)) return fault('payload.size', size, 'a trade size must be positive');
      return undefined;
    }
    case 'book_delta':
      return (
        badLevel(envelope.payload.bids, 'bids', false) ??
        badLevel(envelope.payload.asks, 'asks', false)
      );
    case 'book_snapshot':
      return (
        badLevel(envelope.payload.bids, 'bids', true) ??
        badLevel(envelope.payload.asks, 'asks', true)
      );
  }
}

function badLevel(
  levels: readonly BookLevel[],
  side: 'bids' | 'asks',
  sizeMustBePositive: boolean,
): NumberFault | undefined {
  for (let i = 0; i < levels.length; i++) {
    const [price, size] = levels[i] as BookLevel;
    if (isZeroDecimal(price)) {
      return fault(`payload.${side}[${i}][0]`, price, 'a level price must be positive');
    }
    if (sizeMustBePositive && isZeroDecimal(size)) {
      return fault(`payload.${side}[${i}][1]`, size, 'a snapshot level size must be positive');
    }
  }
  return undefined;
}

function fault(field: string, value: string, message: string): NumberFault {
  return { field, value, message: `${field} is ${JSON.stringify(value)}: ${message}` };
}
