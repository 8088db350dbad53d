// Public API of @tickline/venues: one adapter per venue behind a common contract (subscriptions,
// message mapping to domain envelopes, REST snapshots, book-sync rules, checksums, heartbeats),
// and the capture-file format the venue replay server and the tests read.

export {
  CAPTURE_LINE_KINDS,
  CaptureFormatError,
  formatCaptureLine,
  parseCapture,
  parseCaptureLine,
  readCapture,
  safeParseCaptureLine,
  streamCapture,
} from './capture/capture-line.util';
export type {
  CaptureLine,
  CaptureLineKind,
  CaptureLineResult,
} from './capture/capture-line.util';
