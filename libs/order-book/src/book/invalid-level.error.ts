import type { BookSide } from './order-book.types';

/**
 * A level whose price or size is not a plain decimal. Thrown before the book changes: a message
 * with one bad level is not applied at all.
 */
export class InvalidLevelError extends Error {
  override readonly name = 'InvalidLevelError';

  constructor(
    readonly side: BookSide,
    readonly index: number,
    readonly field: 'price' | 'size',
    readonly value: unknown,
  ) {
    const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 60)) : String(value);
    super(`Invalid book level ${side}[${index}]: ${field} ${shown} is not a plain decimal`);
  }
}
