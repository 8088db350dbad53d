import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The bundled real venue captures live next to the repository (`../shared/fixtures/venues`
 * relative to the repository root) on every machine and in CI.
 */
export const FIXTURES_DIR = path.resolve(__dirname, '../../..', '../shared/fixtures/venues');

export function fixturePath(file: string): string {
  const full = path.join(FIXTURES_DIR, file);
  if (!existsSync(full)) {
    throw new Error(`Venue capture ${file} not found in ${FIXTURES_DIR}`);
  }
  return full;
}
