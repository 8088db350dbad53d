import type { Venue } from '@tickline/domain';

/** Why a venue frame could not be mapped. A closed set, so metrics and alerts can count by it. */
export const MAPPING_ERROR_REASONS = [
  /** The frame is not JSON (garbage, truncated text). */
  'invalid_json',
  /** JSON of a kind this venue never sends: no known event, channel or control message. */
  'unknown_message',
  /** A known message with a missing field or a field of the wrong type. */
  'unexpected_shape',
  /** A price or size that is not a plain non-negative decimal string ("0.-10000", "NaN", 1e-8). */
  'invalid_decimal',
  /** A timestamp that is missing, not finite, or outside the exact microsecond range. */
  'invalid_timestamp',
  /** A sequence id or checksum that is not a safe integer in range. */
  'invalid_number',
  /** A symbol the adapter cannot turn into a normalized market (configure `markets`). */
  'unknown_symbol',
] as const;
export type MappingErrorReason = (typeof MAPPING_ERROR_REASONS)[number];

const MAX_FRAME_EXCERPT = 120;

/**
 * A venue frame that could not be mapped. Mappers return it (they never throw), so the caller
 * can count it by venue and reason, alert, and keep going; `frameExcerpt` holds the start of the
 * offending frame for the log line or dead-letter record.
 */
export class VenueMappingError extends Error {
  override readonly name = 'VenueMappingError';
  readonly frameExcerpt: string;

  constructor(
    readonly venue: Venue,
    readonly reason: MappingErrorReason,
    /** One sentence: what was expected and what came. */
    readonly detail: string,
    /** Where in the frame, e.g. `data.b[0][1]`; absent when it concerns the whole frame. */
    readonly path?: string,
    frame?: string,
  ) {
    super(`${venue} ${reason}${path ? ` at ${path}` : ''}: ${detail}`);
    this.frameExcerpt =
      frame === undefined
        ? ''
        : frame.length > MAX_FRAME_EXCERPT
          ? `${frame.slice(0, MAX_FRAME_EXCERPT)}…`
          : frame;
  }

  /** The same error with the frame it came from attached. */
  withFrame(frame: string): VenueMappingError {
    return new VenueMappingError(this.venue, this.reason, this.detail, this.path, frame);
  }
}
