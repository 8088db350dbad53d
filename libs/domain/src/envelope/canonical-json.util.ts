import { safeParseJsonText, safeParseWithSchema } from '../validation/parse-with-schema.util';
import type { SafeParseResult } from '../validation/schema-validation.error';
import {
  type BookLevel,
  type Envelope,
  type ReplicaNeutralEnvelope,
  replicaNeutralEnvelopeSchema,
} from './envelope.schema';
import { safeParseEnvelope } from './parse-envelope.util';

/**
 * Fields that differ between two ingesters that saw the very same venue stream: the local
 * receive clock and the ingester's own id. Everything else in an envelope is a function of the
 * venue's message, so a serialization without these two is byte-identical across replicas.
 */
export const LOCAL_ENVELOPE_FIELDS = ['receiveTimeUs', 'ingesterId'] as const;

export interface CanonicalJsonOptions {
  /**
   * Include `receiveTimeUs` and `ingesterId` (default true). Pass `false` for a replica-neutral
   * line, the form that lets redundant ingesters write byte-identical lake objects.
   */
  readonly localFields?: boolean;
}

const str = JSON.stringify;

function levelsJson(levels: readonly BookLevel[]): string {
  if (levels.length === 0) return '[]';
  let out = '[';
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] as BookLevel;
    out += (i === 0 ? '[' : ',[') + str(level[0]) + ',' + str(level[1]) + ']';
  }
  return out + ']';
}

function payloadJson(envelope: Envelope | ReplicaNeutralEnvelope): string {
  switch (envelope.type) {
    case 'trade': {
      const p = envelope.payload;
      return (
        '{"price":' +
        str(p.price) +
        ',"size":' +
        str(p.size) +
        ',"side":' +
        str(p.side) +
        (p.tradeId === undefined ? '' : ',"tradeId":' + str(p.tradeId)) +
        '}'
      );
    }
    case 'book_delta':
      return (
        '{"bids":' +
        levelsJson(envelope.payload.bids) +
        ',"asks":' +
        levelsJson(envelope.payload.asks) +
        '}'
      );
    case 'book_snapshot': {
      const p = envelope.payload;
      return (
        (p.depth === undefined ? '{' : '{"depth":' + p.depth + ',') +
        '"bids":' +
        levelsJson(p.bids) +
        ',"asks":' +
        levelsJson(p.asks) +
        '}'
      );
    }
  }
}

/**
 * Serializes a validated envelope with a fixed field order (the order of the schema), no
 * whitespace and absent optionals left out, so equal envelopes always give equal bytes.
 */
export function toCanonicalJson(envelope: Envelope, options?: CanonicalJsonOptions): string;
export function toCanonicalJson(
  envelope: ReplicaNeutralEnvelope,
  options: CanonicalJsonOptions & { readonly localFields: false },
): string;
export function toCanonicalJson(
  envelope: Envelope | ReplicaNeutralEnvelope,
  options?: CanonicalJsonOptions,
): string {
  const local = (options?.localFields ?? true) && 'receiveTimeUs' in envelope;
  let out =
    '{"v":' +
    envelope.v +
    ',"venue":' +
    str(envelope.venue) +
    ',"symbol":' +
    str(envelope.symbol) +
    ',"market":' +
    str(envelope.market) +
    ',"type":' +
    str(envelope.type) +
    ',"exchangeTimeUs":' +
    envelope.exchangeTimeUs;
  if (local) out += ',"receiveTimeUs":' + (envelope as Envelope).receiveTimeUs;
  if (envelope.seqId !== undefined) out += ',"seqId":' + envelope.seqId;
  if (envelope.firstUpdateId !== undefined) out += ',"firstUpdateId":' + envelope.firstUpdateId;
  if (envelope.lastUpdateId !== undefined) out += ',"lastUpdateId":' + envelope.lastUpdateId;
  if (envelope.prevId !== undefined) out += ',"prevId":' + envelope.prevId;
  if (envelope.checksum !== undefined) out += ',"checksum":' + envelope.checksum;
  out += ',"system":' + str(envelope.system);
  if (local) out += ',"ingesterId":' + str((envelope as Envelope).ingesterId);
  return out + ',"payload":' + payloadJson(envelope) + '}';
}

/** The parse counterpart of `toCanonicalJson` (full form): JSON text -> validated envelope. */
export function safeParseCanonicalJson(text: string): SafeParseResult<Envelope> {
  const json = safeParseJsonText(text, 'envelope');
  return json.success ? safeParseEnvelope(json.data) : json;
}

export function parseCanonicalJson(text: string): Envelope {
  const result = safeParseCanonicalJson(text);
  if (!result.success) throw result.error;
  return result.data;
}

/** The parse counterpart of `toCanonicalJson(envelope, { localFields: false })`. */
export function safeParseReplicaNeutralJson(text: string): SafeParseResult<ReplicaNeutralEnvelope> {
  const json = safeParseJsonText(text, 'replica-neutral envelope');
  return json.success
    ? safeParseWithSchema(replicaNeutralEnvelopeSchema, json.data, 'replica-neutral envelope')
    : json;
}

export function parseReplicaNeutralJson(text: string): ReplicaNeutralEnvelope {
  const result = safeParseReplicaNeutralJson(text);
  if (!result.success) throw result.error;
  return result.data;
}
