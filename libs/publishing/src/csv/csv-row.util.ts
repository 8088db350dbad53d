import type { BookLevel, ReplicaNeutralEnvelope } from '@tickline/domain';

/**
 * CSV lines of one envelope (RFC 4180, `\n` line ends). Trades give one line; book messages one
 * line per level (bids first, then asks), or a single line with empty level columns when the
 * message has no level at all, so every published event is visible in the file.
 */

const NEEDS_QUOTES = /[",\r\n]/;

/** A text field, quoted only when it must be. Decimals and ids from the schema never need it. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function optional(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

// Formatting the date part is the costly bit; events come sorted, so the same second repeats.
let cachedSecond = Number.NaN;
let cachedPrefix = '';

/** ISO-8601 UTC with microseconds, e.g. `2026-11-27T00:00:01.000250Z`. */
export function isoMicros(us: number): string {
  const second = Math.floor(us / 1_000_000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19);
  }
  return `${cachedPrefix}.${pad(us - second * 1_000_000, 6)}Z`;
}

function levelLines(
  prefix: string,
  side: string,
  levels: readonly BookLevel[],
  out: string[],
): void {
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] as BookLevel;
    out.push(`${prefix}${side},${i},${level[0]},${level[1]}\n`);
  }
}

/** Appends the envelope's CSV lines to `out`; returns how many were added. */
export function appendCsvLines(event: ReplicaNeutralEnvelope, out: string[]): number {
  const head = `${isoMicros(event.exchangeTimeUs)},${event.exchangeTimeUs},${event.venue},${csvField(event.symbol)},${event.market},`;
  if (event.type === 'trade') {
    const p = event.payload;
    out.push(
      `${head}${p.tradeId === undefined ? '' : csvField(p.tradeId)},${p.side},${p.price},${p.size},${optional(event.seqId)}\n`,
    );
    return 1;
  }
  let prefix =
    `${head}${optional(event.seqId)},${optional(event.firstUpdateId)},${optional(event.lastUpdateId)},` +
    `${optional(event.prevId)},${optional(event.checksum)},`;
  if (event.type === 'book_snapshot') prefix += `${optional(event.payload.depth)},`;
  const { bids, asks } = event.payload;
  if (bids.length + asks.length === 0) {
    out.push(`${prefix},,,\n`);
    return 1;
  }
  levelLines(prefix, 'bid', bids, out);
  levelLines(prefix, 'ask', asks, out);
  return bids.length + asks.length;
}
