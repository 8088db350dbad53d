import { isDecimalString } from '../decimal/decimal.schema';
import { isMarket, isSymbol } from '../market/market.schema';
import { isEpochMicros } from '../time/epoch-micros.schema';
import { isVenue } from '../venue/venue.constants';
import { ENVELOPE_VERSION } from './envelope.constants';
import {
  CHECKSUM_MAX,
  CHECKSUM_MIN,
  type Envelope,
  INGESTER_ID_PATTERN,
  TRADE_ID_PATTERN,
} from './envelope.schema';

// A hand-written twin of `envelopeSchema` for the hot path (validator, ingester self-check).
// It only ever answers "certainly valid"; anything it does not accept goes to zod, which gives
// the verdict and the error message. So it must never accept what zod rejects: the spec
// `envelope-fast-check.util.spec.ts` checks both agree on thousands of generated inputs.

const BASE_KEYS = [
  'v',
  'venue',
  'symbol',
  'market',
  'type',
  'exchangeTimeUs',
  'receiveTimeUs',
  'seqId',
  'firstUpdateId',
  'lastUpdateId',
  'prevId',
  'checksum',
  'system',
  'ingesterId',
  'payload',
];
const ENVELOPE_KEYS: ReadonlySet<string> = new Set(BASE_KEYS);
const TRADE_KEYS: ReadonlySet<string> = new Set(['price', 'size', 'side', 'tradeId']);
const DELTA_KEYS: ReadonlySet<string> = new Set(['bids', 'asks']);
const SNAPSHOT_KEYS: ReadonlySet<string> = new Set(['depth', 'bids', 'asks']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
  );
}

function hasOnlyKeys(value: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  for (const key in value) {
    if (!allowed.has(key)) return false;
  }
  return true;
}

function isOptionalSequence(value: unknown): boolean {
  return value === undefined || (typeof value === 'number' && Number.isSafeInteger(value));
}

function isBookSide(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const level: unknown = value[i];
    if (
      !Array.isArray(level) ||
      level.length !== 2 ||
      !isDecimalString(level[0]) ||
      !isDecimalString(level[1])
    ) {
      return false;
    }
  }
  return true;
}

function isTradePayload(value: unknown): boolean {
  if (!isPlainObject(value) || !hasOnlyKeys(value, TRADE_KEYS)) return false;
  const side = value['side'];
  const tradeId = value['tradeId'];
  return (
    isDecimalString(value['price']) &&
    isDecimalString(value['size']) &&
    (side === 'buy' || side === 'sell') &&
    (tradeId === undefined || (typeof tradeId === 'string' && TRADE_ID_PATTERN.test(tradeId)))
  );
}

function isBookDeltaPayload(value: unknown): boolean {
  return (
    isPlainObject(value) &&
    hasOnlyKeys(value, DELTA_KEYS) &&
    isBookSide(value['bids']) &&
    isBookSide(value['asks'])
  );
}

function isBookSnapshotPayload(value: unknown): boolean {
  if (!isPlainObject(value) || !hasOnlyKeys(value, SNAPSHOT_KEYS)) return false;
  const depth = value['depth'];
  return (
    (depth === undefined ||
      (typeof depth === 'number' && Number.isSafeInteger(depth) && depth >= 1)) &&
    isBookSide(value['bids']) &&
    isBookSide(value['asks'])
  );
}

/** True only if `value` is a valid envelope; `false` means "ask zod", not "invalid". */
export function isEnvelopeFast(value: unknown): value is Envelope {
  if (!isPlainObject(value) || !hasOnlyKeys(value, ENVELOPE_KEYS)) return false;
  const system = value['system'];
  const ingesterId = value['ingesterId'];
  const checksum = value['checksum'];
  if (
    value['v'] !== ENVELOPE_VERSION ||
    !isVenue(value['venue']) ||
    !isSymbol(value['symbol']) ||
    !isMarket(value['market']) ||
    !isEpochMicros(value['exchangeTimeUs']) ||
    !isEpochMicros(value['receiveTimeUs']) ||
    !isOptionalSequence(value['seqId']) ||
    !isOptionalSequence(value['firstUpdateId']) ||
    !isOptionalSequence(value['lastUpdateId']) ||
    !isOptionalSequence(value['prevId']) ||
    !(
      checksum === undefined ||
      (typeof checksum === 'number' &&
        Number.isSafeInteger(checksum) &&
        checksum >= CHECKSUM_MIN &&
        checksum <= CHECKSUM_MAX)
    ) ||
    (system !== 'primary' && system !== 'replica') ||
    typeof ingesterId !== 'string' ||
    !INGESTER_ID_PATTERN.test(ingesterId)
  ) {
    return false;
  }
  switch (value['type']) {
    case 'trade':
      return isTradePayload(value['payload']);
    case 'book_delta':
      return isBookDeltaPayload(value['payload']);
    case 'book_snapshot':
      return isBookSnapshotPayload(value['payload']);
    default:
      return false;
  }
}
