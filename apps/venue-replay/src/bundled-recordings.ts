import { join } from 'node:path';

/**
 * The recordings the app ships with (`apps/venue-replay/recordings`), built from the bundled
 * captures by `scripts/build-recordings.ts`. Resolved from this file, so it works from `src`
 * (tests) and from `dist` (the built app) alike.
 */
export const BUNDLED_RECORDINGS_DIR = join(__dirname, '..', 'recordings');
