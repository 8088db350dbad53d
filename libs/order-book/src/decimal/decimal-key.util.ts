// The book orders levels by a number parsed once from the venue's decimal text. The common case
// (at most 15 significant digits, at most 22 fraction digits) is parsed here without leaving
// JavaScript: the digits form an exact integer below 2^53 and one IEEE division by an exact
// power of ten rounds correctly, so the result equals `Number(text)` bit for bit. Longer
// mantissas fall back to `Number(text)`, which also rounds correctly. Either way the mapping is
// monotonic, which is all the ordering needs; the rare distinct decimals that share a double are
// told apart by `compareDecimalText` in the book.

const MAX_EXACT_DIGITS = 15;
const MAX_EXACT_FRACTION_DIGITS = 22;

const POWERS_OF_TEN: readonly number[] = Array.from(
  { length: MAX_EXACT_FRACTION_DIGITS + 1 },
  (_, i) => Number(`1e${i}`),
);

const DOT = 46;
const ZERO = 48;

/**
 * The value of a plain decimal (`"30182.6"`, `"0.00001305"`, `"985"`), or `NaN` when the text
 * is not one: empty, a sign, an exponent, a bare or doubled point, any other character.
 */
export function decimalToNumber(text: string): number {
  const length = text.length;
  if (length === 0) return NaN;
  let mantissa = 0;
  let significant = 0;
  let fraction = -1;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === DOT) {
      if (fraction >= 0 || i === 0 || i === length - 1) return NaN;
      fraction = 0;
      continue;
    }
    const digit = code - ZERO;
    if (digit < 0 || digit > 9) return NaN;
    mantissa = mantissa * 10 + digit;
    if (mantissa !== 0) significant++;
    if (fraction >= 0) fraction++;
  }
  if (significant > MAX_EXACT_DIGITS || fraction > MAX_EXACT_FRACTION_DIGITS) return Number(text);
  return fraction > 0 ? mantissa / (POWERS_OF_TEN[fraction] as number) : mantissa;
}

/** What a size means to the book. */
export const SIZE_INVALID = -1;
export const SIZE_ZERO = 0;
export const SIZE_POSITIVE = 1;
export type SizeKind = typeof SIZE_INVALID | typeof SIZE_ZERO | typeof SIZE_POSITIVE;

/**
 * Classifies a size without converting it: `SIZE_ZERO` for any spelling of zero (`"0"`,
 * `"0.00000000"`), which removes a level, `SIZE_POSITIVE` for any other plain decimal, and
 * `SIZE_INVALID` for text that is not a plain decimal.
 */
export function classifySize(text: string): SizeKind {
  const length = text.length;
  if (length === 0) return SIZE_INVALID;
  let zero = true;
  let dot = false;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === DOT) {
      if (dot || i === 0 || i === length - 1) return SIZE_INVALID;
      dot = true;
    } else if (code > ZERO && code <= ZERO + 9) {
      zero = false;
    } else if (code !== ZERO) {
      return SIZE_INVALID;
    }
  }
  return zero ? SIZE_ZERO : SIZE_POSITIVE;
}
