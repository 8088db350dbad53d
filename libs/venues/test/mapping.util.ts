import type { Envelope } from '@tickline/domain';

import type { MapResult } from '../src/core/map-result.type';
import type { VenueMappingError } from '../src/core/venue-mapping.error';

export const CONTEXT = { system: 'primary', ingesterId: 'ingestor-0' } as const;

/** The envelopes of a result, failing the test when the frame did not map to data. */
export function eventsOf(result: MapResult): Envelope[] {
  if (result.kind !== 'events') {
    throw new Error(
      `expected envelopes, got ${result.kind === 'error' ? result.error.message : `ignored (${result.reason})`}`,
    );
  }
  return result.events;
}

export function errorOf(result: MapResult): VenueMappingError {
  if (result.kind !== 'error') throw new Error(`expected a mapping error, got ${result.kind}`);
  return result.error;
}

export function json(value: unknown): string {
  return JSON.stringify(value);
}
