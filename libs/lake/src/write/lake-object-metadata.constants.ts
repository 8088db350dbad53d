/**
 * User metadata on every lake object (`x-amz-meta-<name>`). Metadata is not part of the object's
 * bytes or ETag, so it may differ between replicas: on a canonical key it is the first writer's.
 */
export const LAKE_METADATA = {
  /** Layout version of the object body; `1` = gzip of replica-neutral canonical NDJSON. */
  format: 'lake-format',
  /** sha256 (hex) of the uncompressed NDJSON: the content identity used to verify dedup hits. */
  contentSha256: 'content-sha256',
  events: 'events',
  /** The ingester that wrote the object. */
  writer: 'writer',
  /** `canonical` or `partial`. */
  kind: 'window-kind',
  /** Comma-separated partial reasons. */
  partialReasons: 'partial-reasons',
  /** `<min>..<max>` receive time minus exchange time over the window, µs, on the writer. */
  receiveLag: 'receive-lag-us',
  /** `true` on a partial object merged from several writes of its ingester. */
  merged: 'merged',
} as const;

export const LAKE_FORMAT_VERSION = '1';
export const LAKE_CONTENT_TYPE = 'application/gzip';
