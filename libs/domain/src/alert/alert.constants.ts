import { z } from 'zod';

import { expecting } from '../validation/schema-messages.util';

/** What went wrong. Each kind maps to one metric label and one runbook entry. */
export const ALERT_KINDS = [
  /** Non-contiguous sequence ids: messages were lost between the venue and us. */
  'gap',
  /** The venue's book checksum disagrees with the book we built. */
  'checksum_mismatch',
  /** A message seen before (redundant ingesters, replays). Usually info, counted. */
  'duplicate',
  /** A sequence id lower than the last one applied. */
  'out_of_order',
  /** Best bid at or above best ask after applying an update. */
  'crossed_book',
  /** A price or size that is zero, negative or not finite where it must be positive. */
  'bad_number',
  /** Exchange timestamp too far in the past compared with the receive time. */
  'stale_timestamp',
  /** Exchange timestamp ahead of the receive time beyond the allowed clock skew. */
  'future_timestamp',
  /** Input failed schema validation (and went to the dead-letter topic). */
  'schema_error',
  /** A lake minute window was written under its partial key (missed start or gap inside). */
  'partial_window',
  /** A venue connection dropped and was re-established. */
  'reconnect',
  /** A book was rebuilt from a fresh snapshot after a gap or checksum failure. */
  'resync',
  /** Events were dropped on purpose (back-pressure, buffer overflow, unsynced book). */
  'drop',
  /** A market has not updated for longer than its staleness threshold. */
  'stale_market',
  /** A subscriber export of a revision failed for good (after its retries); re-runnable. */
  'export_failed',
  /** A publish run (daily file or upload) failed at one of its steps. */
  'publish_failed',
  /** Input the publisher set aside: a bad lake object or line, an unpublishable upload. */
  'quarantined_input',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const alertKindSchema = z.enum(
  ALERT_KINDS,
  expecting(`an alert kind (${ALERT_KINDS.join(', ')})`),
);

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const alertSeveritySchema = z.enum(
  ALERT_SEVERITIES,
  expecting(`one of ${ALERT_SEVERITIES.join(', ')}`),
);
