import { DATA_TYPES, type DataType, type System, SYSTEMS } from '../envelope/envelope.constants';
import { INGESTER_ID_PATTERN } from '../envelope/envelope.schema';
import { MARKET_PATTERN } from '../market/market.schema';
import { describeValue } from '../validation/describe-value.util';
import { isVenue, type Venue, VENUES } from '../venue/venue.constants';
import {
  formatWindowLabel,
  minuteWindowStartUs,
  parseUtcDay,
  parseWindowLabel,
  utcDayOf,
} from './minute-window.util';

/**
 * Raw lake object keys:
 *
 *   raw/<system>/<type>/<venue>/<market>/year=YYYY/month=MM/day=DD/<venue>_<market>_<type>_<YYYYMMDDTHHmm>.ndjson.gz
 *
 * and, for a window an ingester did not see completely, its own partial key:
 *
 *   .../<venue>_<market>_<type>_<YYYYMMDDTHHmm>.partial.<ingesterId>.ndjson.gz
 *
 * The market is the normalized `BASE-QUOTE`, not the native symbol: Kraken's `XBT/USD` would
 * add a path level, and `_` separates file-name fields. A partial key always contains
 * `.partial.` and a canonical key never does, so the two cannot collide.
 */
export const LAKE_ROOT = 'raw';
export const LAKE_FILE_EXTENSION = '.ndjson.gz';

export interface LakeKeyParts {
  readonly system: System;
  readonly type: DataType;
  readonly venue: Venue;
  /** Normalized market, e.g. `BTC-USDT`. */
  readonly market: string;
  /** Start of the minute window (epoch µs, on a minute boundary), from exchange timestamps. */
  readonly windowStartUs: number;
  /** Set for a partial window: the ingester that wrote it. */
  readonly partial?: { readonly ingesterId: string };
}

export interface LakeDayParts {
  readonly system: System;
  readonly type: DataType;
  readonly venue: Venue;
  readonly market: string;
  /** UTC day `YYYY-MM-DD`. */
  readonly day: string;
}

export class LakeKeyError extends Error {
  override readonly name = 'LakeKeyError';
}

const SYSTEM_SET: ReadonlySet<string> = new Set(SYSTEMS);
const TYPE_SET: ReadonlySet<string> = new Set(DATA_TYPES);

function checkCommonParts(parts: {
  system: unknown;
  type: unknown;
  venue: unknown;
  market: unknown;
}): void {
  if (typeof parts.system !== 'string' || !SYSTEM_SET.has(parts.system)) {
    throw new LakeKeyError(
      `Invalid lake key part system: expected one of ${SYSTEMS.join(', ')}, got ${describeValue(parts.system)}`,
    );
  }
  if (typeof parts.type !== 'string' || !TYPE_SET.has(parts.type)) {
    throw new LakeKeyError(
      `Invalid lake key part type: expected one of ${DATA_TYPES.join(', ')}, got ${describeValue(parts.type)}`,
    );
  }
  if (!isVenue(parts.venue)) {
    throw new LakeKeyError(
      `Invalid lake key part venue: expected one of ${VENUES.join(', ')}, got ${describeValue(parts.venue)}`,
    );
  }
  if (typeof parts.market !== 'string' || !MARKET_PATTERN.test(parts.market)) {
    throw new LakeKeyError(
      `Invalid lake key part market: expected a normalized market like "BTC-USDT", got ${describeValue(parts.market)}`,
    );
  }
}

function dayPath(day: string): string {
  return `year=${day.slice(0, 4)}/month=${day.slice(5, 7)}/day=${day.slice(8, 10)}`;
}

/** The canonical key parts of the window an event belongs to (by its exchange timestamp). */
export function lakeKeyPartsOf(event: {
  readonly system: System;
  readonly type: DataType;
  readonly venue: Venue;
  readonly market: string;
  readonly exchangeTimeUs: number;
}): LakeKeyParts {
  return {
    system: event.system,
    type: event.type,
    venue: event.venue,
    market: event.market,
    windowStartUs: minuteWindowStartUs(event.exchangeTimeUs),
  };
}

export function buildLakeKey(parts: LakeKeyParts): string {
  checkCommonParts(parts);
  let label: string;
  try {
    label = formatWindowLabel(parts.windowStartUs);
  } catch (error) {
    throw new LakeKeyError(`Invalid lake key part windowStartUs: ${(error as Error).message}`);
  }
  const ingesterId = parts.partial?.ingesterId;
  if (
    parts.partial !== undefined &&
    (typeof ingesterId !== 'string' || !INGESTER_ID_PATTERN.test(ingesterId))
  ) {
    throw new LakeKeyError(
      `Invalid lake key part partial.ingesterId: expected 1-63 of A-Z a-z 0-9 _ -, got ${describeValue(ingesterId)}`,
    );
  }
  const { system, type, venue, market } = parts;
  const stem = `${venue}_${market}_${type}_${label}`;
  const file = ingesterId === undefined ? stem : `${stem}.partial.${ingesterId}`;
  return `${LAKE_ROOT}/${system}/${type}/${venue}/${market}/${dayPath(utcDayOf(parts.windowStartUs))}/${file}${LAKE_FILE_EXTENSION}`;
}

