import { existsSync } from 'node:fs';
import path from 'node:path';

import { readCapture } from '@tickline/venues';

import type { CaptureFile } from '../../src/recording/capture-import.util';

/**
 * The real captures live next to the repository (`../shared/fixtures/venues` from its root).
 * Tests may read them; the shipped server never does.
 */
export const FIXTURES_DIR = path.resolve(__dirname, '../../../..', '../shared/fixtures/venues');

export function fixturePath(file: string): string {
  const full = path.join(FIXTURES_DIR, file);
  if (!existsSync(full)) {
    throw new Error(`Venue capture ${file} not found in ${FIXTURES_DIR}`);
  }
  return full;
}

export function captureFiles(...files: string[]): CaptureFile[] {
  return files.map((file) => ({ name: file, lines: readCapture(fixturePath(file)) }));
}

/** Capture files per venue, as the recordings build script groups them. */
export const VENUE_CAPTURES = {
  binance: ['BINANCE.ws.1.0', 'BINANCE.http.0.0'],
  bitstamp: ['BITSTAMP.ws.1.0', 'BITSTAMP.http.0.0'],
  coinbase: ['COINBASE.ws.28.0'],
  kraken: ['KRAKEN.ws.50.0', 'KRAKEN.ws.48.0'],
  okx: ['OKX.ws.1.0'],
} as const;
