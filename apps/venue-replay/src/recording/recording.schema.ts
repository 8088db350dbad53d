import { venueSchema } from '@tickline/domain';
import { z } from 'zod';

import { RECORD_ROLES, STREAM_KINDS } from '../venues/venue-codec';

/** First line of every recording file. */
export const RECORDING_FORMAT = 'tickline-venue-recording';
export const RECORDING_VERSION = 1;

export const streamInfoSchema = z.object({
  key: z.string().min(1),
  symbol: z.string().min(1),
  channel: z.string().min(1),
  kind: z.enum(STREAM_KINDS),
  channelId: z.number().int().optional(),
  depth: z.number().int().positive().optional(),
});

export const recordingHeaderSchema = z.object({
  format: z.literal(RECORDING_FORMAT),
  version: z.literal(RECORDING_VERSION),
  venue: venueSchema,
  /** Short identifier, e.g. `binance-capture`, `bybit-synthetic`. */
  name: z.string().min(1),
  description: z.string().optional(),
  /** Capture files (base names) or generator settings the recording was made from. */
  sources: z.array(z.string()),
  synthetic: z.boolean(),
  /** Receipt time of the first and last record, epoch microseconds. */
  startUs: z.number().int().nonnegative(),
  endUs: z.number().int().nonnegative(),
  recordCount: z.number().int().nonnegative(),
  streams: z.array(streamInfoSchema),
});

/**
 * One line after the header: receipt time `t` (epoch microseconds), stream key `s`, role `r`
 * (see RECORD_ROLES) and the frame or REST body `f`, byte for byte as the venue sent it.
 */
export const recordingRecordSchema = z.object({
  t: z.number().int().nonnegative(),
  s: z.string().min(1),
  r: z.enum(RECORD_ROLES),
  f: z.string(),
});

export type RecordingHeader = z.output<typeof recordingHeaderSchema>;
export type RecordingRecord = z.output<typeof recordingRecordSchema>;

export interface Recording {
  readonly header: RecordingHeader;
  readonly records: readonly RecordingRecord[];
}
