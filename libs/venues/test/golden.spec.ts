import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Venue } from '@tickline/domain';

import { createVenueAdapter } from '../src/registry';
import { goldenText, normalizeCapture } from './golden.util';

// Golden-file tests: every line of every bundled capture goes through its venue's mapper and
// the normalized output must equal test/golden/<capture>.golden.ndjson. After an intended
// mapping change, regenerate with `UPDATE_GOLDEN=1 npx nx run venues:test` and review the diff.

const GOLDEN_DIR = path.join(__dirname, 'golden');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

const CAPTURES: readonly [Venue, string][] = [
  ['binance', 'BINANCE.ws.1.0'],
  ['binance', 'BINANCE.http.0.0'],
  ['coinbase', 'COINBASE.ws.28.0'],
  ['kraken', 'KRAKEN.ws.48.0'],
  ['kraken', 'KRAKEN.ws.50.0'],
  ['bitstamp', 'BITSTAMP.ws.1.0'],
  ['bitstamp', 'BITSTAMP.http.0.0'],
  ['okx', 'OKX.ws.1.0'],
];

describe.each(CAPTURES)('%s capture %s', (venue, capture) => {
  const normalized = normalizeCapture(createVenueAdapter(venue), capture);
  const file = path.join(GOLDEN_DIR, `${capture}.golden.ndjson`);

  it('maps every frame to envelopes the domain schema accepts, or to a named reason', () => {
    expect(normalized.invalidEnvelopes).toEqual([]);
    // Real captures hold no malformed frames: every frame is data or a named non-data frame.
    expect(normalized.lines.filter((line) => line.category.startsWith('error:'))).toEqual([]);
    expect(normalized.inputs).toBeGreaterThan(0);
  });

  it('matches the golden file', () => {
    const actual = goldenText(normalized);
    if (UPDATE) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(file, actual);
    }
    if (!existsSync(file))
      throw new Error(`${file} is missing; run with UPDATE_GOLDEN=1 to create it`);
    const expected = readFileSync(file, 'utf8').split('\n');
    const lines = actual.split('\n');
    // Header first (counts and the hash of the full output), then sample by sample.
    expect(JSON.parse(lines[0] as string)).toEqual(JSON.parse(expected[0] as string));
    expect(lines).toEqual(expected);
  });
});