/** The prefix shared by every key (canonical and partial) of one system/type/venue/market/day. */
export function lakeDayPrefix(parts: LakeDayParts): string {
  checkCommonParts(parts);
  try {
    parseUtcDay(parts.day);
  } catch (error) {
    throw new LakeKeyError(`Invalid lake key part day: ${(error as Error).message}`);
  }
  const { system, type, venue, market, day } = parts;
  return `${LAKE_ROOT}/${system}/${type}/${venue}/${market}/${dayPath(day)}/`;
}

const FILE_NAME =
  /^([^_]+)_([^_]+)_(trade|book_delta|book_snapshot)_([0-9]{8}T[0-9]{4})(?:\.partial\.([^./]+))?\.ndjson\.gz$/;

const LAYOUT =
  'raw/<system>/<type>/<venue>/<market>/year=YYYY/month=MM/day=DD/<venue>_<market>_<type>_<YYYYMMDDTHHmm>[.partial.<ingesterId>].ndjson.gz';

export function parseLakeKey(key: string): LakeKeyParts {
  const fail: (reason: string) => never = (reason) => {
    // The whole key, not a shortened one: the fault is usually in the file name at its end.
    const shown = typeof key === 'string' ? JSON.stringify(key) : describeValue(key);
    throw new LakeKeyError(`Invalid lake key ${shown}: ${reason}`);
  };
  if (typeof key !== 'string') fail('expected a string');
  const segments = key.split('/');
  if (segments.length !== 9) {
    fail(`expected 9 path segments (${LAYOUT}), got ${segments.length}`);
  }
  const [root, system, type, venue, market, year, month, day, file] = segments as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (root !== LAKE_ROOT)
    fail(`expected it to start with "${LAKE_ROOT}/", got ${describeValue(root)}`);
  if (!SYSTEM_SET.has(system)) {
    fail(`system ${describeValue(system)} is not one of ${SYSTEMS.join(', ')}`);
  }
  if (!TYPE_SET.has(type))
    fail(`type ${describeValue(type)} is not one of ${DATA_TYPES.join(', ')}`);
  if (!isVenue(venue)) fail(`venue ${describeValue(venue)} is not one of ${VENUES.join(', ')}`);
  if (!MARKET_PATTERN.test(market)) {
    fail(`market ${describeValue(market)} is not a normalized market like "BTC-USDT"`);
  }
  const y = /^year=([0-9]{4})$/.exec(year)?.[1];
  const mo = /^month=([0-9]{2})$/.exec(month)?.[1];
  const d = /^day=([0-9]{2})$/.exec(day)?.[1];
  if (y === undefined) fail(`segment ${describeValue(year)} is not year=YYYY`);
  if (mo === undefined) fail(`segment ${describeValue(month)} is not month=MM`);
  if (d === undefined) fail(`segment ${describeValue(day)} is not day=DD`);
  const match = FILE_NAME.exec(file);
  if (!match) {
    fail(
      `file name ${describeValue(file)} is not <venue>_<market>_<type>_<YYYYMMDDTHHmm>[.partial.<ingesterId>].ndjson.gz`,
    );
  }
  const [, fileVenue, fileMarket, fileType, label, ingesterId] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  if (fileVenue !== venue)
    fail(`file name venue ${describeValue(fileVenue)} differs from path venue "${venue}"`);
  if (fileMarket !== market) {
    fail(`file name market ${describeValue(fileMarket)} differs from path market "${market}"`);
  }
  if (fileType !== type)
    fail(`file name type ${describeValue(fileType)} differs from path type "${type}"`);
  let windowStartUs = 0;
  try {
    windowStartUs = parseWindowLabel(label);
  } catch {
    fail(`window ${describeValue(label)} is not a real UTC minute`);
  }
  const windowDay = utcDayOf(windowStartUs);
  if (windowDay !== `${y}-${mo}-${d}`) {
    fail(`window ${label} belongs to day ${windowDay}, not to year=${y}/month=${mo}/day=${d}`);
  }
  if (ingesterId !== undefined && !INGESTER_ID_PATTERN.test(ingesterId)) {
    fail(`partial ingester id ${describeValue(ingesterId)} is not 1-63 of A-Z a-z 0-9 _ -`);
  }
  const parts = {
    system: system as System,
    type: type as DataType,
    venue: venue as Venue,
    market,
    windowStartUs,
  };
  return ingesterId === undefined ? parts : { ...parts, partial: { ingesterId } };
}

export type LakeKeyParseResult =
  | { readonly success: true; readonly data: LakeKeyParts }
  | { readonly success: false; readonly error: LakeKeyError };

/** For listings that may contain foreign objects: no throw, the reason in `error.message`. */
export function safeParseLakeKey(key: string): LakeKeyParseResult {
  try {
    return { success: true, data: parseLakeKey(key) };
  } catch (error) {
    if (error instanceof LakeKeyError) return { success: false, error };
    throw error;
  }
}
