// Exact arithmetic on plain decimal text (digits with an optional point), for the few places
// where a double is not enough: telling apart prices that share a double, and the spread.

const ZERO = 48;

function integerEnd(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? text.length : dot;
}

function firstSignificant(text: string, end: number): number {
  let i = 0;
  while (i < end - 1 && text.charCodeAt(i) === ZERO) i++;
  return i;
}

/**
 * Compares two plain decimals by value: negative, zero or positive as `a` is below, equal to or
 * above `b`. Spelling does not matter (`"1.50"` equals `"1.5"`, `"007"` equals `"7"`); no
 * allocation.
 */
export function compareDecimalText(a: string, b: string): number {
  const aEnd = integerEnd(a);
  const bEnd = integerEnd(b);
  const aStart = firstSignificant(a, aEnd);
  const bStart = firstSignificant(b, bEnd);
  const aDigits = aEnd - aStart;
  const bDigits = bEnd - bStart;
  if (aDigits !== bDigits) return aDigits - bDigits;
  for (let k = 0; k < aDigits; k++) {
    const diff = a.charCodeAt(aStart + k) - b.charCodeAt(bStart + k);
    if (diff !== 0) return diff;
  }
  const aFraction = aEnd < a.length ? a.length - aEnd - 1 : 0;
  const bFraction = bEnd < b.length ? b.length - bEnd - 1 : 0;
  const longest = aFraction > bFraction ? aFraction : bFraction;
  for (let k = 0; k < longest; k++) {
    const aCode = k < aFraction ? a.charCodeAt(aEnd + 1 + k) : ZERO;
    const bCode = k < bFraction ? b.charCodeAt(bEnd + 1 + k) : ZERO;
    if (aCode !== bCode) return aCode - bCode;
  }
  return 0;
}

/**
 * `a - b` exactly, as decimal text with as many fraction digits as the longer operand
 * (`"30249.4" - "30182.6"` is `"66.8"`, never `66.80000000000291`); negative results carry a
 * leading `-`.
 */
export function subtractDecimalText(a: string, b: string): string {
  const aEnd = integerEnd(a);
  const bEnd = integerEnd(b);
  const aFraction = aEnd < a.length ? a.slice(aEnd + 1) : '';
  const bFraction = bEnd < b.length ? b.slice(bEnd + 1) : '';
  const scale = Math.max(aFraction.length, bFraction.length);
  const difference =
    BigInt(a.slice(0, aEnd) + aFraction.padEnd(scale, '0')) -
    BigInt(b.slice(0, bEnd) + bFraction.padEnd(scale, '0'));
  const negative = difference < 0n;
  const digits = (negative ? -difference : difference).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}
